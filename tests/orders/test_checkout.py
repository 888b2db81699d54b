"""Placing an order from the cart: snapshot, stock, cart, idempotency and every refusal."""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Carrier, Order, OrderEvent, OrderLine, OrderStatus, Shipment, TrackingEvent
from privacy.models import GuardianConsent, GuardianConsentMethod, GuardianConsentStatus
from shop.models import CartItem
from tests.accounts.factories import UserFactory
from tests.orders.factories import AddressFactory, OrderFactory, OrderLineFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

ORDER_NUMBER = re.compile(r"PS-\d{6}-[0-9A-HJKMNP-TV-Z]{6}")
INLINE_ADDRESS = {
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


@pytest.fixture
def address(user):
    return AddressFactory(user=user, is_default=True)


def _cart_with(user, *lines):
    cart = CartFactory(user=user)
    for variant, quantity in lines:
        CartItemFactory(cart=cart, variant=variant, quantity=quantity)
    return cart


def test_placing_an_order_snapshots_the_cart_and_address_takes_the_stock_and_empties_the_cart(
    api, user, address, django_capture_on_commit_callbacks
):
    # given
    shirt = ProductVariantFactory(price=Decimal("19.90"), stock=5, attributes={"size": "M"})
    mug = ProductVariantFactory(price=Decimal("8.00"), stock=1)
    cart = _cart_with(user, (shirt, 2), (mug, 1))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/orders/", {"address": address.pk, "note": "Ring twice"})

    # then
    assert response.status_code == 201
    body = response.json()
    assert ORDER_NUMBER.fullmatch(body["number"])
    assert body["status"] == "pending_payment"
    assert body["total"] == "47.80"
    assert body["can_pay"] is True
    assert [(line["sku"], line["quantity"], line["unit_price"]) for line in body["lines"]] == [
        (shirt.sku, 2, "19.90"),
        (mug.sku, 1, "8.00"),
    ]
    order = Order.objects.get(number=body["number"])
    assert order.user == user
    assert (order.recipient_name, order.phone, order.street) == (address.recipient_name, address.phone, address.street)
    assert order.note == "Ring twice"
    assert OrderLine.objects.get(order=order, sku=shirt.sku).attributes == {"size": "M"}
    shirt.refresh_from_db()
    mug.refresh_from_db()
    assert (shirt.stock, mug.stock) == (3, 0)
    assert not CartItem.objects.filter(cart=cart).exists()
    assert OrderEvent.objects.filter(order=order, kind="placed", actor=user).exists()
    assert len(mail.outbox) == 1
    assert order.number in mail.outbox[0].subject
    assert mail.outbox[0].to == [user.email]
    assert address.street not in mail.outbox[0].body
    assert address.phone not in mail.outbox[0].body
    assert address.recipient_name not in mail.outbox[0].body


def test_the_snapshot_survives_changes_to_the_address_and_the_product(api, user, address):
    # given
    variant = ProductVariantFactory(price=Decimal("10.00"))
    _cart_with(user, (variant, 1))
    number = api.post("/api/v1/orders/", {"address": address.pk}).json()["number"]
    street = address.street

    # when
    address.delete()
    variant.price = Decimal("99.00")
    variant.product.title = "Renamed"
    variant.save()
    variant.product.save()

    # then
    body = api.get(f"/api/v1/orders/{number}/").json()
    assert body["shipping_address"]["street"] == street
    assert body["lines"][0]["unit_price"] == "10.00"
    assert body["lines"][0]["product_title"] != "Renamed"


def test_an_inline_address_and_invoice_details_are_copied_onto_the_order(api, user):
    # given
    _cart_with(user, (ProductVariantFactory(), 1))

    # when
    response = api.post(
        "/api/v1/orders/",
        {
            "shipping_address": INLINE_ADDRESS,
            "invoice": {"title": "Acme Trading Co.", "tax_id": "91310000MA1FL0000X", "email": "billing@example.com"},
        },
    )

    # then
    assert response.status_code == 201
    body = response.json()
    assert body["shipping_address"]["city"] == "Chengdu"
    assert body["shipping_address"]["district"] == ""
    assert body["invoice"] == {
        "title": "Acme Trading Co.",
        "tax_id": "91310000MA1FL0000X",
        "email": "billing@example.com",
    }
    order = Order.objects.get(number=body["number"])
    assert order.phone == "+8613700001234"  # stored in E.164
    assert order.invoice_tax_id == "91310000MA1FL0000X"


def test_the_same_idempotency_key_returns_the_same_order_and_never_a_second(api, user, address):
    # given
    variant = ProductVariantFactory(stock=10)
    _cart_with(user, (variant, 2))
    first = api.post("/api/v1/orders/", {"address": address.pk}, HTTP_IDEMPOTENCY_KEY="key-123")
    refilled = CartItemFactory(cart=user.cart, variant=variant, quantity=1)

    # when
    second = api.post("/api/v1/orders/", {"address": address.pk}, HTTP_IDEMPOTENCY_KEY="key-123")

    # then
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["number"] == second.json()["number"]
    assert Order.objects.filter(user=user).count() == 1
    variant.refresh_from_db()
    assert variant.stock == 8
    assert CartItem.objects.filter(pk=refilled.pk).exists()


def test_a_new_key_places_a_new_order_and_keys_are_per_user(api, user, address):
    # given
    variant = ProductVariantFactory(stock=10)
    _cart_with(user, (variant, 1))
    api.post("/api/v1/orders/", {"address": address.pk}, HTTP_IDEMPOTENCY_KEY="same-key")
    other = UserFactory()
    _cart_with(other, (variant, 1))
    other_api = APIClient()
    other_api.force_login(other)

    # when
    response = other_api.post("/api/v1/orders/", {"shipping_address": INLINE_ADDRESS}, HTTP_IDEMPOTENCY_KEY="same-key")

    # then
    assert response.status_code == 201
    assert Order.objects.count() == 2


def test_a_malformed_idempotency_key_is_refused(api, user, address):
    # given
    _cart_with(user, (ProductVariantFactory(), 1))

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk}, HTTP_IDEMPOTENCY_KEY="x" * 101)

    # then
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert not Order.objects.exists()


