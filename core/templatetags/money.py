"""``{{ amount|money }}`` and ``{{ amount|money:currency }}``: amounts shown by the one money helper."""

from django import template

from core.money import money_format

register = template.Library()


@register.filter(name="money")
def money_filter(amount, currency: str | None = None) -> str:
    return money_format(amount, currency or None)


@register.filter(name="percent")
def percent_filter(rate) -> str:
    """A tax rate as people write it: 13%, 9.5%."""
    text = f"{rate:f}".rstrip("0").rstrip(".") if rate is not None else ""
    return f"{text}%" if text else ""
