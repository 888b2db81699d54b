"""Demo shipping, tax, voucher and sale for ``seed_demo``: enough for the quick start to show them all.

Idempotent: rows are matched on name, slug or code and never changed once there, except that variants
still weighing 0 kg get their category's demo weight and products without a tax class get theirs.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from demo.catalog import SeedCounts
from shop.models import Category, Product, ProductVariant
from shop.promotions.models import DiscountKind, Sale, SaleKind, Voucher, VoucherTarget
from shop.services.catalog_version import catalog_version_bump
from shop.shipping.models import PricingBasis, ShippingBand, ShippingMethod, ShippingZone
from shop.tax.models import TaxClass, TaxRate

DEMO_VOUCHER_CODE = "WELCOME10"
DEMO_SALE_NAME = "Sneaker week"
REMOTE_REGIONS = ["Xinjiang", "Tibet", "Qinghai", "Inner Mongolia"]
# Packed weight of one unit by top-level category (kg); a few leaves are heavier.
_WEIGHTS = {"Clothing": "0.600", "Home": "1.500", "Electronics": "0.800", "Sports & Outdoors": "2.500"}
_HEAVY_LEAVES = {"Dumbbells": "8.000", "Tents": "3.500", "Laptops": "2.200", "Boots": "1.400"}
_REDUCED_LEAVES = ("Coffee & Tea",)  # agricultural products: China's 9% VAT rate


def _method(counts: SeedCounts, zone: ShippingZone, name: str, bands: list[tuple[str | None, str]], **fields):
    method, created = ShippingMethod.objects.get_or_create(zone=zone, name=name, defaults=fields)
    if created:
        ShippingBand.objects.bulk_create(
            ShippingBand(method=method, upper_limit=Decimal(limit) if limit else None, price=Decimal(price))
            for limit, price in bands
        )
    counts.add("shipping methods", created=int(created), found=int(not created))
    return method


def demo_shipping_seed(*, carrier=None) -> SeedCounts:
    """Two zones (mainland, remote regions) and three methods; express goes with ``carrier``."""
    counts = SeedCounts()
    mainland, created = ShippingZone.objects.get_or_create(
        name="Mainland China", defaults={"countries": ["CN"], "regions": [], "position": 1}
    )
    counts.add("shipping zones", created=int(created), found=int(not created))
    remote, created = ShippingZone.objects.get_or_create(
        name="Remote regions", defaults={"countries": ["CN"], "regions": REMOTE_REGIONS, "position": 0}
    )
    counts.add("shipping zones", created=int(created), found=int(not created))
    _method(
        counts,
        mainland,
        "Standard delivery",
        [("99.00", "10.00"), (None, "6.00")],
        delivery_min_days=2,
        delivery_max_days=4,
        free_shipping_threshold=Decimal("199.00"),
        position=0,
    )
    _method(
        counts,
        mainland,
        "Express",
        [("1.000", "18.00"), ("5.000", "28.00"), (None, "45.00")],
        pricing_basis=PricingBasis.WEIGHT,
        carrier=carrier,
        delivery_min_days=1,
        delivery_max_days=1,
        position=1,
    )
    _method(
        counts,
        remote,
        "Remote delivery",
        [("1.000", "20.00"), ("5.000", "35.00"), (None, "60.00")],
        pricing_basis=PricingBasis.WEIGHT,
        delivery_min_days=5,
        delivery_max_days=9,
    )
    return counts


def demo_tax_seed() -> SeedCounts:
    """Standard 13% (default, also shipping's), reduced 9% (coffee and tea), zero 0%."""
    counts = SeedCounts()
    classes = {}
    for slug, name, rate, is_default in (
        ("standard", "Standard", "13.00", True),
        ("reduced", "Reduced", "9.00", False),
        ("zero", "Zero", "0.00", False),
    ):
        tax_class, created = TaxClass.objects.get_or_create(
            slug=slug, defaults={"name": name, "is_default": is_default}
        )
        TaxRate.objects.get_or_create(tax_class=tax_class, zone=None, defaults={"rate": Decimal(rate)})
        counts.add("tax classes", created=int(created), found=int(not created))
        classes[slug] = tax_class
    Product.objects.filter(tax_class__isnull=True, category__name__in=_REDUCED_LEAVES).update(
        tax_class=classes["reduced"]
    )
    return counts


def demo_weights_seed() -> None:
    """Give unweighed variants their category's demo weight (two updates per category group)."""
    for top, weight in _WEIGHTS.items():
        ProductVariant.objects.filter(weight=0, product__category__parent__parent__name=top).exclude(
            product__category__name__in=_HEAVY_LEAVES
        ).update(weight=Decimal(weight))
    for leaf, weight in _HEAVY_LEAVES.items():
        ProductVariant.objects.filter(weight=0, product__category__name=leaf).update(weight=Decimal(weight))


def demo_promotions_seed() -> SeedCounts:
    """``WELCOME10``: 10% off from 100.00, once per customer, for a year; a running sneaker sale (15% off)."""
    counts = SeedCounts()
    now = timezone.now()
    _, created = Voucher.objects.get_or_create(
        code=DEMO_VOUCHER_CODE,
        defaults={
            "name": "Welcome: 10% off your first order from 100.00",
            "kind": DiscountKind.PERCENTAGE,
            "applies_to": VoucherTarget.ORDER,
            "value": Decimal("10"),
            "min_spend": Decimal("100.00"),
            "max_uses": 10000,
            "max_uses_per_customer": 1,
            "starts_at": now - timedelta(days=1),
            "ends_at": now + timedelta(days=365),
        },
    )
    counts.add("vouchers", created=int(created), found=int(not created))
    sale, created = Sale.objects.get_or_create(
        name=DEMO_SALE_NAME,
        defaults={
            "kind": SaleKind.PERCENTAGE,
            "value": Decimal("15"),
            "starts_at": now - timedelta(days=1),
            "ends_at": now + timedelta(days=30),
        },
    )
    if created:
        sale.categories.set(Category.objects.filter(name="Sneakers"))
    counts.add("sales", created=int(created), found=int(not created))
    return counts


def demo_pricing_seed(*, carrier=None) -> SeedCounts:
    """Everything above, in one transaction."""
    with transaction.atomic():
        counts = demo_shipping_seed(carrier=carrier)
        counts.merge(demo_tax_seed())
        demo_weights_seed()
        counts.merge(demo_promotions_seed())
        catalog_version_bump()  # queryset updates above send no signal
    return counts
