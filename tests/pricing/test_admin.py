"""Merchants set up shipping, tax, vouchers and sales in the admin; the order's admin page shows the same
frozen amounts as the shopper's page; who used a voucher is masked."""

from decimal import Decimal

import pytest

from shop.promotions.models import Voucher, VoucherUsage
from shop.shipping.models import ShippingMethod
from tests.accounts.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.pricing.factories import ShippingZoneFactory, VoucherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/admin/shipping/shippingzone/",
        "/admin/shipping/shippingmethod/add/",
        "/admin/tax/taxclass/add/",
        "/admin/promotions/voucher/add/",
        "/admin/promotions/sale/add/",
        "/admin/promotions/voucherusage/",
    ],
)
def test_the_pricing_screens_open(staff_client, url):
    # when
    response = staff_client.get(url)

    # then
    assert response.status_code == 200


def test_a_merchant_adds_a_method_with_weight_bands(staff_client):
    # given
    zone = ShippingZoneFactory(name="Mainland")

    # when
    response = staff_client.post(
        "/admin/shipping/shippingmethod/add/",
        {
            "zone": zone.pk,
            "name": "Heavy parcels",
            "delivery_min_days": 2,
            "delivery_max_days": 6,
            "pricing_basis": "weight",
            "free_shipping_threshold": "",
            "is_active": "on",
            "position": 0,
            "bands-TOTAL_FORMS": 2,
            "bands-INITIAL_FORMS": 0,
            "bands-0-upper_limit": "5",
            "bands-0-price": "12.00",
            "bands-1-upper_limit": "",
            "bands-1-price": "30.00",
        },
    )

    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    method = ShippingMethod.objects.get(name="Heavy parcels")
    assert sorted((band.upper_limit, band.price) for band in method.bands.all() if band.upper_limit) == [
        (Decimal("5.000"), Decimal("12.00"))
    ]
    assert method.bands.count() == 2


def test_a_voucher_code_is_kept_in_capitals(staff_client):
    # when
    staff_client.post(
        "/admin/promotions/voucher/add/",
        {
            "code": " spring26 ",
            "name": "",
            "kind": "percentage",
            "value": "15",
            "applies_to": "order",
            "is_active": "on",
        },
    )

    # then
    assert Voucher.objects.filter(code="SPRING26").exists()


def test_the_order_page_shows_the_tax_split_and_the_voucher_use_hides_the_customer(staff_client):
    # given
    buyer = UserFactory(email="buyer@example.com")
    order = OrderFactory(
        user=buyer,
        total=Decimal("106.70"),
        discount_total=Decimal("10.00"),
        shipping_total=Decimal("12.00"),
        net_total=Decimal("95.75"),
        tax_total=Decimal("10.95"),
        voucher_code="TENOFF",
        tax_breakdown=[{"rate": "13.00", "net": "58.41", "tax": "7.59", "gross": "66.00"}],
    )
    OrderLineFactory(order=order)
    usage = VoucherUsage.objects.create(voucher=VoucherFactory(code="TENOFF"), user=buyer, order=order)

    # when
    order_page = staff_client.get(f"/admin/orders/order/{order.pk}/change/").content.decode()
    usage_page = staff_client.get(f"/admin/promotions/voucherusage/{usage.pk}/change/").content.decode()

    # then
    assert "106.70" in order_page and "95.75" in order_page and "10.95" in order_page
    assert "13.00%: net 58.41, tax 7.59, gross 66.00" in order_page
    assert "buyer@example.com" not in usage_page
