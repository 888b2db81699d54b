"""One place for money: the model field, the one rounding rule, and how an amount is shown.

Every amount is a ``Decimal`` with two places. Rounding is ``ROUND_HALF_UP`` to the cent, always through
``money_round``, so the page, the API, the admin and the invoice compute the same cents. Display goes
through ``money_format``, which formats by locale with Babel (``CN¥1,234.50``, ``1.234,50 €``).
"""

from decimal import ROUND_HALF_UP, Decimal

from babel.numbers import format_currency
from django.conf import settings
from django.db import models
from django.utils import translation

CENT = Decimal("0.01")
ZERO = Decimal("0.00")
MAX_DIGITS = 12
DECIMAL_PLACES = 2


class MoneyField(models.DecimalField):
    """A ``DecimalField`` of 12 digits with 2 places. Deconstructs as a plain ``DecimalField``, so using it
    on an existing column needs no migration."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DecimalField", args, kwargs


def money_round(amount: Decimal | int | str) -> Decimal:
    """``amount`` to the cent, halves away from zero (``ROUND_HALF_UP``): 0.125 -> 0.13, -0.125 -> -0.13."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def money_sum(amounts) -> Decimal:
    """The sum of already-rounded amounts, as a two-place ``Decimal`` (``0.00`` for none)."""
    return sum((Decimal(amount) for amount in amounts), ZERO).quantize(CENT)


def money_percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    """``percent`` % of ``amount``, rounded once by the money rule."""
    return money_round(Decimal(amount) * Decimal(percent) / Decimal(100))


def shop_currency() -> str:
    return settings.SHOP_CURRENCY


def money_locale() -> str:
    """The Babel locale for the active language (``en``, ``zh-hans`` -> ``zh_Hans``)."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    return translation.to_locale(language)


def money_format(amount: Decimal | None, currency: str | None = None, locale: str | None = None) -> str:
    """``amount`` as a person reads it in ``locale``: symbol, grouping and always two decimals. Empty for
    ``None``. Falls back to English for a locale Babel does not know."""
    if amount is None:
        return ""
    currency = currency or shop_currency()
    try:
        return format_currency(Decimal(amount), currency, locale=locale or money_locale())
    except (ValueError, LookupError):
        return format_currency(Decimal(amount), currency, locale="en")
