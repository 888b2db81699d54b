"""seed_demo sets up shipping, tax, a voucher and a running sale, so the quick start shows them all."""

from io import StringIO

import pytest
from django.core.management import call_command

from orders.models import Carrier
from shop.models import ProductVariant
from shop.promotions.models import Sale, Voucher
from shop.shipping.models import ShippingMethod, ShippingZone
from shop.tax.models import TaxClass

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", "--products", "75", "--no-images", stdout=out)
    return out.getvalue()


def test_seed_demo_creates_zones_methods_tax_a_voucher_and_a_running_sale():
    # when
    output = _seed()

    # then
    assert "2 shipping zones, 3 shipping methods, 3 tax classes, 1 vouchers, 1 sales" in output
    assert set(ShippingZone.objects.values_list("name", flat=True)) == {"Mainland China", "Remote regions"}
    express = ShippingMethod.objects.get(name="Express")
    assert express.carrier == Carrier.objects.get(is_default=True)
    assert express.bands.count() == 3
    assert TaxClass.objects.get(is_default=True).slug == "standard"
    assert TaxClass.objects.get(slug="reduced").rates.get().rate == 13 - 4
    assert Voucher.objects.get(code="WELCOME10").min_spend == 100
    assert Sale.objects.get().categories.get().name == "Sneakers"
    assert not ProductVariant.objects.filter(weight=0).exists()


def test_seed_demo_pricing_is_idempotent():
    # given
    _seed()

    # when
    output = _seed()

    # then
    assert "created 0 categories, 0 products, 0 variants" in output
    assert ", 0 shipping zones, 0 shipping methods, 0 tax classes, 0 vouchers, 0 sales;" in output
    assert ShippingMethod.objects.count() == 3
