"""Paying the way providers work, driven as an app client would with the documented endpoints only:
``POST /orders/{number}/pay/`` opens a payment, the shopper confirms it on the fake provider's hosted
page (over HTTP on the live server), the provider's signed webhook marks the order paid; declines,
delays, replays, out-of-order events, lost webhooks (the reconcile job), refunds, and a provider plugged
in through the setting."""

import json
from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from rest_framework.test import APIClient

from core.errors import DomainError
from orders.conf import orders_setting
from orders.models import ActorKind, OrderEvent, OrderStatus, Payment, PaymentStatus, PaymentWebhookEvent
from orders.payments import INTENT_CAPTURED, IntentState, PaymentProvider, PaymentResult, WebhookEvent
from orders.payments.signing import payment_webhook_headers
from orders.services.refunds import order_refund
from orders.tasks.lifecycle import payments_reconcile_pending
from privacy.models import DisclosureRecord
from tests.accounts.factories import StaffFactory
from tests.orders.demo_payments import captured_payment
from tests.orders.factories import OrderFactory, PaymentFactory, order_with_line

pytestmark = pytest.mark.django_db
live = pytest.mark.django_db(transaction=True)
WEBHOOK = "/api/v1/payments/webhooks/demo/"


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _signed_post(client: APIClient, event: dict, *, secret: str | None = None, timestamp: int | None = None):
    body = json.dumps(event).encode()
    secret = secret or orders_setting("DEMO_PAYMENTS_WEBHOOK_SECRET")
    headers = payment_webhook_headers(secret=secret, body=body, timestamp=timestamp)
    return client.post(WEBHOOK, data=body, content_type="application/json", headers=headers)


def _event(reference: str, state: str, *, created, event_id: str = "evt-1") -> dict:
    return {
        "id": event_id,
        "type": f"payment.{state}",
        "data": {"id": reference, "state": state, "failure_code": "card_declined" if state == "failed" else ""},
        "created": created.isoformat(),
    }


# --- The whole flow, as an app client ---


@live
def test_an_app_client_pays_on_the_hosted_page_and_the_signed_webhook_marks_the_order_paid(demo_payments):
    # given
    order = order_with_line()
    api = _api(order.user)

    # when: the app opens the payment, the shopper pays in the browser, the app polls the order
    opened = api.post(f"/api/v1/orders/{order.number}/pay/")
    pending = opened.json()["payments"][0]
    back = demo_payments.confirm(Payment.objects.get(reference=pending["reference"]))
    polled = api.get(f"/api/v1/orders/{order.number}/")

    # then
    assert opened.status_code == 200
    assert opened.json()["status"] == "pending_payment"
    assert pending["status"] == "pending"
    assert pending["redirect_url"].startswith(f"{demo_payments.shop_url}/demo-payments/pay/dpi_")
    assert back.headers["Location"] == f"{demo_payments.shop_url}/orders/{order.number}/payment-return/"
    body = polled.json()
    assert body["status"] == "paid"
    assert (body["payments"][0]["status"], body["payments"][0]["redirect_url"]) == ("succeeded", "")
    assert PaymentWebhookEvent.objects.get().outcome == "applied"
    assert OrderEvent.objects.filter(order=order, kind__startswith="handoff").exists()
    record = DisclosureRecord.objects.get(user=order.user, recipient_ref="payment:demo")
    assert (record.fields, record.reference) == (["amount", "currency", "order_number"], order.number)
    paid_mail = next(message for message in mail.outbox if "payment" in message.subject)
    assert paid_mail.subject == f"PrivaShop: We received your payment for order {order.number}"
    assert paid_mail.alternatives[0][1] == "text/html"
    assert f"{demo_payments.shop_url}/orders/{order.number}/" in paid_mail.body


@live
def test_asking_to_pay_again_while_pending_answers_the_same_payment(demo_payments):
    # given
    order = order_with_line()
    api = _api(order.user)

    # when
    first = api.post(f"/api/v1/orders/{order.number}/pay/").json()["payments"][0]
    second = api.post(f"/api/v1/orders/{order.number}/pay/").json()["payments"]

    # then
    assert [payment["reference"] for payment in second] == [first["reference"]]
    assert DisclosureRecord.objects.filter(recipient_ref="payment:demo").count() == 1


@live
def test_a_decline_shows_as_failed_and_a_second_try_pays(demo_payments):
    # given
    order = order_with_line()
    api = _api(order.user)

    # when
    declined = demo_payments.pay(order, outcome="decline")
    after_decline = api.get(f"/api/v1/orders/{order.number}/").json()
    retried = demo_payments.pay(order)

    # then
    assert (declined.status, declined.failure_code) == (PaymentStatus.FAILED, "card_declined")
    assert after_decline["status"] == "pending_payment"
    assert after_decline["can_pay"] is True
    assert OrderEvent.objects.filter(order=order, kind="payment_failed").exists()
    assert retried.status == PaymentStatus.SUCCEEDED
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


