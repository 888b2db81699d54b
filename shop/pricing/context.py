"""Load what pricing needs for one delivery region, and price variants with it.

``pricing_context_load`` picks the zone, its tax rates, the running sales and the zone's shipping methods
from the cached pricing snapshot (``shop.pricing.snapshot``: no query while it is cached, six to rebuild it),
whatever the number of lines: the cart page and checkout call it once.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from core.errors import DomainError
from shop.codes import ErrorCode
from shop.pricing.quote import Quote, QuoteItem, quote_build
from shop.pricing.snapshot import pricing_snapshot
from shop.promotions.models import Voucher
from shop.promotions.sales import SaleRule, product_category_ids
from shop.shipping.models import ShippingMethod, ShippingZone
from shop.shipping.selectors import zone_for_region
from shop.tax.conf import prices_include_tax
from shop.tax.selectors import ZoneRates, zone_rates


class ShippingUnavailable(DomainError):
    code = ErrorCode.SHIPPING_UNAVAILABLE
    default_detail = gettext_lazy("We do not ship this order to this address yet.")


class ShippingMethodUnavailable(DomainError):
    code = ErrorCode.SHIPPING_METHOD_UNAVAILABLE
    default_detail = gettext_lazy("This shipping method does not serve this address or order. Choose another.")


@dataclass(frozen=True)
class PricingContext:
    zone: ShippingZone | None
    rates: ZoneRates
    sales: list[SaleRule]
    methods: list[ShippingMethod]
    prices_include_tax: bool
    shipping_configured: bool = True  # whether the merchant has any active shipping method at all


def pricing_context_load(*, region: str | None) -> PricingContext:
    """Everything pricing reads for an address in ``region`` (``None``: the whole-country zone)."""
    snapshot = pricing_snapshot()
    zone = zone_for_region(region=region, zones=snapshot.zones)
    return PricingContext(
        zone=zone,
        rates=zone_rates(zone=zone, all_rates=snapshot.rates),
        sales=snapshot.running_sales(),
        methods=snapshot.methods_of(zone),
        prices_include_tax=prices_include_tax(),
        shipping_configured=bool(snapshot.methods),
    )


def quote_item_for_variant(variant, quantity: int, rates: ZoneRates) -> QuoteItem:
    """A line to price for ``variant`` (with ``product__category`` loaded)."""
    product = variant.product
    return QuoteItem(
        key=variant.pk,
        unit_price=variant.price,
        quantity=quantity,
        product_id=product.pk,
        category_ids=product_category_ids(product),
        tax_rate=rates.rate_for(product.tax_class_id),
        weight=variant.weight,
    )


def _method_choose(
    context: PricingContext, quote: Quote, method_id: int | None, *, strict: bool
) -> ShippingMethod | None:
    serving = {option.method.pk: option.method for option in quote.shipping_options}
    if method_id is not None and method_id in serving:
        return serving[method_id]
    if method_id is not None and strict:
        raise ShippingMethodUnavailable(fields={"shipping_method": [ShippingMethodUnavailable.default_detail]})
    if quote.shipping_options:
        cheapest = min(
            quote.shipping_options, key=lambda option: (option.price, option.method.position, option.method.pk)
        )
        return cheapest.method
    if strict and quote.lines and context.shipping_configured:
        raise ShippingUnavailable()
    return None


def quote_for_variants(
    *,
    context: PricingContext,
    lines: list[tuple[object, int]],
    voucher: Voucher | None = None,
    method_id: int | None = None,
    strict: bool = False,
) -> Quote:
    """Price ``(variant, quantity)`` pairs with the chosen method (else the cheapest that serves the order)
    and ``voucher``. ``strict`` (checkout) raises ``ShippingMethodUnavailable`` for a chosen method that does
    not serve the order and ``ShippingUnavailable`` when the merchant ships but not here; the cart page
    falls back to the cheapest option instead. Raises ``VoucherMinSpend``."""
    items = [quote_item_for_variant(variant, quantity, context.rates) for variant, quantity in lines]
    arguments = {
        "items": items,
        "sales": context.sales,
        "prices_include_tax": context.prices_include_tax,
        "voucher": voucher,
        "methods": context.methods,
        "shipping_rate": context.rates.shipping_rate,
    }
    draft = quote_build(**arguments)
    method = _method_choose(context, draft, method_id, strict=strict)
    if method is None:
        return draft
    return quote_build(**arguments, method=method)
