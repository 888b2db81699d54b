"""Purge runs: queue a category (or every category), execute or resume a run batch by batch, record it all.

A ``PurgeRun`` row exists before any work starts (``queued``), so ops see it at once; the Celery task carries
only its id. Executing a run:

* is exclusive: a PostgreSQL session advisory lock on the run's id is held while it works. A second delivery
  of the same run (a redelivered message while the first worker still lives) does nothing; the lock dies with
  the connection of a killed worker, so the redelivery that follows takes the run over;
* fixes the period and the cutoff when the run first starts, so a resumed run purges what the original would;
* sends the policy's warnings first (phase ``warn``), then purges (phase ``purge``), batch by batch, each batch
  one transaction that also moves the run's counters and cursor: after a crash the counters say exactly what
  was committed and the resumed run goes on after the cursor, so nothing is done or counted twice;
* stops after ``time_budget`` seconds between two batches (``CONTINUE``) for the task to queue itself again,
  so a long purge never meets Celery's hard time limit.
"""

import logging
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from enum import StrEnum
from functools import partial

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Exists, F, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone

from core.task_queue import task_enqueue
from privacy.registry import retention_policies
from privacy.retention.conf import setting
from privacy.retention.errors import RetentionRulePaused
from privacy.retention.models import PurgePhase, PurgeRun, PurgeStatus, PurgeTrigger, RetentionNotice
from privacy.retention.plans import DATE, PolicyPlan, cutoff_for, policy_plan
from privacy.retention.selectors import purge_runs_active, rule_settings, rule_settings_all
from privacy.retention.services.batches import BatchResult, purge_batch, warn_batch

logger = logging.getLogger(__name__)

# First key of the advisory locks of purge runs (the second is the run id): "RTN".
_LOCK_NAMESPACE = 0x52544E
_COUNTERS = ("examined", "deleted", "anonymised", "skipped_hold", "warned", "postponed", "errors")
_FINAL = (PurgeStatus.COMPLETED, PurgeStatus.FAILED, PurgeStatus.SKIPPED)


class PurgeOutcome(StrEnum):
    DONE = "done"  # the run is finished (completed, failed before, or skipped)
    CONTINUE = "continue"  # the time budget ran out between two batches: queue the run again
    BUSY = "busy"  # another live process is executing this run


# --- creating and queueing ----------------------------------------------------------------------------


def purge_run_create(
    *, category: str, triggered_by: PurgeTrigger, dry_run: bool = False, batch_size: int | None = None
) -> PurgeRun:
    """Record a queued run of ``category``. Raises ``RetentionCategoryUnknown``, and ``RetentionRulePaused``
    for a paused rule unless it is a dry run."""
    applied = rule_settings(category=category)
    if not applied.enabled and not dry_run:
        raise RetentionRulePaused()
    return PurgeRun.objects.create(
        category=category,
        triggered_by=triggered_by,
        dry_run=dry_run,
        batch_size=batch_size or settings.PRIVACY_RETENTION_BATCH_SIZE,
    )


def _send(run_id: int) -> None:
    # Imported here: the task module imports this one.
    from privacy.retention.tasks import purge_category

    task_enqueue(purge_category, run_id)


def purge_queue(
    *, category: str, triggered_by: PurgeTrigger, dry_run: bool = False, batch_size: int | None = None
) -> PurgeRun:
    """Record a queued run of ``category`` and send it to Celery once the transaction commits (the worker must
    find the row). Raises like ``purge_run_create``."""
    with transaction.atomic():
        run = purge_run_create(category=category, triggered_by=triggered_by, dry_run=dry_run, batch_size=batch_size)
        transaction.on_commit(partial(_send, run.pk))
    return run


def purge_runs_mark_interrupted() -> int:
    """Mark ``interrupted`` the runs that show no sign of life for ``PRIVACY_RETENTION_STALE_AFTER`` minutes
    (queued and never started, or running without a heartbeat): their worker died and no redelivery came. A
    redelivery that comes later resumes them. Returns how many were marked."""
    since = timezone.now() - timedelta(minutes=settings.PRIVACY_RETENTION_STALE_AFTER)
    queued = PurgeRun.objects.filter(status=PurgeStatus.QUEUED, queued_at__lt=since)
    running = PurgeRun.objects.filter(status=PurgeStatus.RUNNING, heartbeat_at__lt=since)
    return queued.update(status=PurgeStatus.INTERRUPTED) + running.update(status=PurgeStatus.INTERRUPTED)


