"""The website: the cart offers shipping methods and takes a voucher, checkout places the order at the
total the cart showed, and the order page shows the same net, tax and gross, to the cent."""

from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from orders.models import Order
from tests.accounts.factories import UserFactory
from tests.orders.factories import AddressFactory
from tests.pricing.factories import SaleFactory, VoucherFactory, method_with_bands, standard_tax_setup
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def shopper(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_shopper_picks_shipping_applies_a_voucher_and_pays_what_the_cart_showed(shopper, user):
    # given
    standard_tax_setup()
    address = AddressFactory(user=user, is_default=True, region="Zhejiang")
    economy = method_with_bands(name="Economy", bands=[(None, "6.00")], delivery_min_days=3, delivery_max_days=5)
    express = method_with_bands(zone=economy.zone, name="Express", bands=[(None, "20.00")])
    VoucherFactory(code="WELCOME", value=Decimal("10"))
    CartItemFactory(cart=CartFactory(user=user), variant=ProductVariantFactory(price=Decimal("50.00")), quantity=2)

    # when
    first = shopper.get("/cart/").content.decode()
    shopper.post("/cart/shipping-method/", {"shipping_method": express.pk})
    applied = shopper.post("/cart/voucher/", {"code": "welcome"}, follow=True).content.decode()
    checkout = shopper.get("/orders/checkout/").content.decode()
    placed = shopper.post(
        "/orders/checkout/",
        {
            "address": str(address.pk),
            "shipping_method": str(express.pk),
            "voucher_code": "WELCOME",
            "idempotency_key": "k1",
        },
        follow=True,
    )

    # then: 100.00 - 10% + 20.00 shipping = 110.00; tax 13% of everything: net 97.35 (90/1.13 = 79.65, 20/1.13 = 17.70)
    assert "Economy" in first and "3 to 5 days" in first and "CN¥6.00" in first
    assert "Voucher applied." in applied and 'id="summary-discount">&minus;CN¥10.00' in applied
    assert 'id="summary-total"><strong>CN¥110.00</strong>' in checkout
    order = Order.objects.get(user=user)
    assert (order.total, order.discount_total, order.shipping_total, order.net_total, order.tax_total) == (
        Decimal("110.00"),
        Decimal("10.00"),
        Decimal("20.00"),
        Decimal("97.35"),
        Decimal("12.65"),
    )
    page = placed.content.decode()
    assert 'id="order-total"><strong>CN¥110.00</strong>' in page
    assert 'id="order-net">CN¥97.35' in page and 'id="order-tax">CN¥12.65' in page
    assert "Shipping: Express" in page


def test_a_refused_voucher_is_explained_on_the_cart_page(shopper, user):
    # given
    CartItemFactory(cart=CartFactory(user=user), variant=ProductVariantFactory(price=Decimal("5.00")))
    VoucherFactory(code="BIGSPEND", min_spend=Decimal("50.00"))

    # when
    response = shopper.post("/cart/voucher/", {"code": "BIGSPEND"}, follow=True)

    # then
    assert "minimum spend" in response.content.decode()
    assert user.cart.voucher_code == ""


def test_catalog_pages_show_a_running_sale_with_the_old_price(client):
    # given
    variant = ProductVariantFactory(price=Decimal("80.00"))
    SaleFactory(name="Summer sale", value=Decimal("25"), products=[variant.product])

    # when
    listing = client.get("/").content.decode()
    detail = client.get(f"/products/{variant.product.slug}/").content.decode()

    # then: 80.00 - 25% = 60.00
    for page in (listing, detail):
        assert "CN¥60.00" in page
        assert "<del" in page and "CN¥80.00" in page


def test_the_catalog_api_shows_a_running_sale_in_the_same_queries_for_few_or_many_products(
    django_assert_max_num_queries,
):
    # given: a sale on a category and one on a product
    category_variant = ProductVariantFactory(price=Decimal("80.00"))
    product_variant = ProductVariantFactory(price=Decimal("10.00"))
    SaleFactory(name="Category sale", value=Decimal("25"), categories=[category_variant.product.category])
    SaleFactory(name="Fixed", kind="fixed_price", value=Decimal("7.50"), products=[product_variant.product])
    for _ in range(8):
        ProductVariantFactory()

    # when
    with django_assert_max_num_queries(7):
        listing = APIClient().get("/api/v1/products/", {"page_size": 20}).json()["results"]
    detail = APIClient().get(f"/api/v1/products/{product_variant.product.slug}/").json()

    # then
    sales = {item["slug"]: item["sale"] for item in listing}
    assert sales[category_variant.product.slug] == {"name": "Category sale", "price_min": "60.00", "price_max": "60.00"}
    assert sales[product_variant.product.slug]["price_min"] == "7.50"
    assert sum(sale is not None for sale in sales.values()) == 2
    assert detail["variants"][0]["sale_price"] == "7.50"
