"""Tax reads: the rate of each tax class in a zone."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from shop.shipping.models import ShippingZone
from shop.tax.conf import shipping_tax_class_slug
from shop.tax.models import TaxRate

ZERO_RATE = Decimal("0.00")


@dataclass(frozen=True)
class ZoneRates:
    """Rates by tax class id in one zone; a product without a class takes the default class's rate."""

    by_class: dict[int, Decimal] = field(default_factory=dict)
    default_class_id: int | None = None
    shipping_class_id: int | None = None

    def rate_for(self, tax_class_id: int | None) -> Decimal:
        class_id = tax_class_id if tax_class_id is not None else self.default_class_id
        return self.by_class.get(class_id, ZERO_RATE)

    @property
    def shipping_rate(self) -> Decimal:
        return self.rate_for(self.shipping_class_id if self.shipping_class_id is not None else None)


def zone_rates(*, zone: ShippingZone | None, all_rates: list[TaxRate] | None = None) -> ZoneRates:
    """Every class's rate in ``zone`` (a zone's own rate wins over the general one). One query, none when given
    every rate with its class (``all_rates``, from ``shop.pricing.snapshot``)."""
    if all_rates is None:
        rates = TaxRate.objects.select_related("tax_class").filter(
            Q(zone__isnull=True) | Q(zone=zone) if zone else Q(zone__isnull=True)
        )
    else:
        zone_id = zone.pk if zone else None
        rates = [rate for rate in all_rates if rate.zone_id is None or (zone_id and rate.zone_id == zone_id)]
    by_class: dict[int, Decimal] = {}
    zone_specific: set[int] = set()
    default_class_id = shipping_class_id = None
    for rate in rates:
        tax_class = rate.tax_class
        if tax_class.is_default:
            default_class_id = tax_class.pk
        if tax_class.slug == shipping_tax_class_slug():
            shipping_class_id = tax_class.pk
        if rate.zone_id is not None:
            zone_specific.add(tax_class.pk)
            by_class[tax_class.pk] = rate.rate
        elif tax_class.pk not in zone_specific:
            by_class[tax_class.pk] = rate.rate
    return ZoneRates(by_class=by_class, default_class_id=default_class_id, shipping_class_id=shipping_class_id)
