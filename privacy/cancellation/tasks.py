"""Celery tasks of account cancellation: thin, idempotent shells around ``privacy.cancellation.services``.

Arguments are ids (and the site's base URL), never personal data: addresses are read from the database
when an email is sent.
"""

from celery import shared_task
from django.conf import settings

from privacy.cancellation.services import (
    cancellation_complete,
    cancellation_complete_due,
    recipient_deletion_give_up,
    recipient_deletion_send,
    recipient_requests_resend_stale,
)
from privacy.cancellation.services.emails import cancellation_requested_email_send
from privacy.erasure_hooks import RecipientUnavailable

# How many times the due job queues itself again in one run, so a backlog cannot loop forever.
ANONYMISE_DUE_MAX_INVOCATIONS = 20


@shared_task(
    name="cancellation.requested_email",
    autoretry_for=(OSError,),
    max_retries=5,
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
)
def cancellation_requested_email(request_id: int, site_url: str = "") -> bool:
    """Email the user of request ``request_id`` that it was received, when it takes effect and how to revoke.
    Nothing is sent once the request is revoked or completed. A mail server error is retried with backoff."""
    return cancellation_requested_email_send(request_id=request_id, site_url=site_url)


@shared_task(name="cancellation.anonymise_due")
def cancellation_anonymise_due(invocation: int = 1) -> dict[str, int]:
    """Anonymise the accounts whose cooling-off window ended, ``PRIVACY_CANCELLATION_BATCH_SIZE`` at a time,
    one transaction per user; queue itself again while a full batch was processed, up to
    ``ANONYMISE_DUE_MAX_INVOCATIONS`` runs. Scheduled by beat (``CELERY_BEAT_SCHEDULE``). Returns the
    outcomes counted (anonymised, on_hold, blocked, postponed, failed...)."""
    outcomes, more_left = cancellation_complete_due(batch_size=settings.PRIVACY_CANCELLATION_BATCH_SIZE)
    if more_left and invocation < ANONYMISE_DUE_MAX_INVOCATIONS:
        cancellation_anonymise_due.delay(invocation + 1)
    return {str(outcome): count for outcome, count in outcomes.items()}


@shared_task(name="cancellation.anonymise_now")
def cancellation_anonymise_now(request_id: int) -> str:
    """Staff's "anonymise now": complete request ``request_id`` without waiting for its window to end.
    Still skips an account under a legal hold or refused by a blocker. Returns the outcome."""
    result = cancellation_complete(request_id=request_id, force=True)
    return str(result.outcome) if result is not None else "skipped"


@shared_task(
    bind=True,
    name="cancellation.recipient_deletion_send",
    autoretry_for=(RecipientUnavailable,),
    max_retries=settings.PRIVACY_RECIPIENT_DELETION_MAX_RETRIES,
    retry_backoff=settings.PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF,
    retry_backoff_max=settings.PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    # Used when the backoff is 0 (tests): retry at once instead of Celery's default 3 minutes.
    default_retry_delay=settings.PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF,
)
def recipient_deletion_send_task(self, request_id: int) -> str:
    """Send deletion request ``request_id`` to its recipient and record the answer. An unavailable recipient
    is retried with exponential backoff up to ``PRIVACY_RECIPIENT_DELETION_MAX_RETRIES`` times, then the
    request is marked failed (it shows as overdue in the admin at its deadline). Returns the status."""
    try:
        return recipient_deletion_send(request_id=request_id)
    except RecipientUnavailable as exc:
        if self.request.retries >= self.max_retries:
            recipient_deletion_give_up(request_id=request_id, code=exc.code)
            return "failed"
        raise


@shared_task(name="cancellation.recipient_requests_resend")
def recipient_requests_resend() -> int:
    """Queue again the deletion requests whose task was lost (still pending a day after creation).
    Scheduled daily. Returns how many were queued."""
    return recipient_requests_resend_stale()
