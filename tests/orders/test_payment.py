"""Paying with the configured provider (the demo one by default), declines, refunds, and plugging in
another provider through the setting."""

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from rest_framework.test import APIClient

from core.errors import DomainError
from orders.models import ActorKind, OrderEvent, OrderStatus, Payment, PaymentStatus
from orders.payments import PaymentProvider, PaymentResult
from orders.services.payment import order_refund
from tests.accounts.factories import StaffFactory
from tests.orders.factories import OrderFactory, PaymentFactory, order_with_line

pytestmark = pytest.mark.django_db


class RecordingProvider(PaymentProvider):
    """A stand-in gateway adapter, loaded through ORDERS_PAYMENT_PROVIDER like a real one would be."""

    name = "recording"
    calls: list[tuple[str, str, Decimal]] = []

    def initiate(self, *, order_number: str, amount: Decimal, currency: str, options: Mapping[str, Any]):
        self.calls.append(("initiate", order_number, amount))
        return PaymentResult(succeeded=True, reference=f"rec-{order_number}")

    def confirm(self, *, reference: str, amount: Decimal, currency: str, options: Mapping[str, Any]):
        self.calls.append(("confirm", reference, amount))
        return PaymentResult(succeeded=True, reference=reference)

    def refund(self, *, reference: str, amount: Decimal, currency: str):
        self.calls.append(("refund", reference, amount))
        return PaymentResult(succeeded=False, failure_code="refund_window_closed")


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_paying_records_the_payment_marks_the_order_paid_and_starts_the_handoff(django_capture_on_commit_callbacks):
    # given
    order = OrderFactory(total=Decimal("39.80"))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "paid"
    assert body["payments"][0]["status"] == "succeeded"
    payment = Payment.objects.get(order=order)
    assert (payment.provider, payment.amount, payment.currency, payment.status) == (
        "demo",
        Decimal("39.80"),
        order.currency,
        PaymentStatus.SUCCEEDED,
    )
    assert payment.reference.startswith("demo_pay_")
    order.refresh_from_db()
    assert order.paid_at is not None
    event = OrderEvent.objects.get(order=order, kind="status_changed")
    assert (event.to_status, event.actor, event.actor_kind) == (OrderStatus.PAID, order.user, ActorKind.SHOPPER)
    assert OrderEvent.objects.filter(order=order, kind__startswith="handoff").exists()


def test_a_declined_payment_answers_402_and_the_order_keeps_waiting(django_capture_on_commit_callbacks):
    # given
    order = OrderFactory()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/", {"simulate": "decline"})

    # then
    assert response.status_code == 402
    assert response.json()["code"] == "payment_declined"
    assert response.json()["failure_code"] == "card_declined"
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.paid_at is None
    failed = Payment.objects.get(order=order)
    assert (failed.status, failed.failure_code) == (PaymentStatus.FAILED, "card_declined")
    assert OrderEvent.objects.filter(order=order, kind="payment_failed").exists()
    assert not OrderEvent.objects.filter(order=order, kind__startswith="handoff").exists()


def test_the_decline_setting_makes_the_demo_provider_refuse(settings):
    # given
    settings.ORDERS_DEMO_PAYMENT_DECLINE = True
    order = OrderFactory()

    # when
    response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert response.status_code == 402
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_a_declined_order_can_be_paid_on_a_second_try():
    # given
    order = OrderFactory()
    api = _api(order.user)
    api.post(f"/api/v1/orders/{order.number}/pay/", {"simulate": "decline"})

    # when
    response = api.post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert response.status_code == 200
    assert sorted(Payment.objects.filter(order=order).values_list("status", flat=True)) == ["failed", "succeeded"]


def test_an_unknown_simulate_value_is_invalid():
    # given
    order = OrderFactory()

    # when
    response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/", {"simulate": "explode"})

    # then
    assert response.status_code == 400
    assert "simulate" in response.json()["fields"]
    assert not Payment.objects.exists()


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.SHIPPED])
def test_only_an_order_waiting_for_payment_can_be_paid(status):
    # given
    order = OrderFactory(status=status)

    # when
    response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert not Payment.objects.filter(order=order).exists()


def test_another_users_order_cannot_be_paid_and_answers_404():
    # given
    theirs = OrderFactory()

    # when
    response = _api(OrderFactory().user).post(f"/api/v1/orders/{theirs.number}/pay/")

    # then
    assert response.status_code == 404
    assert not Payment.objects.exists()


def test_a_provider_named_in_the_setting_is_used(settings):
    # given
    settings.ORDERS_PAYMENT_PROVIDER = "tests.orders.test_payment.RecordingProvider"
    RecordingProvider.calls.clear()
    order = OrderFactory(total=Decimal("12.00"))

    # when
    response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert response.status_code == 200
    assert RecordingProvider.calls == [
        ("initiate", order.number, Decimal("12.00")),
        ("confirm", f"rec-{order.number}", Decimal("12.00")),
    ]
    assert Payment.objects.get(order=order).provider == "recording"


def test_a_refund_records_a_refund_payment_and_moves_the_order_to_refunded():
    # given
    order = order_with_line(status=OrderStatus.DELIVERED)
    captured = PaymentFactory(order=order)

    # when
    order_refund(order=order, actor=StaffFactory(), actor_kind=ActorKind.STAFF)

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert order.refunded_at is not None
    refund = Payment.objects.get(order=order, status=PaymentStatus.REFUNDED)
    assert (refund.amount, refund.provider) == (captured.amount, "demo")
    assert refund.reference != captured.reference


def test_refunding_an_order_without_a_captured_payment_is_refused():
    # given
    order = OrderFactory(status=OrderStatus.PAID)

    # when
    with pytest.raises(DomainError) as refused:
        order_refund(order=order)

    # then
    assert refused.value.code == "nothing_to_refund"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_refunding_an_unpaid_order_is_an_invalid_transition():
    # given
    order = OrderFactory(status=OrderStatus.PENDING_PAYMENT)

    # when
    with pytest.raises(DomainError) as refused:
        order_refund(order=order)

    # then
    assert refused.value.code == "invalid_transition"


def test_a_refund_the_provider_refuses_leaves_the_order_as_it_was(settings):
    # given
    settings.ORDERS_PAYMENT_PROVIDER = "tests.orders.test_payment.RecordingProvider"
    order = OrderFactory(status=OrderStatus.DELIVERED)
    PaymentFactory(order=order, provider="recording")

    # when
    with pytest.raises(DomainError) as refused:
        order_refund(order=order)

    # then
    assert refused.value.code == "refund_failed"
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert not Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).exists()
