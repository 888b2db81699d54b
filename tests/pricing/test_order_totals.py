"""Checkout freezes the one calculation on the order: sales, voucher, shipping and per-line tax rounded
ROUND_HALF_UP, checked against totals worked out by hand (the arithmetic is in each test's comments)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from orders.models import Order, OrderLine
from shop.pricing.snapshot import pricing_snapshot
from shop.promotions.models import DiscountKind, VoucherUsage
from shop.shipping.models import PricingBasis
from tests.accounts.factories import UserFactory
from tests.pricing.factories import SaleFactory, VoucherFactory, method_with_bands, standard_tax_setup
from tests.shop.factories import CartFactory, CartItemFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "recipient_name": "Han Meimei",
    "phone": "13700001234",
    "region": "Sichuan",
    "city": "Chengdu",
    "street": "99 Tianfu Avenue",
}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def _cart(user, *lines):
    cart = CartFactory(user=user)
    for variant, quantity in lines:
        CartItemFactory(cart=cart, variant=variant, quantity=quantity)
    return cart


def _amounts(body, *names):
    return tuple(body[name] for name in names)


def test_gross_prices_with_a_fixed_voucher_two_rates_and_banded_shipping_add_up_to_the_cent(api, user):
    # given: prices include tax; standard 13% (also shipping's), reduced 9%
    _standard, reduced = standard_tax_setup()
    shirt = ProductVariantFactory(price=Decimal("19.90"), stock=10)
    book = ProductVariantFactory(price=Decimal("45.00"), stock=10, product=ProductFactory(tax_class=reduced))
    method = method_with_bands(
        name="Standard parcel", bands=[("99.00", "12.00"), (None, "8.00")], free_shipping_threshold=Decimal("200")
    )
    VoucherFactory(code="TENOFF", kind=DiscountKind.FIXED_AMOUNT, value=Decimal("10.00"))
    _cart(user, (shirt, 3), (book, 1))

    # when
    response = api.post("/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": "tenoff"}, format="json")

    # then
    # products 59.70 + 45.00 = 104.70; the 10.00 off is shared 5.702 -> 5.70 and 4.298 -> 4.30 (largest remainder)
    # shirt 54.00 at 13%: net 54.00 / 1.13 = 47.7876 -> 47.79, tax 6.21
    # book 40.70 at 9%: net 40.70 / 1.09 = 37.3394 -> 37.34, tax 3.36
    # shipping: 94.70 after the voucher is in the band up to 99.00: 12.00, net 10.6195 -> 10.62, tax 1.38
    assert response.status_code == 201, response.json()
    body = response.json()
    assert _amounts(body, "subtotal", "shipping_total", "discount_total", "total") == (
        "104.70",
        "12.00",
        "10.00",
        "106.70",
    )
    assert _amounts(body, "net_total", "tax_total", "voucher_code") == ("95.75", "10.95", "TENOFF")
    assert body["tax_breakdown"] == [
        {"rate": "13.00", "net": "58.41", "tax": "7.59", "gross": "66.00"},
        {"rate": "9.00", "net": "37.34", "tax": "3.36", "gross": "40.70"},
    ]
    assert [
        _amounts(line, "line_total", "line_discount", "tax_rate", "line_net", "line_tax") for line in body["lines"]
    ] == [
        ("59.70", "5.70", "13.00", "47.79", "6.21"),
        ("45.00", "4.30", "9.00", "37.34", "3.36"),
    ]
    assert body["shipping"] == {
        "name": "Standard parcel",
        "price": "12.00",
        "tax_rate": "13.00",
        "net": "10.62",
        "tax": "1.38",
    }
    order = Order.objects.get(number=body["number"])
    assert order.shipping_method == method
    assert (order.total, order.net_total + order.tax_total) == (Decimal("106.70"), Decimal("106.70"))
    assert VoucherUsage.objects.filter(order=order, user=user).count() == 1


def test_net_prices_round_each_line_half_up(api, user, settings):
    # given: prices entered net; tax is added on top, per line
    settings.TAX_PRICES_INCLUDE_TAX = False
    _standard, reduced = standard_tax_setup()
    lamp = ProductVariantFactory(price=Decimal("10.00"), weight=Decimal("0.400"))
    sticker = ProductVariantFactory(
        price=Decimal("0.50"), weight=Decimal("0.010"), product=ProductFactory(tax_class=reduced)
    )
    method_with_bands(basis=PricingBasis.WEIGHT, bands=[("1.000", "5.00"), ("5.000", "9.00")])
    _cart(user, (lamp, 3), (sticker, 1))

    # when
    response = api.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")

    # then
    # lamps 30.00 net at 13%: tax 3.90, gross 33.90 (unit 10.00 * 1.13 = 11.30)
    # sticker 0.50 net at 9%: tax 0.045 -> 0.05 half up (half-even would give 0.04), gross 0.55
    # 1.21 kg is in the band up to 5 kg: 9.00 net, tax 1.17, gross 10.17
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [_amounts(line, "unit_price", "line_total", "line_net", "line_tax") for line in body["lines"]] == [
        ("11.30", "33.90", "30.00", "3.90"),
        ("0.55", "0.55", "0.50", "0.05"),
    ]
    assert _amounts(body, "subtotal", "shipping_total", "total", "net_total", "tax_total") == (
        "34.45",
        "10.17",
        "44.62",
        "39.50",
        "5.12",
    )
    assert body["prices_include_tax"] is False
    assert body["tax_breakdown"] == [
        {"rate": "13.00", "net": "39.00", "tax": "5.07", "gross": "44.07"},
        {"rate": "9.00", "net": "0.50", "tax": "0.05", "gross": "0.55"},
    ]


def test_a_running_sale_lowers_the_price_and_the_order_keeps_the_old_one(api, user):
    # given
    standard_tax_setup()
    shirt = ProductVariantFactory(price=Decimal("19.90"))
    SaleFactory(name="Spring sale", value=Decimal("20"), categories=[shirt.product.category])
    _cart(user, (shirt, 2))

    # when
    response = api.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")

    # then: 19.90 - 20% (3.98) = 15.92 each
    assert response.status_code == 201, response.json()
    line = response.json()["lines"][0]
    assert _amounts(line, "original_unit_price", "unit_price", "line_total") == ("19.90", "15.92", "31.84")
    stored = OrderLine.objects.get(order__number=response.json()["number"])
    assert (stored.original_unit_price, stored.unit_price, stored.line_total) == (
        Decimal("19.90"),
        Decimal("15.92"),
        Decimal("31.84"),
    )


def test_a_shipping_voucher_takes_off_the_shipping_only_and_free_shipping_starts_at_the_threshold(api, user):
    # given
    standard_tax_setup()
    cheap = method_with_bands(name="Post", bands=[(None, "15.00")], free_shipping_threshold=Decimal("100.00"))
    VoucherFactory(code="SHIPHALF", applies_to="shipping", value=Decimal("50"))
    _cart(user, (ProductVariantFactory(price=Decimal("40.00")), 1))

    # when
    response = api.post(
        "/api/v1/orders/",
        {"shipping_address": ADDRESS, "voucher_code": "SHIPHALF", "shipping_method": cheap.pk},
        format="json",
    )

    # then: 15.00 shipping, half off: 7.50; total 40.00 + 15.00 - 7.50
    assert response.status_code == 201, response.json()
    body = response.json()
    assert _amounts(body, "subtotal", "shipping_total", "discount_total", "total") == (
        "40.00",
        "15.00",
        "7.50",
        "47.50",
    )
    assert body["lines"][0]["line_discount"] == "0.00"

    # given: a second order over the threshold
    big = ProductVariantFactory(price=Decimal("100.00"))
    CartItemFactory(cart=user.cart, variant=big, quantity=1)

    # when
    response = api.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")

    # then
    assert response.status_code == 201, response.json()
    assert _amounts(response.json(), "shipping_total", "total") == ("0.00", "100.00")


def _place_counting_queries(user, lines, voucher_code):
    client = APIClient()
    client.force_login(user)
    _cart(user, *lines)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": voucher_code}, format="json"
        )
    assert response.status_code == 201, response.json()
    return len(queries)


def test_checkout_with_shipping_tax_sale_and_voucher_takes_the_same_queries_for_one_or_ten_lines():
    # given
    _standard, reduced = standard_tax_setup()
    method_with_bands(bands=[(None, "10.00")])
    variants = [ProductVariantFactory(product=ProductFactory(tax_class=reduced)) for _ in range(10)]
    SaleFactory(products=[variant.product for variant in variants[:5]])
    VoucherFactory(code="COUNT", max_uses=10, max_uses_per_customer=2)
    pricing_snapshot()  # the merchant's pricing setup is read once, then served from the cache

    # when
    one_line = _place_counting_queries(UserFactory(), [(variants[0], 1)], "COUNT")
    ten_lines = _place_counting_queries(UserFactory(), [(variant, 2) for variant in variants], "COUNT")

    # then
    assert ten_lines == one_line
