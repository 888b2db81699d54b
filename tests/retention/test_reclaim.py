"""A purge run whose worker died is reclaimed within minutes by the reclaim sweep (beat, every minute), not after
the broker's one-hour visibility timeout: it resumes after its last committed batch with exact counts, and a
run whose holder is still alive is never run by a second process."""

from datetime import timedelta

import psycopg
import pytest
from django.db import connection

from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from privacy.retention.services.runs import _LOCK_NAMESPACE, PurgeOutcome, purge_run_create, purge_run_execute
from privacy.retention.tasks import purge_reclaim_stale
from shop.models import HistoryEntry
from tests.accounts.factories import UserFactory
from tests.retention.conftest import NOW, at
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db


class Crash(BaseException):
    """Stands for the worker being killed between two batches."""


def _run_cut_short_after_one_batch() -> PurgeRun:
    user = UserFactory()
    with at(NOW - timedelta(days=365)):
        for _ in range(5):
            HistoryEntryFactory(user=user)
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.SCHEDULE, batch_size=2)

    def die(_run):
        raise Crash()

    with at(NOW), pytest.raises(Crash):
        purge_run_execute(run_id=run.pk, on_batch=die)
    run.refresh_from_db()
    assert (run.status, run.deleted) == (PurgeStatus.RUNNING, 2)
    return run


def test_a_run_without_a_heartbeat_for_minutes_is_resumed_by_the_sweep_with_exact_counts():
    # given a run whose worker died after its first batch
    run = _run_cut_short_after_one_batch()

    # when the sweep runs a minute later: the heartbeat is still fresh, nothing is reclaimed
    with at(NOW + timedelta(minutes=1)):
        assert purge_reclaim_stale() == []
    # and four minutes later it is reclaimed and (tasks run eagerly here) resumed to the end
    with at(NOW + timedelta(minutes=4)):
        reclaimed = purge_reclaim_stale()

    # then
    run.refresh_from_db()
    assert reclaimed == [run.pk]
    assert (run.status, run.examined, run.deleted) == (PurgeStatus.COMPLETED, 5, 5)
    assert not HistoryEntry.objects.exists()


def test_a_queued_run_whose_message_was_lost_is_sent_again():
    # given a run queued five minutes ago that no worker ever started
    user = UserFactory()
    with at(NOW - timedelta(days=365)):
        HistoryEntryFactory(user=user)
    with at(NOW - timedelta(minutes=5)):
        run = purge_run_create(category="history", triggered_by=PurgeTrigger.SCHEDULE)

    # when
    with at(NOW):
        reclaimed = purge_reclaim_stale()

    # then
    run.refresh_from_db()
    assert reclaimed == [run.pk]
    assert (run.status, run.deleted) == (PurgeStatus.COMPLETED, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_stale_run_still_held_by_a_live_process_is_not_run_twice():
    # given a run cut short, whose holder (another database session) is in fact still alive
    run = _run_cut_short_after_one_batch()
    settings = connection.settings_dict
    holder = psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
        dbname=settings["NAME"],
        autocommit=True,
    )
    try:
        holder.execute("SELECT pg_advisory_lock(%s, %s)", (_LOCK_NAMESPACE, run.pk % 2**31))

        # when the delivery the sweep sends for it arrives (run directly: eager tasks would retry a busy run at once)
        with at(NOW + timedelta(minutes=4)):
            _, outcome = purge_run_execute(run_id=run.pk)
        run.refresh_from_db()

        # then it found the run busy and did nothing: counts unchanged, the rows still there
        assert outcome is PurgeOutcome.BUSY
        assert (run.status, run.deleted, HistoryEntry.objects.count()) == (PurgeStatus.RUNNING, 2, 3)
    finally:
        holder.close()
