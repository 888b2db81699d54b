"""The ops' admin: rules with the default beside the override, run now, purge runs with filters and the chart."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger, RetentionRule
from shop.models import HistoryEntry
from tests.accounts.factories import StaffFactory, UserFactory
from tests.retention.conftest import at
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db

RULES = "admin:retention_retentionrule_changelist"
RUNS = "admin:retention_purgerun_changelist"


@pytest.fixture
def ops(client):
    client.force_login(StaffFactory())
    return client


def test_the_rules_list_has_a_row_per_policy_with_its_default_beside_the_override(ops):
    # given
    RetentionRule.objects.create(category="history", period_days=90)

    # when
    response = ops.get(reverse(RULES))

    # then
    assert response.status_code == 200
    page = response.content.decode()
    assert RetentionRule.objects.count() >= 13
    assert "180 days" in page and "90 days" in page and "3 years" in page
    assert "Search and browsing history" in page


def test_ops_change_the_period_and_see_the_default_on_the_form(ops):
    # given
    ops.get(reverse(RULES))
    rule = RetentionRule.objects.get(category="history")
    url = reverse("admin:retention_retentionrule_change", args=[rule.pk])

    # when
    form = ops.get(url).content.decode()
    saved = ops.post(url, {"period_days": "45", "enabled": "on"})
    refused = ops.post(url, {"period_days": "0", "enabled": "on"})

    # then
    assert "Default: 180 days" in form
    assert saved.status_code == 302
    rule.refresh_from_db()
    assert (rule.period_days, rule.enabled) == (45, True)
    assert refused.status_code == 200 and "greater than or equal to 1" in refused.content.decode()


def test_run_now_queues_the_category_to_celery(ops, django_capture_on_commit_callbacks):
    # given
    ops.get(reverse(RULES))
    with at(timezone.now() - timedelta(days=365)):
        HistoryEntryFactory(user=UserFactory())
    rule = RetentionRule.objects.get(category="history")

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ops.post(
            reverse(RULES), {"action": "run_now", "_selected_action": [rule.pk], "confirmed": "yes"}, follow=True
        )

    # then
    run = PurgeRun.objects.get()
    assert len(callbacks) == 1
    assert (run.category, run.triggered_by, run.status, run.deleted) == ("history", "admin", "completed", 1)
    assert f"Purge of history queued (purge run #{run.pk})" in response.content.decode()
    assert not HistoryEntry.objects.exists()


def test_run_now_of_a_paused_rule_is_refused_with_a_message(ops):
    # given
    ops.get(reverse(RULES))
    rule = RetentionRule.objects.get(category="history")
    RetentionRule.objects.filter(pk=rule.pk).update(enabled=False)

    # when
    response = ops.post(
        reverse(RULES), {"action": "run_now", "_selected_action": [rule.pk], "confirmed": "yes"}, follow=True
    )

    # then
    assert "This retention rule is paused" in response.content.decode()
    assert not PurgeRun.objects.exists()


def test_run_now_first_summarises_what_it_would_purge_and_queues_nothing(ops, django_capture_on_commit_callbacks):
    # given
    ops.get(reverse(RULES))
    rule = RetentionRule.objects.get(category="history")

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = ops.post(reverse(RULES), {"action": "run_now", "_selected_action": [rule.pk]})

    # then: a summary with the cut-off, and a form posting the action back confirmed
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please confirm: run the purge now" in html
    assert "rows dated on or before" in html and "are deleted" in html
    assert 'name="confirmed" value="yes"' in html
    assert callbacks == []
    assert not PurgeRun.objects.exists()


def _run(category: str, day_offset: int, *, deleted=0, anonymised=0, dry_run=False) -> PurgeRun:
    started = timezone.now() - timedelta(days=day_offset)
    return PurgeRun.objects.create(
        category=category,
        triggered_by=PurgeTrigger.SCHEDULE,
        status=PurgeStatus.COMPLETED,
        batch_size=1000,
        started_at=started,
        finished_at=started,
        deleted=deleted,
        anonymised=anonymised,
        dry_run=dry_run,
    )


def test_the_runs_page_charts_rows_purged_per_category_per_day_over_90_days(ops):
    # given
    _run("history", 1, deleted=1200)
    _run("order_closed", 1, anonymised=30)
    _run("history", 89, deleted=7)
    _run("history", 95, deleted=999_999)
    _run("history", 2, deleted=555_555, dry_run=True)

    # when
    page = ops.get(reverse(RUNS)).content.decode()
    chart = page[page.index('aria-labelledby="purge-chart-title"') : page.index("</section>")]

    # then
    today = timezone.localdate()
    assert "<svg" in chart and "Rows purged per category per day, last 90 days" in chart
    assert f"{(today - timedelta(days=1)):%Y-%m-%d} history: 1200</title>" in chart
    assert f"{(today - timedelta(days=1)):%Y-%m-%d} order_closed: 30</title>" in chart
    assert f"{(today - timedelta(days=89)):%Y-%m-%d} history: 7</title>" in chart
    assert chart.count("<rect") == 3
    assert "999" not in chart and "555" not in chart
    # the legend names each category by its policy's label
    assert "Search and browsing history: 1,207" in chart
    assert "Completed and refunded orders: personal fields, after they closed: 30" in chart


def test_the_runs_page_filters_by_category_and_status(ops):
    # given
    _run("history", 1, deleted=5)
    _run("order_closed", 1, anonymised=3)
    failed = _run("order_closed", 2)
    PurgeRun.objects.filter(pk=failed.pk).update(status=PurgeStatus.FAILED)

    # when
    response = ops.get(reverse(RUNS), {"category": "order_closed", "status": "failed"})

    # then
    assert list(response.context["cl"].result_list) == [PurgeRun.objects.get(pk=failed.pk)]


def test_the_runs_page_says_when_nothing_was_purged_and_runs_cannot_be_edited(ops):
    # given
    run = _run("history", 1)

    # when
    page = ops.get(reverse(RUNS)).content.decode()
    change = ops.post(reverse("admin:retention_purgerun_change", args=[run.pk]), {"deleted": "9"})

    # then
    assert "Nothing was purged in the last 90 days." in page
    assert change.status_code == 403
    assert PurgeRun.objects.get(pk=run.pk).deleted == 0


def test_a_shopper_cannot_reach_the_retention_admin(client):
    # given
    client.force_login(UserFactory())

    # when
    response = client.get(reverse(RULES))

    # then
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
