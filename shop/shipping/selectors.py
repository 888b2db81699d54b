"""Shipping reads: the zone of an address and the methods that serve it."""

from shop.shipping.conf import shop_country
from shop.shipping.models import ShippingMethod, ShippingZone


def _normalised(value: str) -> str:
    return value.strip().casefold()


def zone_for_region(
    *, region: str | None, country: str | None = None, zones: list[ShippingZone] | None = None
) -> ShippingZone | None:
    """The zone an address in ``region`` (of ``country``, default ``SHOP_COUNTRY``) belongs to: the first zone
    naming the region, else the first whole-country zone; ``None`` when none covers it. One query, none when
    given every zone in their order (``zones``, from ``shop.pricing.snapshot``)."""
    country = (country or shop_country()).upper()
    wanted = _normalised(region) if region else None
    whole_country = None
    for zone in ShippingZone.objects.all() if zones is None else zones:
        countries = [code.upper() for code in zone.countries] or [shop_country().upper()]
        if country not in countries:
            continue
        if not zone.regions:
            whole_country = whole_country or zone
        elif wanted is not None and wanted in {_normalised(name) for name in zone.regions}:
            return zone
    return whole_country


def shipping_methods_for_zone(*, zone: ShippingZone | None) -> list[ShippingMethod]:
    """The active methods of ``zone`` with their carrier and bands: two queries (none without a zone)."""
    if zone is None:
        return []
    return list(
        ShippingMethod.objects.filter(zone=zone, is_active=True).select_related("carrier").prefetch_related("bands")
    )


def shipping_is_configured() -> bool:
    """Whether the merchant has set up any active shipping method. Without one, orders ship free (the shop
    before shipping was configured)."""
    return ShippingMethod.objects.filter(is_active=True).exists()
