"""Template filters of the orders pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from orders.models import OrderStatus

register = template.Library()


@register.filter
def status_label(value: str) -> str:
    """``"awaiting_pickup"`` -> ``"Awaiting pickup"``; an unknown value is shown as it is."""
    try:
        return OrderStatus(value).label
    except ValueError:
        return value


# What a payment provider's failure codes mean to the person paying (the codes of the common providers).
PAYMENT_FAILURE_MESSAGES = {
    "card_declined": _("the card was declined"),
    "insufficient_funds": _("not enough funds on the card"),
    "expired_card": _("the card has expired"),
    "incorrect_cvc": _("the security code was wrong"),
    "processing_error": _("the payment provider had a problem; please try again"),
    "authentication_required": _("the bank asked for a confirmation that was not given"),
    "cancelled": _("the payment was cancelled"),
    "expired": _("the payment page expired"),
}


@register.filter
def code_label(value: str) -> str:
    """A provider's failure code as a person reads it: ``"card_declined"`` -> "the card was declined"; an
    unknown code loses its underscores (``"do_not_honor"`` -> "do not honor")."""
    code = str(value)
    return str(PAYMENT_FAILURE_MESSAGES.get(code, code.replace("_", " ")))


@register.filter
def return_choices(quantity: int) -> range:
    """The units a shopper can pick on the return form: 0 (keep) up to ``quantity``."""
    return range(0, int(quantity) + 1)
