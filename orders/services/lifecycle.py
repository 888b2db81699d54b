"""Time-driven order moves: unpaid orders are cancelled, delivered orders completed.

Both work on a bounded batch of ids and move each order in its own transaction through
``order_transition``, so one order's failure never undoes another's and a second run finds nothing
left to do.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from orders.conf import orders_settings
from orders.models import ActorKind, Order, OrderStatus
from orders.services.status import InvalidTransition, order_transition


def _batch_size() -> int:
    return orders_settings.ORDERS_LIFECYCLE_BATCH_SIZE


def _move_batch(*, ids: list[int], to_status: str, from_status: str, message: str) -> int:
    moved = 0
    for order_id in ids:
        try:
            order_transition(
                order_id=order_id,
                to_status=to_status,
                actor_kind=ActorKind.SYSTEM,
                message=message,
                from_statuses={from_status},
            )
        except InvalidTransition:
            # The order moved on between the batch query and its lock (paid, cancelled by hand): leave it.
            continue
        moved += 1
    return moved


def orders_cancel_unpaid_batch() -> tuple[int, bool]:
    """Cancel (and restock) up to one batch of orders still unpaid ``ORDERS_UNPAID_CANCEL_AFTER`` after
    they were placed. Returns ``(cancelled, more_left)``. Idempotent; an order paid meanwhile is kept."""
    cutoff = timezone.now() - timedelta(seconds=settings.ORDERS_UNPAID_CANCEL_AFTER)
    size = _batch_size()
    ids = list(
        Order.objects.filter(status=OrderStatus.PENDING_PAYMENT, created_at__lt=cutoff)
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:size]
    )
    moved = _move_batch(
        ids=ids, to_status=OrderStatus.CANCELLED, from_status=OrderStatus.PENDING_PAYMENT, message="Not paid in time."
    )
    return moved, len(ids) == size and moved > 0


def orders_complete_delivered_batch() -> tuple[int, bool]:
    """Complete up to one batch of orders delivered at least ``ORDERS_AUTO_COMPLETE_AFTER`` ago.
    Returns ``(completed, more_left)``. Idempotent."""
    cutoff = timezone.now() - timedelta(seconds=settings.ORDERS_AUTO_COMPLETE_AFTER)
    size = _batch_size()
    ids = list(
        Order.objects.filter(status=OrderStatus.DELIVERED, delivered_at__lt=cutoff)
        .order_by("delivered_at", "pk")
        .values_list("pk", flat=True)[:size]
    )
    moved = _move_batch(
        ids=ids, to_status=OrderStatus.COMPLETED, from_status=OrderStatus.DELIVERED, message="Completed automatically."
    )
    return moved, len(ids) == size and moved > 0
