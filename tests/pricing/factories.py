from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from shop.promotions.models import DiscountKind, Sale, SaleKind, Voucher, VoucherTarget
from shop.shipping.models import PricingBasis, ShippingBand, ShippingMethod, ShippingZone
from shop.tax.models import TaxClass, TaxRate


class ShippingZoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingZone

    name = factory.Sequence(lambda n: f"Zone {n}")
    countries = factory.LazyFunction(lambda: ["CN"])
    regions = factory.LazyFunction(list)


class ShippingMethodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingMethod

    zone = factory.SubFactory(ShippingZoneFactory)
    name = factory.Sequence(lambda n: f"Method {n}")
    pricing_basis = PricingBasis.ORDER_TOTAL


class ShippingBandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingBand

    method = factory.SubFactory(ShippingMethodFactory)
    upper_limit = None
    price = Decimal("10.00")


class TaxClassFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxClass
        django_get_or_create = ("slug",)

    name = factory.LazyAttribute(lambda tax_class: tax_class.slug.title())
    slug = "standard"


class TaxRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TaxRate

    tax_class = factory.SubFactory(TaxClassFactory)
    zone = None
    rate = Decimal("13.00")


class VoucherFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Voucher

    code = factory.Sequence(lambda n: f"SAVE{n}")
    kind = DiscountKind.PERCENTAGE
    applies_to = VoucherTarget.ORDER
    value = Decimal("10")


class SaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sale
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Sale {n}")
    kind = SaleKind.PERCENTAGE
    value = Decimal("20")
    starts_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))

    @factory.post_generation
    def products(self, create, extracted, **kwargs):
        if create and extracted:
            self.products.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


def standard_tax_setup(*, standard: str = "13.00", reduced: str = "9.00") -> tuple[TaxClass, TaxClass]:
    """Standard (the default class, also shipping's) and reduced, with general rates."""
    standard_class = TaxClassFactory(slug="standard", is_default=True)
    reduced_class = TaxClassFactory(slug="reduced")
    TaxRateFactory(tax_class=standard_class, rate=Decimal(standard))
    TaxRateFactory(tax_class=reduced_class, rate=Decimal(reduced))
    return standard_class, reduced_class


def method_with_bands(*, zone=None, basis=PricingBasis.ORDER_TOTAL, bands=(), **fields) -> ShippingMethod:
    """A method with ``bands``: pairs of (upper limit or None, price) as strings."""
    method = ShippingMethodFactory(zone=zone or ShippingZoneFactory(), pricing_basis=basis, **fields)
    for limit, price in bands:
        ShippingBandFactory(method=method, upper_limit=Decimal(limit) if limit else None, price=Decimal(price))
    return method