def purge_runs_reclaim_stale() -> list[int]:
    """Queue again the runs whose worker is gone: running with a heartbeat older than
    ``PRIVACY_RETENTION_RECLAIM_AFTER`` seconds, queued that long ago and never started, or marked interrupted.
    Returns their ids. Safe to run any time (beat runs it every minute): a run whose holder is in fact alive is
    still locked (``_exclusive``), so its second delivery only finds it busy; never two runners, and each
    batch's counters are committed with its cursor, so a resumed run counts nothing twice."""
    since = timezone.now() - timedelta(seconds=setting("PRIVACY_RETENTION_RECLAIM_AFTER"))
    stale = (
        PurgeRun.objects.filter(status=PurgeStatus.RUNNING, heartbeat_at__lt=since)
        | PurgeRun.objects.filter(status=PurgeStatus.QUEUED, queued_at__lt=since)
        | PurgeRun.objects.filter(status=PurgeStatus.INTERRUPTED)
    )
    run_ids = list(stale.order_by("pk").values_list("pk", flat=True)[:100])
    for run_id in run_ids:
        _send(run_id)
    if run_ids:
        logger.info("Purge runs queued again after their worker was lost: %s", run_ids)
    return run_ids


def purge_all_queue(*, triggered_by: PurgeTrigger = PurgeTrigger.SCHEDULE) -> list[PurgeRun]:
    """Queue one run per enabled category, each its own Celery task, except categories with a run still queued
    or running (a redelivered schedule message queues nothing twice). Returns the runs queued."""
    purge_runs_mark_interrupted()
    since = timezone.now() - timedelta(minutes=settings.PRIVACY_RETENTION_STALE_AFTER)
    queued = []
    for applied in rule_settings_all():
        category = applied.policy.category
        if not applied.enabled or purge_runs_active(category=category, since=since).exists():
            continue
        queued.append(purge_queue(category=category, triggered_by=triggered_by))
    return queued


def purge_categories() -> list[str]:
    """Every purge category, sorted."""
    return [policy.category for policy in retention_policies()]


# --- executing ----------------------------------------------------------------------------------------


