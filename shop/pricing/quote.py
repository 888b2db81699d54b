"""The one calculation of an order's prices: sales, voucher, shipping and tax, line by line.

Everything is computed in the shop's *entry* amounts (gross when ``TAX_PRICES_INCLUDE_TAX``, else net):
sale prices, the voucher's discount and minimum spend, the shipping bands and free-shipping threshold.
Then each line (after its share of an order voucher) and shipping (after a shipping voucher) is split into
net, tax and gross once, rounded half up to the cent (``shop.tax.calculation``). Totals are sums of those
rounded lines, so ``net_total + tax_total = total = subtotal + shipping_total - discount_total`` exactly.

The voucher's discount is shared out over the lines in proportion to their amounts, to the cent, the
leftover cents going to the lines with the largest remainders (then the first lines).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from core.money import CENT, ZERO, money_sum
from shop.promotions.models import Voucher, VoucherTarget
from shop.promotions.sales import SaleRule, sale_price
from shop.promotions.vouchers import voucher_check_min_spend, voucher_discount
from shop.shipping.models import ShippingMethod
from shop.shipping.pricing import method_price
from shop.tax.calculation import gross_of, tax_split


@dataclass(frozen=True)
class QuoteItem:
    """One line to price: a variant's entry price before any sale, its quantity and what sales and tax need."""

    key: int
    unit_price: Decimal
    quantity: int
    product_id: int
    category_ids: tuple[int, ...]
    tax_rate: Decimal
    weight: Decimal = ZERO


@dataclass(frozen=True)
class LineQuote:
    key: int
    quantity: int
    unit_price: Decimal  # gross, after any sale
    original_unit_price: Decimal | None  # gross before the sale; None without one
    sale_name: str
    line_total: Decimal  # gross, after sales, before the voucher
    line_discount: Decimal  # gross share of an order voucher
    tax_rate: Decimal
    line_net: Decimal
    line_tax: Decimal

    @property
    def line_gross(self) -> Decimal:
        return self.line_total - self.line_discount


@dataclass(frozen=True)
class ShippingQuote:
    method: ShippingMethod
    price: Decimal  # gross, before a shipping voucher
    discount: Decimal  # gross
    tax_rate: Decimal
    net: Decimal
    tax: Decimal


@dataclass(frozen=True)
class TaxBand:
    rate: Decimal
    net: Decimal
    tax: Decimal
    gross: Decimal

    def as_dict(self) -> dict[str, str]:
        return {"rate": str(self.rate), "net": str(self.net), "tax": str(self.tax), "gross": str(self.gross)}


@dataclass(frozen=True)
class Quote:
    lines: list[LineQuote]
    shipping: ShippingQuote | None
    voucher: Voucher | None
    subtotal: Decimal
    shipping_total: Decimal
    discount_total: Decimal
    total: Decimal
    net_total: Decimal
    tax_total: Decimal
    breakdown: list[TaxBand]
    prices_include_tax: bool
    weight: Decimal
    shipping_options: list[tuple[ShippingMethod, Decimal]] = field(default_factory=list)

    @property
    def voucher_code(self) -> str:
        return self.voucher.code if self.voucher else ""

    @property
    def tax_breakdown(self) -> list[dict[str, str]]:
        return [band.as_dict() for band in self.breakdown]


