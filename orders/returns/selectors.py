"""Reads of returns: what a shopper may still send back, and their returns."""

from datetime import timedelta

from django.db.models import QuerySet, Sum
from django.utils import timezone

from orders.conf import orders_setting
from orders.models import Order, OrderLine, OrderStatus
from orders.returns.models import OPEN_RETURN_STATUSES, ReturnLine, ReturnRequest

RETURNABLE_ORDER_STATUSES = (OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED)


def return_window_open(order: Order) -> bool:
    """Whether ``order`` was delivered at most ``ORDERS_RETURN_WINDOW_DAYS`` ago and is still returnable."""
    if order.status not in RETURNABLE_ORDER_STATUSES or order.delivered_at is None:
        return False
    days = orders_setting("ORDERS_RETURN_WINDOW_DAYS")
    return timezone.now() <= order.delivered_at + timedelta(days=days)


def line_open_return_quantity(line: OrderLine) -> int:
    """Units of ``line`` in returns still open (requested or approved)."""
    held = ReturnLine.objects.filter(order_line=line, return_request__status__in=OPEN_RETURN_STATUSES).aggregate(
        total=Sum("quantity")
    )["total"]
    return held or 0


def line_returnable_quantity(line: OrderLine) -> int:
    """Units of ``line`` its buyer can still ask to return now: within the window, not refunded and not
    in an open return already."""
    if line.order.user_id is None or not return_window_open(line.order):
        return 0  # a guest order is returned by claiming it into an account first
    return max(0, line.quantity - line.quantity_refunded - line_open_return_quantity(line))


def returns_of_order(*, order: Order) -> QuerySet[ReturnRequest]:
    return (
        ReturnRequest.objects.filter(order=order).prefetch_related("lines__order_line").order_by("-created_at", "-id")
    )
