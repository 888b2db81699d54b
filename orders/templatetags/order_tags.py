"""Template filters of the orders pages."""

from django import template

from orders.models import OrderStatus

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """``"awaiting_pickup"`` -> ``"Awaiting pickup"``; an unknown value is shown as it is."""
    try:
        return OrderStatus(value).label
    except ValueError:
        return value
