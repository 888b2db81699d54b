"""Retention of the privacy app's own records: export files after 7 days, the admin's access log after a year,
and the proof of consent 5 years after the account was anonymised."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings

from privacy.analytics.models import CookieChoice, CookieChoiceProof
from privacy.cancellation.services import account_anonymise
from privacy.models import ConsentRecord, ExportJob, PiiAccessLog, PolicyAcceptance, PolicyNoticeShown
from tests.accounts.factories import StaffFactory, UserFactory
from tests.retention.conftest import NOW, at
from tests.retention.factories import access_log_entry, ready_export

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
FIVE_YEARS = timedelta(days=5 * 365)


def test_an_export_file_and_its_job_go_7_days_after_it_was_built(purge, django_capture_on_commit_callbacks):
    # given
    user = UserFactory()
    old = ready_export(user=user, finished_at=NOW - timedelta(days=7) - SECOND)
    recent = ready_export(user=user, finished_at=NOW - timedelta(days=7) + SECOND)
    old_file = Path(settings.PRIVACY_EXPORT_ROOT) / old.file.name
    assert old_file.exists()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        run = purge("export_file")

    # then
    assert list(ExportJob.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not old_file.exists()
    assert (Path(settings.PRIVACY_EXPORT_ROOT) / recent.file.name).exists()
    assert (run.examined, run.deleted) == (1, 1)


def test_the_access_log_keeps_a_year(purge):
    # given
    staff = StaffFactory()
    with at(NOW - timedelta(days=365) - SECOND):
        old = access_log_entry(staff=staff, about=staff)
    with at(NOW - timedelta(days=365) + SECOND):
        recent = access_log_entry(staff=staff, about=staff)

    # when
    run = purge("pii_access_log")

    # then
    assert list(PiiAccessLog.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not PiiAccessLog.objects.filter(pk=old.pk).exists()
    assert run.deleted == 1


def _accepted(user, version, moment):
    with at(moment):
        acceptance = PolicyAcceptance.objects.create(
            user=user, version=version, body_digest=version.body_digest, channel="signup"
        )
        ConsentRecord.objects.create(user=user, purpose="personalisation", granted=True, channel="web")
        PolicyNoticeShown.objects.create(user=user, version=version)
    return acceptance


def test_consent_proof_goes_5_years_after_the_account_was_anonymised_not_before(purge, published_policy):
    # given three accounts that accepted long ago: one still alive, two anonymised at different times
    alive, gone_long_ago, gone_recently = UserFactory(), UserFactory(), UserFactory()
    for user in (alive, gone_long_ago, gone_recently):
        _accepted(user, published_policy, NOW - timedelta(days=4000))
    with at(NOW - FIVE_YEARS - SECOND):
        account_anonymise(user_id=gone_long_ago.pk, trigger="cessation")
    with at(NOW - FIVE_YEARS + SECOND):
        account_anonymise(user_id=gone_recently.pk, trigger="cessation")

    # when
    runs = [
        purge(category) for category in ("consent_proof_acceptance", "consent_proof_consent", "consent_proof_notice")
    ]

    # then
    for model in (PolicyAcceptance, ConsentRecord, PolicyNoticeShown):
        assert set(model.objects.values_list("user_id", flat=True)) == {alive.pk, gone_recently.pk}
    assert [run.deleted for run in runs] == [1, 1, 1]


def test_proof_whose_account_row_is_gone_counts_from_its_own_date(purge, published_policy):
    # given proofs detached from a deleted account (its user column emptied), one on each side of 5 years
    user = UserFactory()
    old = _accepted(user, published_policy, NOW - FIVE_YEARS - SECOND)
    other_version = type(published_policy).objects.create(
        version="2030-01", title="v", body="b", published_at=NOW - FIVE_YEARS, effective_at=NOW - FIVE_YEARS
    )
    recent = _accepted(user, other_version, NOW - FIVE_YEARS + SECOND)
    PolicyAcceptance.objects.filter(user=user).update(user=None)

    # when
    run = purge("consent_proof_acceptance")

    # then
    assert list(PolicyAcceptance.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not PolicyAcceptance.objects.filter(pk=old.pk).exists()
    assert run.deleted == 1


@pytest.mark.promise("E1")
def test_an_anonymous_visitors_cookie_choice_proof_goes_two_years_after_the_choice(purge):
    # given a proof of a choice made two years and a day ago, and one made last month
    with at(NOW - timedelta(days=2 * 365 + 1)):
        old = CookieChoiceProof.objects.create(visitor_ref="a" * 64, choice=CookieChoice.ALL, user_agent="Old/1.0")
    with at(NOW - timedelta(days=30)):
        recent = CookieChoiceProof.objects.create(visitor_ref="b" * 64, choice=CookieChoice.ESSENTIAL)

    # when
    run = purge("cookie_proof_anonymous")

    # then
    assert list(CookieChoiceProof.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not CookieChoiceProof.objects.filter(pk=old.pk).exists()
    assert (run.examined, run.deleted) == (1, 1)
