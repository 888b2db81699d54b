"""Celery task of incident notices: a thin, idempotent shell around ``incident_deliver_batch``."""

from celery import shared_task

from privacy.incidents.services import incident_deliver_batch

# How many times one delivery re-queues itself, so a runaway notice cannot loop forever.
MAX_INVOCATIONS = 10_000


@shared_task(
    name="incidents.deliver",
    autoretry_for=(OSError,),
    max_retries=8,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
)
def incident_deliver(notice_id: int, site_url: str = "", invocation: int = 1) -> int:
    """Send notice ``notice_id`` to one batch of its recipients, then queue itself for the rest.
    A mail server error rolls the batch back and retries it with backoff. Returns how many are left."""
    remaining = incident_deliver_batch(notice_id=notice_id, site_url=site_url)
    if remaining and invocation < MAX_INVOCATIONS:
        incident_deliver.delay(notice_id, site_url, invocation + 1)
    return remaining
