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


@register.filter
def code_label(value: str) -> str:
    """A provider's short code made readable: ``"card_declined"`` -> ``"card declined"``."""
    return str(value).replace("_", " ")


@register.filter
def return_choices(quantity: int) -> range:
    """The units a shopper can pick on the return form: 0 (keep) up to ``quantity``."""
    return range(0, int(quantity) + 1)