def allocate(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """``amount`` split in proportion to ``weights``, to the cent, summing exactly to ``amount``."""
    total = sum(weights, ZERO)
    if not weights or total <= 0 or amount <= 0:
        return [ZERO for _ in weights]
    exact = [amount * weight / total for weight in weights]
    shares = [value.quantize(CENT, rounding=ROUND_DOWN) for value in exact]
    leftover = int((amount - sum(shares, ZERO)) / CENT)
    by_remainder = sorted(range(len(weights)), key=lambda index: (-(exact[index] - shares[index]), index))
    for index in by_remainder[:leftover]:
        shares[index] += CENT
    return shares


def _entry_lines(items: list[QuoteItem], sales: list[SaleRule]) -> list[tuple[QuoteItem, Decimal, SaleRule | None]]:
    priced = []
    for item in items:
        unit, rule = sale_price(
            item.unit_price, product_id=item.product_id, category_ids=item.category_ids, sales=sales
        )
        priced.append((item, unit, rule))
    return priced


def shipping_options(
    methods: list[ShippingMethod], *, order_value: Decimal, weight: Decimal, rate: Decimal, prices_include_tax: bool
) -> list[tuple[ShippingMethod, Decimal]]:
    """The methods that can ship this order, each with its gross price."""
    options = []
    for method in methods:
        price = method_price(method, order_value=order_value, weight=weight)
        if price is not None:
            options.append((method, gross_of(price, rate, prices_include_tax=prices_include_tax)))
    return options


def quote_build(
    *,
    items: list[QuoteItem],
    sales: list[SaleRule],
    prices_include_tax: bool,
    voucher: Voucher | None = None,
    methods: list[ShippingMethod] = (),
    method: ShippingMethod | None = None,
    shipping_rate: Decimal = ZERO,
) -> Quote:
    """Price ``items``. ``method`` must be one of ``methods`` that serves the order (the caller checks);
    ``voucher`` must have passed its window and limits. Raises ``VoucherMinSpend``; nothing else."""
    entries = _entry_lines(items, sales)
    entry_totals = [unit * item.quantity for item, unit, _rule in entries]
    products_total = sum(entry_totals, ZERO)

    order_discount = shipping_voucher = None
    if voucher is not None:
        voucher_check_min_spend(voucher=voucher, products_total=products_total)
        if voucher.applies_to == VoucherTarget.SHIPPING:
            shipping_voucher = voucher
        else:
            order_discount = voucher_discount(voucher=voucher, base=products_total)
    shares = allocate(order_discount or ZERO, entry_totals)

    lines = []
    for (item, unit, rule), entry_total, share in zip(entries, entry_totals, shares, strict=True):
        include = prices_include_tax
        before = tax_split(entry_total, item.tax_rate, prices_include_tax=include)
        after = tax_split(entry_total - share, item.tax_rate, prices_include_tax=include) if share else before
        lines.append(
            LineQuote(
                key=item.key,
                quantity=item.quantity,
                unit_price=gross_of(unit, item.tax_rate, prices_include_tax=include),
                original_unit_price=gross_of(item.unit_price, item.tax_rate, prices_include_tax=include)
                if rule
                else None,
                sale_name=rule.name if rule else "",
                line_total=before.gross,
                line_discount=before.gross - after.gross,
                tax_rate=item.tax_rate,
                line_net=after.net,
                line_tax=after.tax,
            )
        )

    weight = sum((item.weight * item.quantity for item in items), ZERO)
    order_value = products_total - (order_discount or ZERO)
    options = shipping_options(
        list(methods), order_value=order_value, weight=weight, rate=shipping_rate, prices_include_tax=prices_include_tax
    )
    shipping = None
    if method is not None:
        entry_price = method_price(method, order_value=order_value, weight=weight) or ZERO
        off = voucher_discount(voucher=shipping_voucher, base=entry_price) if shipping_voucher else ZERO
        before = tax_split(entry_price, shipping_rate, prices_include_tax=prices_include_tax)
        after = tax_split(entry_price - off, shipping_rate, prices_include_tax=prices_include_tax)
        shipping = ShippingQuote(
            method=method,
            price=before.gross,
            discount=before.gross - after.gross,
            tax_rate=shipping_rate,
            net=after.net,
            tax=after.tax,
        )

    bands: dict[Decimal, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for line in lines:
        bands[line.tax_rate][0] += line.line_net
        bands[line.tax_rate][1] += line.line_tax
    if shipping is not None:
        bands[shipping.tax_rate][0] += shipping.net
        bands[shipping.tax_rate][1] += shipping.tax
    breakdown = [
        TaxBand(rate=rate, net=net, tax=tax, gross=net + tax)
        for rate, (net, tax) in sorted(bands.items(), reverse=True)
    ]

    subtotal = money_sum(line.line_total for line in lines)
    shipping_total = shipping.price if shipping else ZERO
    discount_total = money_sum(line.line_discount for line in lines) + (shipping.discount if shipping else ZERO)
    return Quote(
        lines=lines,
        shipping=shipping,
        voucher=voucher,
        subtotal=subtotal,
        shipping_total=shipping_total,
        discount_total=discount_total,
        total=subtotal + shipping_total - discount_total,
        net_total=money_sum(band.net for band in breakdown),
        tax_total=money_sum(band.tax for band in breakdown),
        breakdown=breakdown,
        prices_include_tax=prices_include_tax,
        weight=weight,
        shipping_options=options,
    )
