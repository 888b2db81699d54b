"""What a shipping method costs for an order: its band for the order total or the parcel weight, or
nothing above the free-shipping threshold. Amounts are the shop's entry prices (see ``shop.tax.conf``)."""

from decimal import Decimal

from core.money import ZERO
from shop.shipping.models import PricingBasis, ShippingMethod


def method_price(method: ShippingMethod, *, order_value: Decimal, weight: Decimal) -> Decimal | None:
    """The entry price of ``method`` for an order worth ``order_value`` weighing ``weight`` kg, or ``None``
    when no band covers it (the method does not serve such an order). Reads ``method.bands`` (prefetch it)."""
    threshold = method.free_shipping_threshold
    if threshold is not None and order_value >= threshold:
        return ZERO
    value = weight if method.pricing_basis == PricingBasis.WEIGHT else order_value
    candidates = [band for band in method.bands.all() if band.upper_limit is None or value <= band.upper_limit]
    if not candidates:
        return None
    bounded = [band for band in candidates if band.upper_limit is not None]
    band = min(bounded, key=lambda band: band.upper_limit) if bounded else candidates[0]
    return band.price
