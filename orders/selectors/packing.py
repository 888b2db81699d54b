"""Reads for fulfilment: the orders waiting to be packed and shipped (paid, or booked and awaiting pickup)."""

from django.db.models import Count, QuerySet

from orders.models import Order, OrderStatus

TO_SHIP_STATUSES = (OrderStatus.PAID, OrderStatus.AWAITING_PICKUP)


def orders_to_ship() -> QuerySet[Order]:
    """Orders staff must pack and ship, oldest paid first, each with its number of lines (one query)."""
    return (
        Order.objects.filter(status__in=TO_SHIP_STATUSES)
        .annotate(line_count=Count("lines"))
        .only("id", "number", "status", "city", "paid_at", "created_at")
        .order_by("paid_at", "id")
    )