@live
def test_a_held_webhook_pays_the_order_when_it_finally_arrives_and_its_replay_changes_nothing(demo_payments, client):
    # given: the shopper paid but the provider holds the webhook back
    order = order_with_line()
    payment = demo_payments.pay(order, webhook="delay")
    order.refresh_from_db()
    assert (order.status, payment.status) == (OrderStatus.PENDING_PAYMENT, PaymentStatus.PENDING)

    # when: the provider delivers it, then delivers it again
    call_command("demo_payments_send_held")
    event = PaymentWebhookEvent.objects.get()
    payment.refresh_from_db()
    replay = _signed_post(
        client, _event(payment.reference, "authorized", created=timezone.now(), event_id=event.event_id)
    )

    # then
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert replay.json() == {"event_id": event.event_id, "duplicate": True, "outcome": "ignored"}
    assert OrderEvent.objects.filter(order=order, kind="status_changed", to_status=OrderStatus.PAID).count() == 1


def test_an_event_older_than_the_state_applied_is_stale_and_changes_nothing(client):
    # given: the provider reported the decline; its earlier "authorized" (a glitch) arrives after it
    payment = PaymentFactory(status=PaymentStatus.PENDING, order__status=OrderStatus.PENDING_PAYMENT)
    now = timezone.now()

    # when
    failed = _signed_post(client, _event(payment.reference, "failed", created=now, event_id="evt-late"))
    older = _signed_post(client, _event(payment.reference, "authorized", created=now - timedelta(seconds=5)))

    # then
    assert failed.json()["outcome"] == "applied"
    assert older.json() == {"event_id": "evt-1", "duplicate": False, "outcome": "stale"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.order.status == OrderStatus.PENDING_PAYMENT


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        ({"secret": "not-the-providers-secret-0123456789"}, "invalid_signature"),
        ({"timestamp": 1_000_000_000}, "stale_timestamp"),
    ],
)
def test_a_webhook_not_signed_by_the_provider_is_refused(client, tamper, code):
    # given
    payment = PaymentFactory(status=PaymentStatus.PENDING, order__status=OrderStatus.PENDING_PAYMENT)

    # when
    response = _signed_post(client, _event(payment.reference, "failed", created=timezone.now()), **tamper)

    # then
    assert (response.status_code, response.json()["code"]) == (401, code)
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.PENDING
    assert not PaymentWebhookEvent.objects.exists()


def test_webhooks_for_unknown_payments_providers_or_bodies_answer_4xx(client):
    # when
    unknown_payment = _signed_post(client, _event("dpi_nobody", "failed", created=timezone.now()))
    unknown_provider = client.post("/api/v1/payments/webhooks/stripe/", data=b"{}", content_type="application/json")
    body = b"not json"
    garbage = client.post(
        WEBHOOK,
        data=body,
        content_type="application/json",
        headers=payment_webhook_headers(secret=orders_setting("DEMO_PAYMENTS_WEBHOOK_SECRET"), body=body),
    )

    # then
    assert (unknown_payment.status_code, unknown_payment.json()["code"]) == (404, "unknown_payment")
    assert (unknown_provider.status_code, unknown_provider.json()["code"]) == (404, "unknown_provider")
    assert (garbage.status_code, garbage.json()["code"]) == (400, "parse_error")


@live
def test_a_lost_webhook_is_made_good_by_the_reconcile_job(demo_payments, settings):
    # given: paid on the provider's page, but its webhook never arrives
    order = order_with_line()
    payment = demo_payments.pay(order, webhook="lose")
    settings.ORDERS_PAYMENT_RECONCILE_AFTER = 0

    # when
    checked = payments_reconcile_pending.delay().get()
    again = payments_reconcile_pending.delay().get()

    # then
    assert (checked, again) == (1, 0)
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status) == (PaymentStatus.SUCCEEDED, OrderStatus.PAID)
    assert not PaymentWebhookEvent.objects.exists()


@live
def test_the_reconcile_job_leaves_recent_payments_and_closes_abandoned_ones(demo_payments, settings):
    # given: one payment opened just now, one whose order was cancelled unpaid meanwhile
    recent = demo_payments.open(order_with_line())
    abandoned_order = order_with_line()
    abandoned = demo_payments.open(abandoned_order)
    OrderFactory._meta.model.objects.filter(pk=abandoned_order.pk).update(status=OrderStatus.CANCELLED)
    Payment.objects.filter(pk=abandoned.pk).update(updated_at=timezone.now() - timedelta(hours=1))

    # when
    payments_reconcile_pending.delay().get()

    # then
    recent.refresh_from_db()
    abandoned.refresh_from_db()
    assert recent.status == PaymentStatus.PENDING
    assert (abandoned.status, abandoned.failure_code) == (PaymentStatus.FAILED, "abandoned")


@live
def test_an_authorisation_for_an_order_cancelled_meanwhile_is_not_captured(demo_payments):
    # given: the payment was opened, then the order was cancelled before the shopper paid
    order = order_with_line()
    payment = demo_payments.open(order)
    _api(order.user).post(f"/api/v1/orders/{order.number}/cancel/")

    # when
    demo_payments.confirm(payment)

    # then
    payment.refresh_from_db()
    order.refresh_from_db()
    assert (payment.status, order.status) == (PaymentStatus.AUTHORIZED, OrderStatus.CANCELLED)
    assert OrderEvent.objects.filter(order=order, kind="payment_not_captured").exists()


