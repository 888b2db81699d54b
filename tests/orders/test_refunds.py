"""Partial refunds by staff: chosen lines or an amount, with a reason, through the fake provider (over
HTTP on a loopback port); the order becomes ``partially_refunded`` and then ``refunded``; restock; the
shopper's email and order API; refusals that change nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.errors import DomainError
from demo.payments.store import intent_get
from orders.models import OrderStatus, Payment, PaymentStatus
from orders.services.refunds import order_refund_partial
from tests.accounts.factories import StaffFactory
from tests.orders.demo_payments import captured_payment
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import ProductVariantFactory

pytestmark = pytest.mark.django_db


def delivered_order_with_two_lines():
    """A delivered order: 2 x 19.90 and 1 x 10.00, total 49.80, paid at the fake provider."""
    order = OrderFactory(
        status=OrderStatus.DELIVERED,
        subtotal=Decimal("49.80"),
        total=Decimal("49.80"),
        delivered_at=timezone.now() - timedelta(days=1),
    )
    shirt = OrderLineFactory(order=order, variant=ProductVariantFactory(stock=5), quantity=2)
    socks = OrderLineFactory(order=order, variant=ProductVariantFactory(stock=5, price=Decimal("10.00")), quantity=1)
    payment = captured_payment(order)
    return order, shirt, socks, payment


def test_refunding_one_unit_of_a_line_with_restock_refunds_its_price_and_tells_the_shopper(
    demo_payments_api, django_capture_on_commit_callbacks
):
    # given
    order, shirt, _, payment = delivered_order_with_two_lines()
    staff = StaffFactory()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        refund = order_refund_partial(
            order=order, reason="One shirt arrived torn.", lines={shirt.pk: 1}, restock=True, actor=staff
        )

    # then
    order.refresh_from_db()
    shirt.refresh_from_db()
    shirt.variant.refresh_from_db()
    assert (order.status, order.refunded_at is not None) == (OrderStatus.PARTIALLY_REFUNDED, True)
    assert (refund.amount, refund.reason, refund.restocked, refund.created_by) == (
        Decimal("19.90"),
        "One shirt arrived torn.",
        True,
        staff,
    )
    assert refund.payment.reference.startswith("dpr_")
    assert (shirt.quantity_refunded, shirt.variant.stock) == (1, 6)
    payment.refresh_from_db()
    assert payment.amount_refunded == Decimal("19.90")
    assert intent_get(payment.reference)["amount_refunded"] == "19.90"
    assert order.events.filter(to_status=OrderStatus.PARTIALLY_REFUNDED).exists()
    email = next(message for message in mail.outbox if "refunded" in message.subject)
    assert email.subject == f"PrivaShop: We refunded {order.currency} 19.90 for your order {order.number}"
    assert "One shirt arrived torn." in email.body
    assert order.recipient_name not in email.body and order.phone not in email.body
    html = email.alternatives[0][0]
    assert "PrivaShop" in html and f"/orders/{order.number}/" in html


def test_an_app_client_sees_the_partial_refund_on_its_order_lines(demo_payments_api):
    # given
    order, shirt, socks, _ = delivered_order_with_two_lines()
    order_refund_partial(order=order, reason="Late delivery.", amount=Decimal("5.00"))
    order_refund_partial(order=order, reason="Socks lost.", lines={socks.pk: 1})
    api = APIClient()
    api.force_login(order.user)

    # when
    body = api.get(f"/api/v1/orders/{order.number}/").json()

    # then
    assert body["status"] == "partially_refunded"
    lines = {line["id"]: line for line in body["lines"]}
    assert (lines[socks.pk]["quantity_refunded"], lines[socks.pk]["can_return"]) == (1, False)
    assert (lines[shirt.pk]["quantity_refunded"], lines[shirt.pk]["returnable_quantity"]) == (0, 2)
    assert lines[shirt.pk]["can_review"] is True
    refunds = [payment for payment in body["payments"] if payment["status"] == "refunded"]
    assert sorted(payment["amount"] for payment in refunds) == ["10.00", "5.00"]


def test_refunding_what_is_left_makes_the_order_refunded(demo_payments_api):
    # given
    order, shirt, socks, _ = delivered_order_with_two_lines()
    order_refund_partial(order=order, reason="Shirts returned.", lines={shirt.pk: 2})

    # when
    order_refund_partial(order=order, reason="Socks returned.", lines={socks.pk: 1})

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert sum(refund.amount for refund in order.refunds.all()) == order.total


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"amount": Decimal("49.81")}, "refund_exceeds_payment"),
        ({"lines": {"shirt": 3}}, "invalid_refund_lines"),
        ({"lines": {"other": 1}}, "invalid_refund_lines"),
        ({}, "invalid"),
    ],
)
def test_a_refund_beyond_the_payment_or_the_lines_is_refused_and_changes_nothing(demo_payments_api, kwargs, code):
    # given
    order, shirt, _, payment = delivered_order_with_two_lines()
    other = OrderLineFactory()
    ids = {"shirt": shirt.pk, "other": other.pk}
    if "lines" in kwargs:
        kwargs = {"lines": {ids[name]: units for name, units in kwargs["lines"].items()}}

    # when
    with pytest.raises(DomainError) as refused:
        order_refund_partial(order=order, reason="Too much.", **kwargs)

    # then
    assert refused.value.code == code
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert not Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).exists()
    assert intent_get(payment.reference)["amount_refunded"] == "0.00"


def test_an_order_on_its_way_cannot_be_refunded_in_part(demo_payments_api):
    # given
    order = OrderFactory(status=OrderStatus.SHIPPED)
    captured_payment(order)

    # when
    with pytest.raises(DomainError) as refused:
        order_refund_partial(order=order, reason="Too early.", amount=Decimal("1.00"))

    # then
    assert refused.value.code == "invalid_transition"


def test_staff_refund_part_of_an_order_from_the_admin(client, demo_payments_api):
    # given
    order, shirt, _, _ = delivered_order_with_two_lines()
    client.force_login(StaffFactory())
    changelist = reverse("admin:orders_order_changelist")

    # when
    to_form = client.post(changelist, {"action": "refund_in_part", "_selected_action": [order.pk]})
    form_page = client.get(to_form.headers["Location"])
    done = client.post(
        to_form.headers["Location"],
        {"reason": "Wrong size.", "amount": "", f"line_{shirt.pk}": "1", "restock": "on"},
        follow=True,
    )

    # then
    assert form_page.status_code == 200
    assert "Refund part of order" in form_page.content.decode()
    assert f"Refunded {order.currency} 19.90 of order {order.number}." in done.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
