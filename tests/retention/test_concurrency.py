"""Two purge runs of one category at the same moment on PostgreSQL: ``FOR UPDATE SKIP LOCKED`` gives every row
to exactly one of them, so the rows go once and are counted once, held rows included; and a run stopped between
batches resumes after its committed cursor."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from orders.models import Order, OrderStatus
from privacy.registry import retention_policy
from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from privacy.retention.plans import policy_plan
from privacy.retention.services.batches import deletes_in_sql
from privacy.retention.services.runs import PurgeOutcome, purge_run_create, purge_run_execute
from shop.models import HistoryEntry, HistoryKind
from tests.accounts.factories import UserFactory
from tests.orders.factories import order_with_line
from tests.retention.factories import hold_user

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _two_runs_at_once(category: str, *, batch_size: int) -> list[PurgeRun]:
    runs = [purge_run_create(category=category, triggered_by=PurgeTrigger.COMMAND, batch_size=batch_size) for _ in "ab"]
    barrier = threading.Barrier(len(runs))
    errors: list[BaseException] = []

    def work(run_id: int) -> None:
        try:
            barrier.wait(timeout=10)
            purge_run_execute(run_id=run_id)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below, in the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(run.pk,)) for run in runs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    return [PurgeRun.objects.get(pk=run.pk) for run in runs]


def test_two_concurrent_runs_delete_each_row_once():
    # given
    user = UserFactory()
    HistoryEntry.objects.bulk_create(
        HistoryEntry(user=user, kind=HistoryKind.SEARCH, query="shoes") for _ in range(600)
    )
    HistoryEntry.objects.update(created_at=timezone.now() - timedelta(days=365))

    # when
    runs = _two_runs_at_once("history", batch_size=20)

    # then
    assert not HistoryEntry.objects.exists()
    assert [run.status for run in runs] == [PurgeStatus.COMPLETED] * 2
    assert sum(run.deleted for run in runs) == 600
    assert sum(run.examined for run in runs) == 600


def test_two_concurrent_runs_anonymise_each_order_once():
    # given
    ids = [order_with_line().pk for _ in range(30)]
    Order.objects.filter(pk__in=ids).update(
        status=OrderStatus.COMPLETED, completed_at=timezone.now() - timedelta(days=2000)
    )

    # when
    runs = _two_runs_at_once("order_closed", batch_size=3)

    # then
    assert not Order.objects.exclude(recipient_name="").exists()
    assert sum(run.anonymised for run in runs) == 30
    assert sum(run.examined for run in runs) == 30


def test_two_concurrent_runs_delete_the_free_rows_once_and_leave_every_held_row():
    # given: history deleted set-based (one statement per batch), a held user's rows among the others
    held, free = UserFactory(), UserFactory()
    HistoryEntry.objects.bulk_create(
        HistoryEntry(user=user, kind=HistoryKind.SEARCH, query="shoes") for user in [held, free] * 300
    )
    HistoryEntry.objects.update(created_at=timezone.now() - timedelta(days=365))
    hold_user(held)
    assert deletes_in_sql(policy_plan(retention_policy("history")))

    # when
    runs = _two_runs_at_once("history", batch_size=25)

    # then
    assert HistoryEntry.objects.filter(user=held).count() == 300
    assert not HistoryEntry.objects.filter(user=free).exists()
    assert [run.status for run in runs] == [PurgeStatus.COMPLETED] * 2
    assert sum(run.deleted for run in runs) == 300
    # A held row stays due, so each run that meets it counts it: every held row is counted at least once.
    assert all(run.examined == run.deleted + run.skipped_hold for run in runs)
    assert sum(run.skipped_hold for run in runs) >= 300


def test_a_run_stopped_between_batches_resumes_after_its_cursor_and_counts_each_row_once():
    # given: a run that stops after its first committed batch (its time budget spent), as a worker does
    user = UserFactory()
    HistoryEntry.objects.bulk_create(HistoryEntry(user=user, kind=HistoryKind.SEARCH, query="q") for _ in range(250))
    HistoryEntry.objects.update(created_at=timezone.now() - timedelta(days=365))
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.COMMAND, batch_size=100)
    stopped, outcome = purge_run_execute(run_id=run.pk, time_budget=1e-9)
    assert outcome is PurgeOutcome.CONTINUE
    assert (stopped.deleted, HistoryEntry.objects.count()) == (100, 150)
    assert PurgeRun.objects.get(pk=run.pk).cursor == str(stopped.cursor)

    # when: the task's next delivery (or a redelivery after a crash) takes the run up again
    resumed, outcome = purge_run_execute(run_id=run.pk)

    # then
    assert outcome is PurgeOutcome.DONE
    assert not HistoryEntry.objects.exists()
    assert (resumed.status, resumed.examined, resumed.deleted) == (PurgeStatus.COMPLETED, 250, 250)
