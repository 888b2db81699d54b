"""Celery task of privacy requests: the daily reminder to staff (scheduled by beat)."""

from celery import shared_task

from privacy.requests.services import privacy_requests_remind


@shared_task(name="privacy_requests.remind", autoretry_for=(OSError,), max_retries=5, retry_backoff=300)
def privacy_requests_remind_task() -> int:
    """Remind staff of requests due soon. Idempotent."""
    return privacy_requests_remind()
