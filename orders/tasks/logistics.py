"""Logistics tasks: the handoff of an order to its carrier."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from orders.carriers.client import CarrierUnavailable
from orders.services.logistics import shipment_book, shipment_handoff_fail, shipment_handoffs_requeue


@shared_task(
    bind=True,
    name="orders.order_handoff",
    # A database that does not answer (restart, failover) is retried like a carrier that does not: the shipment
    # row is untouched, so the task (or, failing that, the requeue sweep) books it once the database is back.
    autoretry_for=(CarrierUnavailable, OperationalError, InterfaceError),
    max_retries=settings.LOGISTICS_HANDOFF_MAX_RETRIES,
    retry_backoff=settings.LOGISTICS_HANDOFF_RETRY_BACKOFF,
    retry_backoff_max=settings.LOGISTICS_HANDOFF_RETRY_BACKOFF_MAX,
    retry_jitter=True,
    # Used when the backoff is 0 (tests): retry at once instead of Celery's default 3 minutes.
    default_retry_delay=settings.LOGISTICS_HANDOFF_RETRY_BACKOFF,
)
def order_handoff(self, order_id: int) -> None:
    """Book order ``order_id``'s pending shipment with its carrier (``shipment_book``).

    Takes the id only: the recipient's data is read from the database when the request is built, never
    carried in the broker. Idempotent: a booked or failed shipment is left alone, and the order number is
    the carrier's idempotency key, so a retry never books a second parcel. A carrier that cannot answer
    (network, timeout, 5xx, 429) is retried with exponential backoff up to ``LOGISTICS_HANDOFF_MAX_RETRIES``
    times; then the shipment is marked failed with the last error code and the task ends quietly (the
    shipment, not the task result, is the record staff act on).
    """
    try:
        shipment_book(order_id=order_id)
    except CarrierUnavailable as exc:
        if self.request.retries >= self.max_retries:
            shipment_handoff_fail(order_id=order_id, code=exc.code)
            return
        raise


@shared_task(name="orders.requeue_pending_handoffs")
def pending_handoffs_requeue() -> int:
    """Queue again the handoffs whose task was lost (``shipment_handoffs_requeue``); run by beat, so a
    handoff queued while the broker was down is delivered soon after the broker returns. Idempotent.
    Returns how many were queued."""
    return shipment_handoffs_requeue()
