"""The merchant's pricing setup (shipping zones, methods and bands, tax rates, sales) as one cached snapshot.

Checkout and the cart page price against it on every request, yet it changes only when the merchant edits it:
reading it from the shared cache saves five to seven queries per order (issue 18). Any save or delete of a
zone, method, band, carrier, tax class, tax rate or sale (and a change of a sale's products or categories)
drops the snapshot at once and again when its transaction commits, so the next read rebuilds it from the
database: a change is visible on the very next order. Sales are cached with their windows and filtered by
the clock at each read, so a sale starts and ends on time without any write.

Carriers' secrets are not loaded (``defer``): the snapshot sits in Redis and holds only what pricing and the
cart page show. Queries that change these tables in bulk (``QuerySet.update``) send no signal: call
``pricing_snapshot_invalidate`` after them.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import partial

from django.core.cache import cache
from django.db import transaction
from django.db.models import Prefetch, signals
from django.utils import timezone

from shop.promotions.models import Sale
from shop.promotions.sales import SaleRule
from shop.shipping.models import ShippingBand, ShippingMethod, ShippingZone
from shop.tax.models import TaxClass, TaxRate

CACHE_KEY = "shop:pricing-snapshot:v1"
# An upper bound only: every edit drops the snapshot at once.
CACHE_SECONDS = 15 * 60


@dataclass(frozen=True)
class TimedSale:
    rule: SaleRule
    starts_at: datetime
    ends_at: datetime | None

    def running(self, now: datetime) -> bool:
        return self.starts_at <= now and (self.ends_at is None or now < self.ends_at)


@dataclass(frozen=True)
class PricingSnapshot:
    zones: list[ShippingZone]
    rates: list[TaxRate]
    methods: list[ShippingMethod]  # active ones, with their carrier (no secrets) and bands
    sales: list[TimedSale]  # active ones, whatever their window

    def running_sales(self, now: datetime | None = None) -> list[SaleRule]:
        now = now or timezone.now()
        return [sale.rule for sale in self.sales if sale.running(now)]

    def methods_of(self, zone: ShippingZone | None) -> list[ShippingMethod]:
        return [] if zone is None else [method for method in self.methods if method.zone_id == zone.pk]


def _load() -> PricingSnapshot:
    methods = (
        ShippingMethod.objects.filter(is_active=True)
        .select_related("carrier")
        .defer("carrier__webhook_secret", "carrier__api_key")
        .prefetch_related(Prefetch("bands", queryset=ShippingBand.objects.all()))
    )
    sales = Sale.objects.filter(is_active=True).prefetch_related("products", "categories")
    return PricingSnapshot(
        zones=list(ShippingZone.objects.all()),
        rates=list(TaxRate.objects.select_related("tax_class")),
        methods=list(methods),
        sales=[
            TimedSale(
                rule=SaleRule(
                    name=sale.name,
                    kind=sale.kind,
                    value=Decimal(sale.value),
                    product_ids=frozenset(product.pk for product in sale.products.all()),
                    category_ids=frozenset(category.pk for category in sale.categories.all()),
                ),
                starts_at=sale.starts_at,
                ends_at=sale.ends_at,
            )
            for sale in sales.order_by("-starts_at", "id")
        ],
    )


def pricing_snapshot() -> PricingSnapshot:
    """The pricing setup: from the cache, else from the database (six queries) and then cached.

    A transaction that changes pricing rows and reads them before it commits caches what it saw; its commit
    drops that again. Only one that then rolls back leaves it for ``CACHE_SECONDS`` at most."""
    snapshot = cache.get(CACHE_KEY)
    if snapshot is None:
        snapshot = _load()
        cache.set(CACHE_KEY, snapshot, CACHE_SECONDS)
    return snapshot


def pricing_snapshot_invalidate(**_kwargs) -> None:
    """Drop the snapshot now and once more when the current transaction commits (a read in between may have
    cached the rows as they were before the commit)."""
    cache.delete(CACHE_KEY)
    transaction.on_commit(partial(cache.delete, CACHE_KEY))


def connect_invalidation() -> None:
    """Connect ``pricing_snapshot_invalidate`` to every change of the tables in the snapshot (shop's
    ``AppConfig.ready``). The carrier model is found through the method's foreign key: shop imports no orders
    module."""
    carrier = ShippingMethod._meta.get_field("carrier").related_model
    for model in (ShippingZone, ShippingMethod, ShippingBand, TaxClass, TaxRate, Sale, carrier):
        for name, signal in (("save", signals.post_save), ("delete", signals.post_delete)):
            signal.connect(
                pricing_snapshot_invalidate, sender=model, dispatch_uid=f"pricing-snapshot-{name}-{model.__name__}"
            )
    for through in (Sale.products.through, Sale.categories.through):
        signals.m2m_changed.connect(
            pricing_snapshot_invalidate, sender=through, dispatch_uid=f"pricing-snapshot-m2m-{through.__name__}"
        )