def test_an_empty_cart_is_refused_with_cart_empty(api, user, address):
    # given
    CartFactory(user=user)

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "cart_empty"
    assert not Order.objects.exists()


def test_no_cart_at_all_is_refused_with_cart_empty(api, address):
    # when
    response = api.post("/api/v1/orders/", {"address": address.pk})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "cart_empty"


def test_short_stock_names_the_lines_and_changes_nothing(api, user, address):
    # given
    plenty = ProductVariantFactory(stock=10)
    scarce = ProductVariantFactory(stock=1)
    cart = _cart_with(user, (plenty, 2), (scarce, 3))

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk})

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "insufficient_stock"
    assert body["lines"] == [{"sku": scarce.sku, "requested": 3, "available": 1}]
    plenty.refresh_from_db()
    scarce.refresh_from_db()
    assert (plenty.stock, scarce.stock) == (10, 1)
    assert CartItem.objects.filter(cart=cart).count() == 2
    assert not Order.objects.exists()


@pytest.mark.parametrize("off_sale", ["product", "variant"])
def test_an_inactive_product_is_refused_with_product_unavailable(api, user, address, off_sale):
    # given
    variant = ProductVariantFactory(stock=5)
    if off_sale == "product":
        variant.product.is_active = False
        variant.product.save()
    else:
        variant.is_active = False
        variant.save()
    _cart_with(user, (variant, 1), (ProductVariantFactory(), 1))

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk})

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "product_unavailable"
    assert body["lines"] == [{"sku": variant.sku, "title": variant.product.title}]
    variant.refresh_from_db()
    assert variant.stock == 5
    assert not Order.objects.exists()


def test_another_users_address_id_is_refused_as_invalid(api, user):
    # given
    _cart_with(user, (ProductVariantFactory(), 1))
    theirs = AddressFactory()

    # when
    response = api.post("/api/v1/orders/", {"address": theirs.pk})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "address" in response.json()["fields"]
    assert not Order.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [{}, {"address": None}, "both"],
    ids=["nothing", "null", "both"],
)
def test_exactly_one_of_address_and_shipping_address_is_required(api, user, address, payload):
    # given
    _cart_with(user, (ProductVariantFactory(), 1))
    if payload == "both":
        payload = {"address": address.pk, "shipping_address": INLINE_ADDRESS}

    # when
    response = api.post("/api/v1/orders/", payload)

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "address" in response.json()["fields"]


