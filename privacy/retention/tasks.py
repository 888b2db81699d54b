"""Celery tasks of retention: thin shells around ``privacy.retention.services.runs``.

Arguments are a run id or nothing, never data. Both tasks are acknowledged late and rejected back to the queue
when their worker dies (``acks_late``, ``reject_on_worker_lost``; also the project's defaults), so a run cut
short by a killed worker is delivered again and resumes where its last committed batch left it.
"""

from celery import shared_task
from django.conf import settings

from privacy.retention.models import PurgeTrigger
from privacy.retention.services.runs import PurgeOutcome, purge_all_queue, purge_run_execute, purge_runs_reclaim_stale

# Seconds before a delivery that found its run held by another process looks again: the holder may be a worker
# that was just killed and whose database session has not yet ended.
BUSY_RETRY_SECONDS = 15


@shared_task(name="privacy.retention.purge_category", acks_late=True, reject_on_worker_lost=True)
def purge_category(run_id: int) -> dict:
    """Execute (or resume) purge run ``run_id``. When ``PRIVACY_RETENTION_TASK_BUDGET`` seconds are spent it
    queues itself again for the rest, well inside Celery's time limits. Idempotent: a finished run is left as
    it is; a run another process holds is looked at again ``BUSY_RETRY_SECONDS`` later (by then it is finished,
    or its holder is gone and this delivery takes over). Returns the run's status and counters."""
    run, outcome = purge_run_execute(run_id=run_id, time_budget=settings.PRIVACY_RETENTION_TASK_BUDGET)
    if outcome is PurgeOutcome.CONTINUE:
        purge_category.delay(run_id)
    elif outcome is PurgeOutcome.BUSY:
        purge_category.apply_async((run_id,), countdown=BUSY_RETRY_SECONDS)
    return {
        "run_id": run.pk,
        "category": run.category,
        "status": run.status,
        "outcome": str(outcome),
        "examined": run.examined,
        "deleted": run.deleted,
        "anonymised": run.anonymised,
        "skipped_hold": run.skipped_hold,
        "errors": run.errors,
    }


@shared_task(name="privacy.retention.purge_all", acks_late=True, reject_on_worker_lost=True)
def purge_all() -> list[int]:
    """Queue one ``purge_category`` task per enabled retention category (scheduled daily by Celery beat, see
    ``PRIVACY_RETENTION_SCHEDULE``). A category with a run still queued or running is not queued again.
    Returns the ids of the runs queued."""
    return [run.pk for run in purge_all_queue(triggered_by=PurgeTrigger.SCHEDULE)]


@shared_task(name="privacy.retention.reclaim_stale")
def purge_reclaim_stale() -> list[int]:
    """Queue again the purge runs whose worker was lost (``purge_runs_reclaim_stale``); run by beat every
    minute. Idempotent. Returns the ids queued."""
    return purge_runs_reclaim_stale()
