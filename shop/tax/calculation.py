"""How one amount splits into net and tax: per line, rounded once with ``ROUND_HALF_UP`` (``core.money``).

With prices entered gross, the gross is what the shopper pays and the net is derived:
``net = round(gross * 100 / (100 + rate))``, ``tax = gross - net``. With prices entered net, the tax is
added: ``tax = round(net * rate / 100)``, ``gross = net + tax``. Either way net + tax = gross exactly,
and a total is the sum of its rounded lines (never re-rounded), so every screen agrees to the cent.
"""

from dataclasses import dataclass
from decimal import Decimal

from core.money import money_round

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class TaxSplit:
    net: Decimal
    tax: Decimal
    gross: Decimal


def tax_split(amount: Decimal, rate: Decimal, *, prices_include_tax: bool) -> TaxSplit:
    """Split an amount as entered by the merchant (gross or net, per the setting) at ``rate`` percent."""
    if prices_include_tax:
        gross = money_round(amount)
        net = money_round(gross * HUNDRED / (HUNDRED + rate))
        return TaxSplit(net=net, tax=gross - net, gross=gross)
    net = money_round(amount)
    tax = money_round(net * rate / HUNDRED)
    return TaxSplit(net=net, tax=tax, gross=net + tax)


def gross_of(amount: Decimal, rate: Decimal, *, prices_include_tax: bool) -> Decimal:
    """The gross of an entered amount (itself when prices include tax)."""
    return tax_split(amount, rate, prices_include_tax=prices_include_tax).gross
