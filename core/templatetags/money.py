"""``{{ amount|money }}`` and ``{{ amount|money:currency }}``: amounts shown by the one money helper."""

from decimal import Decimal

from django import template

from core.money import money_format

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency: str | None = None) -> str:
    return money_format(amount, currency or None)


@register.filter(name="percent")
def percent_filter(rate) -> str:
    """A tax rate as people write it: 13%, 9.5%."""
    if rate in (None, ""):
        return ""
    text = f"{Decimal(str(rate)):f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text}%"