def test_an_inline_address_with_a_bad_phone_is_refused(api, user):
    # given
    _cart_with(user, (ProductVariantFactory(), 1))

    # when
    response = api.post("/api/v1/orders/", {"shipping_address": {**INLINE_ADDRESS, "phone": "12"}})

    # then
    assert response.status_code == 400
    assert "shipping_address" in response.json()["fields"]


def test_an_anonymous_visitor_cannot_place_an_order():
    # when
    response = APIClient().post("/api/v1/orders/", {"shipping_address": INLINE_ADDRESS})

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


def test_the_order_list_shows_only_own_orders_paginated_in_constant_queries(api, user, django_assert_max_num_queries):
    # given
    for _ in range(3):
        OrderLineFactory(order=OrderFactory(user=user))
    OrderFactory()

    # when
    with django_assert_max_num_queries(6):
        response = api.get("/api/v1/orders/", {"page_size": 2})

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["results"][0]["line_count"] == 1


def test_order_detail_takes_the_same_queries_whatever_its_size(api, user, django_assert_num_queries):
    # given
    small = OrderFactory(user=user)
    OrderLineFactory(order=small)
    big = OrderFactory(user=user)
    for _ in range(5):
        OrderLineFactory(order=big)
    with CaptureQueriesContext(connection) as small_queries:
        api.get(f"/api/v1/orders/{small.number}/")

    # when / then
    with django_assert_num_queries(len(small_queries)):
        response = api.get(f"/api/v1/orders/{big.number}/")
    assert len(response.json()["lines"]) == 5


def test_another_users_order_answers_404(api):
    # given
    theirs = OrderFactory()

    # when
    response = api.get(f"/api/v1/orders/{theirs.number}/")

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_order_detail_shows_the_shipment_and_its_tracking_once_handed_off(api, user):
    # given
    order = OrderFactory(user=user, status="shipped")
    carrier = Carrier.objects.create(
        name="Swift Parcel", slug="swift", api_base_url="https://carrier.example/api", webhook_secret="s3cret"
    )
    shipment = Shipment.objects.create(order=order, carrier=carrier, status="booked", tracking_number="SP123456")
    TrackingEvent.objects.create(
        shipment=shipment,
        event_id="e1",
        status="picked_up",
        description="Picked up",
        location="Hangzhou hub",
        occurred_at=timezone.now(),
    )

    # when
    body = api.get(f"/api/v1/orders/{order.number}/").json()

    # then
    assert body["shipment"]["carrier"] == "Swift Parcel"
    assert body["shipment"]["tracking_number"] == "SP123456"
    assert [event["status"] for event in body["shipment"]["tracking_events"]] == ["picked_up"]
    assert "webhook_secret" not in str(body)


def test_order_detail_without_a_shipment_has_shipment_null(api, user):
    # given
    order = OrderFactory(user=user)

    # when
    body = api.get(f"/api/v1/orders/{order.number}/").json()

    # then
    assert body["shipment"] is None


def test_a_minor_without_a_guardians_consent_cannot_place_an_order(api, user, address):
    # given
    user.date_of_birth = date.today() - timedelta(days=365 * 15)
    user.save(update_fields=["date_of_birth"])
    variant = ProductVariantFactory(stock=5)
    cart = _cart_with(user, (variant, 1))

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk})

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "guardian_consent_required"
    assert not Order.objects.exists()
    variant.refresh_from_db()
    assert variant.stock == 5
    assert CartItem.objects.filter(cart=cart).exists()


def test_a_minor_with_a_confirmed_guardians_consent_can_order(api, user, address):
    # given
    user.date_of_birth = date.today() - timedelta(days=365 * 15)
    user.save(update_fields=["date_of_birth"])
    GuardianConsent.objects.create(
        user=user, status=GuardianConsentStatus.CONFIRMED, method=GuardianConsentMethod.STAFF
    )
    _cart_with(user, (ProductVariantFactory(), 1))

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk})

    # then the order exists, waiting for payment, and the cart is empty
    assert response.status_code == 201
    order = Order.objects.get(user=user)
    assert (response.json()["number"], order.status) == (order.number, OrderStatus.PENDING_PAYMENT)
    assert not CartItem.objects.filter(cart__user=user).exists()
