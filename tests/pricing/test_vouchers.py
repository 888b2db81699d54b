"""Voucher refusals, in the cart and at checkout, each with its code; nothing changes on a refusal."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Order, OrderStatus
from orders.services.refunds import order_refund, order_refund_partial
from shop.models import Cart
from shop.promotions.models import Voucher, VoucherUsage
from tests.accounts.factories import UserFactory
from tests.invoices.factories import INSTANT_PROVIDER, pay
from tests.orders.factories import OrderFactory
from tests.pricing.factories import VoucherFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

ADDRESS = {"recipient_name": "Li Lei", "phone": "13700001234", "region": "Hubei", "city": "Wuhan", "street": "1 Road"}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)
    return client


@pytest.fixture
def cart(user):
    cart = CartFactory(user=user)
    CartItemFactory(cart=cart, variant=ProductVariantFactory(price=Decimal("40.00")), quantity=2)
    return cart


@pytest.mark.parametrize(
    ("voucher_fields", "code"),
    [
        ({"code": "OTHER"}, "voucher_not_found"),
        ({"is_active": False}, "voucher_not_found"),
        ({"ends_at": timezone.now() - timedelta(hours=1)}, "voucher_expired"),
        ({"starts_at": timezone.now() + timedelta(days=1)}, "voucher_expired"),
        ({"min_spend": Decimal("80.01")}, "voucher_min_spend"),
        ({"max_uses": 3, "used_count": 3}, "voucher_used_up"),
    ],
)
def test_the_cart_and_checkout_refuse_a_voucher_with_its_code(api, user, cart, voucher_fields, code):
    # given
    VoucherFactory(**{"code": "SPRING", **voucher_fields})

    # when
    applied = api.put("/api/v1/cart/voucher/", {"code": "spring"}, format="json")
    placed = api.post("/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": "SPRING"}, format="json")

    # then
    assert (applied.status_code, applied.json()["code"]) == (400, code)
    assert (placed.status_code, placed.json()["code"]) == (400, code)
    assert Cart.objects.get(pk=cart.pk).voucher_code == ""
    assert not Order.objects.exists()
    assert cart.items.count() == 1


def test_min_spend_says_how_much_is_missing(api, cart):
    # given
    VoucherFactory(code="BIG", min_spend=Decimal("100.00"))

    # when
    response = api.put("/api/v1/cart/voucher/", {"code": "BIG"}, format="json")

    # then
    assert response.status_code == 400
    assert (response.json()["min_spend"], response.json()["missing"]) == ("100.00", "20.00")


def test_a_customer_limit_counts_only_that_customers_orders(api, user, cart):
    # given
    voucher = VoucherFactory(code="ONCE", max_uses_per_customer=1)
    VoucherUsage.objects.create(voucher=voucher, user=user, order=OrderFactory(user=user))
    someone_else = UserFactory()
    VoucherUsage.objects.create(voucher=voucher, user=someone_else, order=OrderFactory(user=someone_else))

    # when
    mine = api.put("/api/v1/cart/voucher/", {"code": "ONCE"}, format="json")
    newcomer, other_client = UserFactory(), APIClient()
    other_client.force_login(newcomer)
    CartItemFactory(cart=CartFactory(user=newcomer), quantity=1)
    theirs = other_client.put("/api/v1/cart/voucher/", {"code": "ONCE"}, format="json")

    # then
    assert (mine.status_code, mine.json()["code"]) == (400, "voucher_used_up")
    assert theirs.status_code == 200
    assert theirs.json()["pricing"]["voucher"] == {"code": "ONCE", "applied": True, "problem": None}
    assert Cart.objects.get(user=newcomer).voucher_code == "ONCE"
    assert Cart.objects.get(user=user).voucher_code == ""


def test_a_voucher_kept_on_the_cart_is_applied_at_checkout_and_counted(api, user, cart):
    # given
    VoucherFactory(code="TEN", value=Decimal("10"), max_uses=5)
    applied = api.put("/api/v1/cart/voucher/", {"code": " ten "}, format="json")

    # when
    placed = api.post("/api/v1/orders/", {"shipping_address": ADDRESS}, format="json")

    # then: 10% of 80.00
    assert applied.status_code == 200
    assert (applied.json()["pricing"]["discount_total"], applied.json()["pricing"]["total"]) == ("8.00", "72.00")
    assert placed.status_code == 201, placed.json()
    assert (placed.json()["discount_total"], placed.json()["total"], placed.json()["voucher_code"]) == (
        "8.00",
        "72.00",
        "TEN",
    )
    assert Voucher.objects.get(code="TEN").used_count == 1
    assert Cart.objects.get(pk=cart.pk).voucher_code == ""


def test_a_voucher_that_stops_applying_is_reported_on_the_cart_and_not_applied(api, cart):
    # given
    VoucherFactory(code="WEEK", ends_at=timezone.now() + timedelta(days=1))
    assert api.put("/api/v1/cart/voucher/", {"code": "WEEK"}, format="json").status_code == 200

    # when
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        response = api.get("/api/v1/cart/")

    # then
    pricing = response.json()["pricing"]
    assert pricing["voucher"]["applied"] is False
    assert pricing["voucher"]["problem"]["code"] == "voucher_expired"
    assert (pricing["discount_total"], pricing["total"]) == ("0.00", "80.00")


def test_removing_the_voucher_clears_it(api, cart):
    # given
    VoucherFactory(code="GONE")
    api.put("/api/v1/cart/voucher/", {"code": "GONE"}, format="json")

    # when
    response = api.delete("/api/v1/cart/voucher/")

    # then
    assert response.status_code == 200
    assert response.json()["pricing"]["voucher"]["code"] == ""
    assert Cart.objects.get(pk=cart.pk).voucher_code == ""


def test_an_empty_code_is_a_field_error(api, cart):
    # when
    response = api.put("/api/v1/cart/voucher/", {"code": "   "}, format="json")

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_cancelling_an_unpaid_order_gives_the_voucher_use_back(api, user, cart):
    # given
    VoucherFactory(code="LASTONE", max_uses=1)
    number = api.post(
        "/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": "LASTONE"}, format="json"
    ).json()["number"]
    assert Voucher.objects.get(code="LASTONE").used_count == 1

    # when
    response = api.post(f"/api/v1/orders/{number}/cancel/")

    # then
    assert response.status_code == 200, response.json()
    assert Voucher.objects.get(code="LASTONE").used_count == 0
    assert not VoucherUsage.objects.exists()


def _paid_with_voucher(api, code: str) -> Order:
    number = api.post("/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": code}, format="json").json()[
        "number"
    ]
    return pay(Order.objects.get(number=number))


def test_a_full_refund_gives_the_voucher_use_back_and_a_partial_one_keeps_it(api, user, cart, settings):
    # given an order paid with the voucher's last use
    settings.ORDERS_PAYMENT_PROVIDER = INSTANT_PROVIDER
    VoucherFactory(code="LASTONE", max_uses=1)
    order = _paid_with_voucher(api, "LASTONE")
    order.status = OrderStatus.DELIVERED
    order.save(update_fields=["status"])

    # when part of it is refunded, then the rest
    order_refund_partial(order=order, reason="Scratched", amount=Decimal("5.00"))
    after_partial = Voucher.objects.get(code="LASTONE").used_count
    order_refund(order=order, message="Returned whole")

    # then the partial refund kept the use; the full one gave it back
    assert after_partial == 1
    assert Order.objects.get(pk=order.pk).status == OrderStatus.REFUNDED
    assert Voucher.objects.get(code="LASTONE").used_count == 0
    assert not VoucherUsage.objects.filter(order=order).exists()
