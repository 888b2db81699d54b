"""Purge runs: the daily fan-out, ops' overrides and pauses, the time budget, and a run resumed after a crash."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command

from privacy.retention.errors import RetentionCategoryUnknown, RetentionRulePaused
from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from privacy.retention.services.rules import retention_rule_update
from privacy.retention.services.runs import purge_queue, purge_run_create, purge_run_execute
from privacy.retention.tasks import purge_all, purge_category
from shop.models import HistoryEntry
from tests.accounts.factories import UserFactory
from tests.retention.conftest import NOW, at
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db


def _history(count: int, *, age: timedelta = timedelta(days=365)) -> list[HistoryEntry]:
    user = UserFactory()
    with at(NOW - age):
        return [HistoryEntryFactory(user=user) for _ in range(count)]


@pytest.mark.promise("E1")
def test_the_daily_job_queues_one_task_per_enabled_category(django_capture_on_commit_callbacks):
    # given
    _history(2)
    retention_rule_update(category="cart_anonymous", period_days=None, enabled=False)
    PurgeRun.objects.create(category="pii_access_log", triggered_by=PurgeTrigger.ADMIN, batch_size=10, queued_at=NOW)

    # when
    with at(NOW), django_capture_on_commit_callbacks(execute=True) as callbacks:
        queued = purge_all.delay().get()

    # then each enabled category got its own run (and task), but the paused one and the one already queued
    runs = PurgeRun.objects.filter(pk__in=queued)
    categories = set(runs.values_list("category", flat=True))
    assert len(callbacks) == len(queued) == len(categories)
    assert "history" in categories
    assert not categories & {"cart_anonymous", "pii_access_log"}
    assert set(runs.values_list("status", "triggered_by").distinct()) == {(PurgeStatus.COMPLETED, "schedule")}
    assert not HistoryEntry.objects.exists()


def test_an_ops_override_replaces_the_default_period(purge):
    # given
    kept = _history(1, age=timedelta(days=9))
    gone = _history(1, age=timedelta(days=11))
    retention_rule_update(category="history", period_days=10, enabled=True)

    # when
    run = purge("history")

    # then
    assert list(HistoryEntry.objects.values_list("pk", flat=True)) == [kept[0].pk]
    assert not HistoryEntry.objects.filter(pk=gone[0].pk).exists()
    assert run.period_days == 10


def test_a_paused_rule_purges_nothing_and_refuses_to_be_queued(purge):
    # given
    _history(1)
    retention_rule_update(category="history", period_days=None, enabled=False)

    # when / then
    with pytest.raises(RetentionRulePaused):
        purge_queue(category="history", triggered_by=PurgeTrigger.ADMIN)
    with at(NOW):
        call_command("purge_expired", "--category", "history", stdout=StringIO())
    assert HistoryEntry.objects.count() == 1
    assert not PurgeRun.objects.filter(dry_run=False).exists()


def test_a_rule_paused_after_its_run_was_queued_skips_the_run():
    # given
    _history(1)
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.ADMIN)
    retention_rule_update(category="history", period_days=None, enabled=False)

    # when
    with at(NOW):
        result = purge_category(run.pk)

    # then
    assert result["status"] == PurgeStatus.SKIPPED
    assert HistoryEntry.objects.count() == 1


def test_an_unknown_category_is_refused():
    # when / then
    with pytest.raises(RetentionCategoryUnknown):
        purge_queue(category="nothing_like_it", triggered_by=PurgeTrigger.ADMIN)


def test_a_task_out_of_time_queues_itself_again_and_the_same_run_finishes(settings):
    # given
    _history(5)
    settings.PRIVACY_RETENTION_TASK_BUDGET = 1e-9
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.SCHEDULE, batch_size=2)

    # when
    with at(NOW):
        purge_category.delay(run.pk)

    # then
    run.refresh_from_db()
    assert (run.status, run.examined, run.deleted) == (PurgeStatus.COMPLETED, 5, 5)
    assert PurgeRun.objects.count() == 1


class Crash(BaseException):
    """What a killed process looks like from inside: nothing after it runs."""


def test_a_run_cut_short_resumes_after_its_last_batch_and_counts_nothing_twice():
    # given a run that died after its first batch had committed
    _history(5)
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.SCHEDULE, batch_size=2)

    def die(_run):
        raise Crash()

    with at(NOW), pytest.raises(Crash):
        purge_run_execute(run_id=run.pk, on_batch=die)
    run.refresh_from_db()
    assert (run.status, run.examined, run.deleted, HistoryEntry.objects.count()) == (PurgeStatus.RUNNING, 2, 2, 3)

    # when the redelivered task runs it again, a day later even
    with at(NOW + timedelta(days=1)):
        purge_category(run.pk)

    # then it finished with the cutoff it started with, and every row is counted once
    run.refresh_from_db()
    assert (run.status, run.examined, run.deleted) == (PurgeStatus.COMPLETED, 5, 5)
    assert run.cutoff == NOW - timedelta(days=180)
    assert not HistoryEntry.objects.exists()


def test_a_finished_run_delivered_again_does_nothing():
    # given
    _history(2)
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.SCHEDULE)
    with at(NOW):
        purge_category(run.pk)
    _history(2)

    # when
    with at(NOW):
        result = purge_category(run.pk)

    # then
    assert (result["status"], result["deleted"]) == (PurgeStatus.COMPLETED, 2)
    assert HistoryEntry.objects.count() == 2


def test_an_unexpected_error_fails_the_run_with_the_class_only():
    # given
    _history(3)
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.COMMAND, batch_size=1)

    def explode(_run):
        raise RuntimeError("someone@example.com")

    # when
    with at(NOW), pytest.raises(RuntimeError):
        purge_run_execute(run_id=run.pk, on_batch=explode)

    # then
    run.refresh_from_db()
    assert (run.status, run.last_error, run.deleted) == (PurgeStatus.FAILED, "RuntimeError", 1)


def test_runs_without_a_sign_of_life_are_marked_interrupted_and_resume_if_delivered_again(
    django_capture_on_commit_callbacks,
):
    # given a run whose worker died an hour and a half ago
    _history(2)
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.SCHEDULE)
    PurgeRun.objects.filter(pk=run.pk).update(status=PurgeStatus.RUNNING, heartbeat_at=NOW - timedelta(minutes=90))

    # when the next daily job comes
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=False):
        purge_all()

    # then it is marked interrupted, a fresh run is queued, and a late redelivery still finishes the old one
    run.refresh_from_db()
    assert run.status == PurgeStatus.INTERRUPTED
    assert PurgeRun.objects.filter(category="history", status=PurgeStatus.QUEUED).count() == 1
    with at(NOW):
        purge_category(run.pk)
    run.refresh_from_db()
    assert (run.status, run.deleted) == (PurgeStatus.COMPLETED, 2)
