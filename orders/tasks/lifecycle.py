"""Order lifecycle tasks: auto-cancel unpaid orders, auto-complete delivered ones, notification emails.

Thin shells around services. The periodic tasks take no arguments and re-enqueue themselves while a
full batch was processed; the email tasks take an order id only (never personal data).
"""

from celery import shared_task

from orders.services.lifecycle import orders_cancel_unpaid_batch, orders_complete_delivered_batch
from orders.services.notifications import guest_erasure_email_send, order_notification_send
from orders.services.payment import payments_reconcile_batch


@shared_task(name="orders.cancel_unpaid_orders")
def orders_cancel_unpaid() -> int:
    """Cancel one batch of orders left unpaid too long (restocking); queue itself again if more are due.
    Idempotent. Returns how many orders this run cancelled."""
    cancelled, more_left = orders_cancel_unpaid_batch()
    if more_left:
        orders_cancel_unpaid.delay()
    return cancelled


@shared_task(name="orders.complete_delivered_orders")
def orders_complete_delivered() -> int:
    """Complete one batch of orders delivered long enough ago; queue itself again if more are due.
    Idempotent. Returns how many orders this run completed."""
    completed, more_left = orders_complete_delivered_batch()
    if more_left:
        orders_complete_delivered.delay()
    return completed


@shared_task(name="orders.send_order_confirmation_email")
def order_confirmation_email_send(order_id: int) -> bool:
    """Email the buyer of ``order_id`` that the order was placed. Sends at most once per order."""
    return order_notification_send(order_id=order_id, kind="confirmation")


@shared_task(name="orders.send_order_shipped_email")
def order_shipped_email_send(order_id: int) -> bool:
    """Email the buyer of ``order_id`` that the parcel is on its way. Sends at most once per order."""
    return order_notification_send(order_id=order_id, kind="shipped")


@shared_task(name="orders.send_order_delivered_email")
def order_delivered_email_send(order_id: int) -> bool:
    """Email the buyer of ``order_id`` that the parcel was delivered. Sends at most once per order."""
    return order_notification_send(order_id=order_id, kind="delivered")


@shared_task(name="orders.send_order_email")
def order_email_send(order_id: int, kind: str, key: str = "", amount: str = "", detail: str = "") -> bool:
    """Email the buyer of ``order_id`` about ``kind`` (paid, cancelled, refunded, return decisions). Sends at
    most once per order, kind and key."""
    return order_notification_send(order_id=order_id, kind=kind, key=key, amount=amount, detail=detail)


@shared_task(name="orders.reconcile_pending_payments")
def payments_reconcile_pending() -> int:
    """Ask the provider about one batch of payments stuck pending (a lost webhook) and apply the answer;
    queue itself again if more are due. Idempotent. Returns how many payments this run checked."""
    checked, more_left = payments_reconcile_batch()
    if more_left:
        payments_reconcile_pending.delay()
    return checked


@shared_task(name="orders.send_guest_erasure_email")
def guest_erasure_email(order_id: int) -> bool:
    """Email the guest of ``order_id`` the link that erases their guest orders (the id, never the email,
    travels through the broker)."""
    return guest_erasure_email_send(order_id=order_id)
