"""Retention declarations: every registry retention key is covered, and a wrong declaration fails at startup."""

from datetime import timedelta

import pytest
from celery.schedules import crontab
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

from privacy import registry
from privacy.registry import RetentionAction, RetentionPolicy, RetentionRegistry, retention_policies, retention_policy
from privacy.retention.selectors import retention_default_days
from privacy.retention.tasks import purge_all, purge_category


@pytest.mark.promise("E1")
def test_every_retention_key_of_the_registry_has_a_policy_or_a_reason():
    # when
    uncovered = registry.uncovered_retention_keys()

    # then
    assert not uncovered, (
        f"Retention keys with no policy: {uncovered}. Declare a RetentionPolicy on a model of each key with "
        "register_retention(...) in its app's personal_data.py, or retention_exempt(key, reason=...)."
    )


def test_the_promised_rules_are_declared():
    # when
    declared = {policy.category: policy for policy in retention_policies()}

    # then
    expected = {
        "cart_anonymous": ("shop.Cart", RetentionAction.DELETE),
        "history": ("shop.HistoryEntry", RetentionAction.DELETE),
        "signup_unverified": ("accounts.User", RetentionAction.DELETE),
        "order_cancelled_unpaid": ("orders.Order", RetentionAction.DELETE),
        "order_closed": ("orders.Order", RetentionAction.ANONYMISE),
        "account_inactive": ("accounts.User", RetentionAction.ANONYMISE),
        "export_file": ("privacy.ExportJob", RetentionAction.DELETE),
        "pii_access_log": ("privacy.PiiAccessLog", RetentionAction.DELETE),
        "consent_proof_acceptance": ("privacy.PolicyAcceptance", RetentionAction.DELETE),
        "consent_proof_consent": ("privacy.ConsentRecord", RetentionAction.DELETE),
    }
    for category, (model, action) in expected.items():
        assert (declared[category].model, declared[category].action) == (model, action), category
    assert declared["account_inactive"].warn_before == timedelta(days=30)


def test_the_default_periods_in_settings_name_declared_categories():
    # when
    unknown = set(settings.PRIVACY_RETENTION_DEFAULTS) - {policy.category for policy in retention_policies()}

    # then: the settings only override (none by default); the period itself is declared with its category
    assert not unknown
    assert settings.PRIVACY_RETENTION_DEFAULTS == {}
    assert retention_default_days(retention_policy("history")) == 180


def test_the_purge_is_on_the_beat_schedule_and_survives_a_lost_worker():
    # when
    entry = settings.CELERY_BEAT_SCHEDULE["privacy-retention-purge"]

    # then
    assert entry["task"] == purge_all.name == "privacy.retention.purge_all"
    assert entry["schedule"] == crontab(minute="30", hour="3")
    for task in (purge_all, purge_category):
        assert task.acks_late and task.reject_on_worker_lost


def _policy(**overrides) -> RetentionPolicy:
    fields = {
        "category": "test_history",
        "model": "shop.HistoryEntry",
        "date_field": "created_at",
        "default_period": timedelta(days=10),
        "action": RetentionAction.DELETE,
    }
    return RetentionPolicy(**{**fields, **overrides})


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"category": "Bad-Name"}, "lower-case letters"),
        ({"model": "shop.Product"}, "not declared in the personal-data registry"),
        ({"date_field": "nope"}, "has no field 'nope'"),
        ({"date_field": "kind"}, "must end at a date"),
        ({"date_field": "user__email"}, "must end at a date"),
        ({"date_fallback": "product__nope"}, "has no field 'nope'"),
        ({"default_period": timedelta(hours=5)}, "at least one day"),
        ({"action": RetentionAction.ANONYMISE}, "use RetentionAction.DELETE"),
        ({"warn_before": timedelta(days=1)}, "needs a warning_template"),
        ({"warn_before": timedelta(days=20), "warning_template": "x"}, "within the period"),
        ({"filter": {"user": None}}, "must be a Q object"),
    ],
)
def test_a_wrong_policy_is_refused_with_the_reason(overrides, message):
    # given
    retention = RetentionRegistry(registry.site)

    # when / then
    with pytest.raises(ImproperlyConfigured, match=message):
        retention.register(_policy(**overrides))


def test_a_category_is_registered_once_and_a_key_exempted_once_with_a_reason():
    # given
    retention = RetentionRegistry(registry.site)
    stored = retention.register(_policy(filter=Q(kind="search"), date_field="user__last_login"))

    # when / then
    assert stored.label == "Test history"
    with pytest.raises(ImproperlyConfigured, match="registered twice"):
        retention.register(_policy())
    with pytest.raises(ImproperlyConfigured, match="needs a reason"):
        retention.exempt("history", reason=" ")
    retention.exempt("cart", reason="Goes with the account.")
    with pytest.raises(ImproperlyConfigured, match="exempted twice"):
        retention.exempt("cart", reason="Again.")
    assert retention.policy("test_history") is stored
    assert "address_book" in retention.uncovered_keys()
    assert "history" not in retention.uncovered_keys()