@contextmanager
def _exclusive(run_id: int) -> Iterator[bool]:
    """Whether this process may execute run ``run_id``: a session advisory lock on PostgreSQL, released on
    exit or when the connection dies. Other databases run one process at a time anyway (tests)."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = (_LOCK_NAMESPACE, run_id % 2**31)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", key)
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", key)


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:120]


def _begin(run_id: int) -> PurgeRun:
    """Mark the run running (first start: fix period and cutoff); a finished run is returned as it is."""
    with transaction.atomic():
        run = PurgeRun.objects.select_for_update().get(pk=run_id)
        if run.status in _FINAL:
            return run
        now = timezone.now()
        applied = rule_settings(category=run.category)
        if not applied.enabled and not run.dry_run:
            run.status, run.finished_at = PurgeStatus.SKIPPED, now
            run.save(update_fields=["status", "finished_at"])
            return run
        if run.started_at is None:
            run.started_at = now
            run.period_days = applied.period_days
            run.cutoff = cutoff_for(now=now, period_days=applied.period_days)
            run.phase = PurgePhase.WARN if applied.policy.warn_before is not None else PurgePhase.PURGE
        run.status, run.heartbeat_at, run.worker = PurgeStatus.RUNNING, now, _worker_name()
        run.save()
    return run


def _advance(run: PurgeRun, result: BatchResult) -> None:
    """Add the batch's counters and move the cursor, in the batch's transaction; mirror them on ``run``."""
    changes = {name: F(name) + getattr(result, name) for name in _COUNTERS if getattr(result, name)}
    if result.last_error:
        changes["last_error"] = result.last_error
        run.last_error = result.last_error
    run.cursor = str(result.cursor)
    run.heartbeat_at = timezone.now()
    PurgeRun.objects.filter(pk=run.pk).update(cursor=run.cursor, heartbeat_at=run.heartbeat_at, **changes)
    for name in _COUNTERS:
        setattr(run, name, getattr(run, name) + getattr(result, name))


def _finish(run: PurgeRun, *, status: PurgeStatus, last_error: str = "") -> None:
    run.status, run.finished_at = status, timezone.now()
    fields = ["status", "finished_at"]
    if last_error:
        run.last_error = last_error
        fields.append("last_error")
    PurgeRun.objects.filter(pk=run.pk).update(**{name: getattr(run, name) for name in fields})


def _notices_prune(plan: PolicyPlan) -> int:
    """Forget warnings whose row is gone, no longer pending, or dated otherwise now (the user came back)."""
    still_dated = (
        plan.dated_rows()
        .annotate(pk_text=Cast("pk", output_field=CharField()))
        .filter(pk_text=OuterRef("object_pk"), **{DATE: OuterRef("reference_at")})
    )
    deleted, _ = RetentionNotice.objects.filter(category=plan.category).exclude(Exists(still_dated)).delete()
    return deleted


def purge_run_execute(
    *,
    run_id: int,
    on_batch: Callable[[PurgeRun], None] | None = None,
    time_budget: float | None = None,
) -> tuple[PurgeRun, PurgeOutcome]:
    """Execute (or resume) run ``run_id`` until it is finished or ``time_budget`` seconds have passed.

    Idempotent and crash-safe (see the module docstring): a finished run is returned untouched (``DONE``), a
    run another live process holds is left to it (``BUSY``). ``on_batch`` is called with the run after every
    batch (progress display). An unexpected error marks the run ``failed`` (exception class only) and is
    raised again; errors on single rows are counted on the run instead.
    """
    with _exclusive(run_id) as mine:
        if not mine:
            return PurgeRun.objects.get(pk=run_id), PurgeOutcome.BUSY
        run = _begin(run_id)
        if run.status != PurgeStatus.RUNNING:
            return run, PurgeOutcome.DONE
        deadline = time.monotonic() + time_budget if time_budget else None
        try:
            outcome = _work(run, on_batch=on_batch, deadline=deadline)
        except Exception as exc:
            _finish(run, status=PurgeStatus.FAILED, last_error=type(exc).__name__)
            logger.warning("Purge run %s (%s) failed: %s", run.pk, run.category, type(exc).__name__)
            raise
        if outcome is PurgeOutcome.DONE:
            _finish(run, status=PurgeStatus.COMPLETED)
            logger.info(
                "Purge run %s (%s%s): %s examined, %s deleted, %s anonymised, %s held, %s errors",
                run.pk,
                run.category,
                ", dry run" if run.dry_run else "",
                run.examined,
                run.deleted,
                run.anonymised,
                run.skipped_hold,
                run.errors,
            )
        return run, outcome


def _work(run: PurgeRun, *, on_batch: Callable[[PurgeRun], None] | None, deadline: float | None) -> PurgeOutcome:
    applied = rule_settings(category=run.category)
    plan = policy_plan(applied.policy)
    period = timedelta(days=run.period_days)
    pk_field = plan.model._meta.pk
    pause = settings.PRIVACY_RETENTION_BATCH_PAUSE
    batch_size = run.batch_size
    if plan.is_user_model:
        batch_size = min(batch_size, setting("PRIVACY_RETENTION_ACCOUNT_BATCH_SIZE"))

    def batches(step: Callable[..., BatchResult]) -> bool:
        """Run ``step`` batch after batch; True when the phase is through, False when out of time."""
        while True:
            with transaction.atomic():
                result = step(after=pk_field.to_python(run.cursor) if run.cursor else None)
                if result.cursor is not None:
                    _advance(run, result)
            if result.cursor is None:
                return True
            if on_batch is not None:
                on_batch(run)
            if pause:
                time.sleep(pause)
            if deadline is not None and time.monotonic() >= deadline:
                return False

    if run.phase == PurgePhase.WARN:
        warn = partial(warn_batch, plan, cutoff=run.cutoff, period=period, batch_size=batch_size, dry_run=run.dry_run)
        if not batches(warn):
            return PurgeOutcome.CONTINUE
        run.phase, run.cursor = PurgePhase.PURGE, ""
        PurgeRun.objects.filter(pk=run.pk).update(phase=run.phase, cursor="")
    purge = partial(
        purge_batch, plan, cutoff=run.cutoff, now=run.started_at, batch_size=batch_size, dry_run=run.dry_run
    )
    if not batches(purge):
        return PurgeOutcome.CONTINUE
    if plan.policy.warn_before is not None and not run.dry_run:
        _notices_prune(plan)
    return PurgeOutcome.DONE
