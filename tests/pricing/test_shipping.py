"""Shipping through the API: the zone of the address picks the methods, bands price them, the choice is
kept on the cart and checked at checkout."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from orders.models import Order
from shop.pricing.snapshot import pricing_snapshot
from shop.shipping.models import PricingBasis
from tests.accounts.factories import UserFactory
from tests.pricing.factories import (
    SaleFactory,
    ShippingZoneFactory,
    VoucherFactory,
    method_with_bands,
    standard_tax_setup,
)
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

TIBET = {"recipient_name": "Dawa", "phone": "13700001234", "region": "Tibet", "city": "Lhasa", "street": "2 Road"}
HUBEI = {**TIBET, "region": "Hubei", "city": "Wuhan"}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def zones():
    mainland = ShippingZoneFactory(name="Mainland", position=1)
    remote = ShippingZoneFactory(name="Remote", regions=["Tibet", "Xinjiang"], position=0)
    standard = method_with_bands(zone=mainland, name="Standard", bands=[("99.00", "10.00"), (None, "6.00")])
    express = method_with_bands(
        zone=mainland, name="Express", basis=PricingBasis.WEIGHT, bands=[("1.000", "18.00"), ("5.000", "28.00")]
    )
    far = method_with_bands(zone=remote, name="Remote post", bands=[(None, "25.00")])
    return {"standard": standard, "express": express, "far": far}


def _fill(user, *, price="50.00", weight="0.500", quantity=1):
    variant = ProductVariantFactory(price=Decimal(price), weight=Decimal(weight))
    CartItemFactory(cart=CartFactory(user=user), variant=variant, quantity=quantity)


def test_the_cart_offers_the_methods_of_the_regions_zone_with_their_prices(api, user, zones):
    # given
    _fill(user, weight="2.000")

    # when
    mainland = api.get("/api/v1/cart/", {"region": "Hubei"}).json()["pricing"]
    remote = api.get("/api/v1/cart/", {"region": "tibet"}).json()["pricing"]

    # then: 50.00 is in Standard's first band; 2 kg in Express's second
    assert [(option["name"], option["price"]) for option in mainland["shipping_options"]] == [
        ("Express", "28.00"),
        ("Standard", "10.00"),
    ]
    assert mainland["shipping_method"]["name"] == "Standard"  # the cheapest, until the shopper chooses
    assert mainland["total"] == "60.00"
    assert [(option["name"], option["price"]) for option in remote["shipping_options"]] == [("Remote post", "25.00")]


def test_a_parcel_heavier_than_every_band_is_not_offered_the_method(api, user, zones):
    # given
    _fill(user, weight="6.000")

    # when
    pricing = api.get("/api/v1/cart/", {"region": "Hubei"}).json()["pricing"]

    # then
    assert [option["name"] for option in pricing["shipping_options"]] == ["Standard"]


def test_the_chosen_method_is_kept_and_frozen_on_the_order(api, user, zones):
    # given
    _fill(user)
    chosen = api.put("/api/v1/cart/shipping-method/", {"shipping_method": zones["express"].pk}, format="json")

    # when
    placed = api.post("/api/v1/orders/", {"shipping_address": HUBEI}, format="json")

    # then
    assert chosen.json()["pricing"]["shipping_method"]["name"] == "Express"
    assert placed.status_code == 201, placed.json()
    order = Order.objects.get(number=placed.json()["number"])
    assert (order.shipping_method, order.shipping_method_name, order.shipping_total) == (
        zones["express"],
        "Express",
        Decimal("18.00"),
    )
    zones["express"].name = "Renamed later"
    zones["express"].save()
    assert api.get(f"/api/v1/orders/{order.number}/").json()["shipping"]["name"] == "Express"


def test_checkout_refuses_a_method_that_does_not_serve_the_address(api, user, zones):
    # given
    _fill(user)

    # when
    response = api.post(
        "/api/v1/orders/", {"shipping_address": TIBET, "shipping_method": zones["standard"].pk}, format="json"
    )

    # then
    assert (response.status_code, response.json()["code"]) == (400, "shipping_method_unavailable")
    assert not Order.objects.exists()


def test_checkout_refuses_an_address_no_zone_covers(api, user):
    # given
    method_with_bands(zone=ShippingZoneFactory(regions=["Hainan"]), bands=[(None, "5.00")])
    _fill(user)

    # when
    response = api.post("/api/v1/orders/", {"shipping_address": HUBEI}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (400, "shipping_unavailable")


def test_choosing_an_unknown_method_is_refused(api, user):
    # given
    _fill(user)

    # when
    response = api.put("/api/v1/cart/shipping-method/", {"shipping_method": 99999}, format="json")

    # then
    assert (response.status_code, response.json()["code"]) == (400, "shipping_method_unavailable")


def test_reading_a_priced_cart_costs_the_same_queries_for_one_or_twelve_lines(zones):
    # given: tax, a sale and a voucher, so every pricing read runs
    standard_tax_setup()
    VoucherFactory(code="Q", max_uses_per_customer=3)
    variants = [ProductVariantFactory() for _ in range(12)]
    SaleFactory(products=[variant.product for variant in variants[:6]])
    pricing_snapshot()  # the merchant's pricing setup is read once, then served from the cache
    counts = []
    for lines in (variants[:1], variants):
        shopper = UserFactory()
        cart = CartFactory(user=shopper, voucher_code="Q")
        for variant in lines:
            CartItemFactory(cart=cart, variant=variant)
        client = APIClient()
        client.force_login(shopper)

        # when
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/cart/", {"region": "Hubei"})
        counts.append(len(queries))

        # then
        assert response.json()["pricing"]["voucher"]["applied"] is True
    assert counts[0] == counts[1]
