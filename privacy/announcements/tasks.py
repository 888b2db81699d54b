"""Celery task of policy change emails: a thin shell around ``policy_change_mailing_batch``."""

from celery import shared_task

from privacy.announcements.services import policy_change_mailing_batch

MAX_INVOCATIONS = 100_000


@shared_task(
    name="announcements.policy_change_mail",
    autoretry_for=(OSError,),
    max_retries=8,
    retry_backoff=30,
    retry_backoff_max=1800,
    retry_jitter=True,
)
def policy_change_mail(mailing_id: int, site_url: str = "", invocation: int = 1) -> bool:
    """Email one batch of accounts about a material policy version, then queue itself for the rest.
    Idempotent: accounts already emailed are skipped; a mail server error rolls the batch back and retries."""
    more = policy_change_mailing_batch(mailing_id=mailing_id, site_url=site_url)
    if more and invocation < MAX_INVOCATIONS:
        policy_change_mail.delay(mailing_id, site_url, invocation + 1)
    return more
