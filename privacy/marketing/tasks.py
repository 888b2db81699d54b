"""Celery task of marketing campaigns: a thin shell around ``campaign_send_batch``."""

from celery import shared_task

from privacy.marketing.services import campaign_send_batch

MAX_INVOCATIONS = 100_000


@shared_task(
    name="marketing.campaign_send",
    autoretry_for=(OSError,),
    max_retries=8,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
)
def campaign_send(campaign_id: int, site_url: str = "", invocation: int = 1) -> bool:
    """Send one batch of campaign ``campaign_id`` (consent read now), then queue itself for the rest.
    A mail server error rolls the batch back and retries it. Idempotent."""
    more = campaign_send_batch(campaign_id=campaign_id, site_url=site_url)
    if more and invocation < MAX_INVOCATIONS:
        campaign_send.delay(campaign_id, site_url, invocation + 1)
    return more
