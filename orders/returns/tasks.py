"""Return tasks: book the courier pickup of an approved return (id only; retried while the carrier
cannot answer)."""

from celery import shared_task
from django.conf import settings

from orders.carriers.client import CarrierUnavailable
from orders.returns.services import return_pickup_book


@shared_task(name="orders.returns.book_pickup", bind=True, max_retries=6)
def return_pickup_book_task(self, return_id: int) -> str:
    """Book the pickup of return ``return_id``. Idempotent. Returns the pickup status."""
    try:
        return return_pickup_book(return_id=return_id).pickup_status
    except CarrierUnavailable as error:
        raise self.retry(countdown=settings.LOGISTICS_HANDOFF_RETRY_BACKOFF, exc=error) from None