def test_a_provider_that_cannot_be_reached_answers_503_and_opens_no_payment(settings):
    # given: nothing listens on port 9 of loopback
    settings.DEMO_PAYMENTS_API_BASE_URL = "http://127.0.0.1:9/demo-payments/api"
    order = OrderFactory()

    # when
    response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert (response.status_code, response.json()["code"]) == (503, "payment_provider_unavailable")
    assert not Payment.objects.exists()
    assert DisclosureRecord.objects.get().outcome == "unavailable"


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.CANCELLED, OrderStatus.SHIPPED])
def test_only_an_order_waiting_for_payment_can_be_paid(status):
    # given
    order = OrderFactory(status=status)

    # when
    response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert (response.status_code, response.json()["code"]) == (409, "invalid_transition")
    assert not Payment.objects.filter(order=order).exists()


def test_another_users_order_cannot_be_paid_and_answers_404():
    # given
    theirs = OrderFactory()

    # when
    response = _api(OrderFactory().user).post(f"/api/v1/orders/{theirs.number}/pay/")

    # then
    assert response.status_code == 404
    assert not Payment.objects.exists()


# --- A provider plugged in through the setting ---


class InstantProvider(PaymentProvider):
    """A gateway that confirms at once (a saved card): no hosted page, captured in the answer."""

    name = "instant"
    recipient = "Instant Pay"
    calls: list[tuple[str, Any]] = []

    def intent_create(self, *, order_number, amount, currency, return_url, options: Mapping[str, Any]):
        self.calls.append(("intent_create", amount))
        return IntentState(reference=f"inst-{order_number}", state=INTENT_CAPTURED, updated_at=timezone.now())

    def intent_retrieve(self, *, reference):
        raise AssertionError("not asked")

    def capture(self, *, reference, amount, currency):
        raise AssertionError("already captured")

    def refund(self, *, reference, amount, currency, idempotency_key):
        self.calls.append(("refund", idempotency_key))
        return PaymentResult(succeeded=False, failure_code="refund_window_closed")

    def webhook_parse(self, *, body, headers) -> WebhookEvent:
        raise AssertionError("no webhooks")


def test_a_provider_named_in_the_setting_that_confirms_at_once_pays_at_once(
    settings, django_capture_on_commit_callbacks
):
    # given
    settings.ORDERS_PAYMENT_PROVIDER = "tests.orders.test_payment.InstantProvider"
    InstantProvider.calls.clear()
    order = OrderFactory(total=Decimal("12.00"))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = _api(order.user).post(f"/api/v1/orders/{order.number}/pay/")

    # then
    assert response.json()["status"] == "paid"
    assert InstantProvider.calls == [("intent_create", Decimal("12.00"))]
    assert Payment.objects.get(order=order).provider == "instant"


# --- Full refunds ---


def test_a_refund_goes_through_the_provider_and_moves_the_order_to_refunded(demo_payments_api):
    # given
    order = order_with_line(status=OrderStatus.DELIVERED)
    captured = captured_payment(order)

    # when
    order_refund(order=order, actor=StaffFactory(), actor_kind=ActorKind.STAFF, message="Damaged in transit.")

    # then
    order.refresh_from_db()
    assert (order.status, order.refunded_at is not None) == (OrderStatus.REFUNDED, True)
    refund = Payment.objects.get(order=order, status=PaymentStatus.REFUNDED)
    assert (refund.amount, refund.provider) == (captured.amount, "demo")
    assert refund.reference.startswith("dpr_")
    assert order.refunds.get().reason == "Damaged in transit."
    assert all(line.quantity_refunded == line.quantity for line in order.lines.all())


def test_refunding_without_a_captured_payment_or_from_the_wrong_status_is_refused():
    # given
    paid = OrderFactory(status=OrderStatus.PAID)
    unpaid = OrderFactory(status=OrderStatus.PENDING_PAYMENT)

    # when
    with pytest.raises(DomainError) as nothing:
        order_refund(order=paid)
    with pytest.raises(DomainError) as wrong_status:
        order_refund(order=unpaid)

    # then
    assert (nothing.value.code, wrong_status.value.code) == ("nothing_to_refund", "invalid_transition")
    paid.refresh_from_db()
    assert paid.status == OrderStatus.PAID


def test_a_refund_the_provider_refuses_leaves_the_order_as_it_was(settings):
    # given
    settings.ORDERS_PAYMENT_PROVIDER = "tests.orders.test_payment.InstantProvider"
    InstantProvider.calls.clear()
    order = OrderFactory(status=OrderStatus.DELIVERED)
    PaymentFactory(order=order, provider="instant")

    # when
    with pytest.raises(DomainError) as refused:
        order_refund(order=order)

    # then
    assert refused.value.code == "refund_failed"
    assert InstantProvider.calls == [("refund", f"refund-{order.number}-1")]
    order.refresh_from_db()
    assert order.status == OrderStatus.DELIVERED
    assert not Payment.objects.filter(order=order, status=PaymentStatus.REFUNDED).exists()
