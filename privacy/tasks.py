"""Celery tasks of the privacy app: thin shells around ``privacy.services``.

Arguments are ids and counters, never personal data; each task is idempotent, so a redelivery (late
acknowledgement after a lost worker) or a retry does no harm.
"""

from celery import shared_task

from privacy.services.export import export_expire_batch, export_job_build, export_requeue_lost

# How many times the expiry task queues itself again in one run, so a backlog cannot loop forever.
EXPORT_EXPIRE_MAX_INVOCATIONS = 50


@shared_task(name="privacy.export_build")
def export_build(job_id: int) -> bool:
    """Build the data export of job ``job_id``. A job already ready, expired or failed is left alone.
    Returns whether this run built the file."""
    return export_job_build(job_id=job_id)


@shared_task(name="privacy.export_expire")
def export_expire(invocation: int = 1) -> int:
    """Delete one batch of expired export files and mark their jobs expired; queue itself again while
    a full batch was processed, up to ``EXPORT_EXPIRE_MAX_INVOCATIONS`` runs. Scheduled daily
    (``CELERY_BEAT_SCHEDULE``). Returns how many jobs this run expired."""
    expired, more_left = export_expire_batch()
    if more_left and invocation < EXPORT_EXPIRE_MAX_INVOCATIONS:
        export_expire.delay(invocation + 1)
    return expired


@shared_task(name="privacy.export_requeue_lost")
def export_requeue_lost_task() -> int:
    """Queue again the exports whose task was lost (``export_requeue_lost``); scheduled every two minutes."""
    return export_requeue_lost()
