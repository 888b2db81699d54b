"""The order state machine: every allowed move, every refused one, events, timestamps and restocking."""

import pytest
from django.core import mail
from rest_framework.test import APIClient

from orders.models import ActorKind, OrderEvent, OrderStatus, Payment, PaymentStatus
from orders.services.status import ALLOWED_TRANSITIONS, STATUS_TIMESTAMPS, InvalidTransition, order_transition
from tests.accounts.factories import StaffFactory
from tests.orders.demo_payments import captured_payment
from tests.orders.factories import OrderFactory, order_with_line

pytestmark = pytest.mark.django_db

S = OrderStatus
ALLOWED = sorted((source, target) for source, targets in ALLOWED_TRANSITIONS.items() for target in targets)
REFUSED = sorted(
    (source, target)
    for source in S.values
    for target in S.values
    if target != source and target not in ALLOWED_TRANSITIONS[source]
)


def test_the_machine_is_the_one_the_issue_describes():
    assert set(ALLOWED) == {
        (S.PENDING_PAYMENT, S.PAID),
        (S.PENDING_PAYMENT, S.CANCELLED),
        (S.PAID, S.AWAITING_PICKUP),
        (S.PAID, S.CANCELLED),
        (S.PAID, S.REFUNDED),
        (S.AWAITING_PICKUP, S.SHIPPED),
        (S.AWAITING_PICKUP, S.REFUNDED),
        (S.SHIPPED, S.DELIVERED),
        (S.DELIVERED, S.COMPLETED),
        (S.DELIVERED, S.PARTIALLY_REFUNDED),
        (S.DELIVERED, S.REFUNDED),
        (S.COMPLETED, S.PARTIALLY_REFUNDED),
        (S.COMPLETED, S.REFUNDED),
        (S.PARTIALLY_REFUNDED, S.REFUNDED),
    }


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_transition_moves_the_order_stamps_it_and_records_an_event(source, target):
    # given
    order = OrderFactory(status=source)
    staff = StaffFactory()

    # when
    moved = order_transition(
        order_id=order.pk, to_status=target, actor=staff, actor_kind=ActorKind.STAFF, message="why"
    )

    # then
    assert moved.status == target
    order.refresh_from_db()
    assert order.status == target
    if target in STATUS_TIMESTAMPS:
        assert getattr(order, STATUS_TIMESTAMPS[target]) is not None
    event = OrderEvent.objects.get(order=order, kind="status_changed")
    assert (event.from_status, event.to_status, event.actor, event.actor_kind, event.message) == (
        source,
        target,
        staff,
        ActorKind.STAFF,
        "why",
    )


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_other_transition_is_refused_with_invalid_transition(source, target):
    # given
    order = OrderFactory(status=source)

    # when
    with pytest.raises(InvalidTransition) as refused:
        order_transition(order=order, to_status=target, actor_kind=ActorKind.SYSTEM)

    # then
    assert refused.value.code == "invalid_transition"
    assert refused.value.status_code == 409
    assert refused.value.extra == {"from_status": source, "to_status": target}
    order.refresh_from_db()
    assert order.status == source
    assert not OrderEvent.objects.filter(order=order).exists()


def test_moving_to_the_current_status_is_a_harmless_no_op():
    # given
    order = OrderFactory(status=S.SHIPPED)

    # when
    result = order_transition(order_id=order.pk, to_status=S.SHIPPED, actor_kind=ActorKind.CARRIER)

    # then
    assert result.status == S.SHIPPED
    assert not OrderEvent.objects.filter(order=order).exists()


def test_an_unknown_status_is_refused():
    # given
    order = OrderFactory()

    # when / then
    with pytest.raises(InvalidTransition):
        order_transition(order=order, to_status="teleported", actor_kind=ActorKind.SYSTEM)


@pytest.mark.parametrize(
    ("source", "target", "restocked"),
    [
        (S.PENDING_PAYMENT, S.CANCELLED, True),
        (S.PAID, S.CANCELLED, True),
        (S.PAID, S.REFUNDED, True),
        (S.AWAITING_PICKUP, S.REFUNDED, True),
        (S.DELIVERED, S.REFUNDED, False),
        (S.COMPLETED, S.REFUNDED, False),
    ],
)
def test_stock_goes_back_only_when_the_goods_never_left(source, target, restocked):
    # given
    order = order_with_line(stock_left=8, quantity=2, status=source)
    variant = order.lines.get().variant

    # when
    order_transition(order=order, to_status=target, actor_kind=ActorKind.STAFF)

    # then
    variant.refresh_from_db()
    assert variant.stock == (10 if restocked else 8)


def test_a_line_whose_variant_was_deleted_does_not_block_a_cancellation():
    # given
    order = order_with_line(status=S.PENDING_PAYMENT)
    order.lines.get().variant.delete()

    # when
    order_transition(order=order, to_status=S.CANCELLED, actor_kind=ActorKind.SYSTEM)

    # then
    order.refresh_from_db()
    assert order.status == S.CANCELLED


@pytest.mark.parametrize(
    ("source", "target", "subject"),
    [(S.AWAITING_PICKUP, S.SHIPPED, "on its way"), (S.SHIPPED, S.DELIVERED, "delivered")],
)
def test_shipping_and_delivery_email_the_buyer_once_after_commit(
    source, target, subject, django_capture_on_commit_callbacks
):
    # given
    order = OrderFactory(status=source)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=target, actor_kind=ActorKind.CARRIER)
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, to_status=target, actor_kind=ActorKind.CARRIER)

    # then
    assert len(mail.outbox) == 1
    assert order.number in mail.outbox[0].subject
    assert subject in mail.outbox[0].subject
    assert mail.outbox[0].to == [order.user.email]
    assert order.street not in mail.outbox[0].body
    assert order.phone not in mail.outbox[0].body


# --- the shopper's cancel endpoint ---


@pytest.fixture
def buyer_api():
    def make(user):
        client = APIClient()
        client.force_login(user)
        return client

    return make


def test_the_buyer_cancels_an_unpaid_order_and_the_stock_comes_back(buyer_api):
    # given
    order = order_with_line(stock_left=3, quantity=2)

    # when
    response = buyer_api(order.user).post(f"/api/v1/orders/{order.number}/cancel/")

    # then
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["can_cancel"] is False
    assert order.lines.get().variant.stock == 5
    event = OrderEvent.objects.get(order=order, kind="status_changed")
    assert (event.actor, event.actor_kind) == (order.user, ActorKind.SHOPPER)


def test_cancelling_a_paid_order_refunds_its_payment(buyer_api, demo_payments_api):
    # given
    order = order_with_line(status=S.PAID)
    captured_payment(order)

    # when
    response = buyer_api(order.user).post(f"/api/v1/orders/{order.number}/cancel/")

    # then
    assert response.status_code == 200
    refund = Payment.objects.get(order=order, status=PaymentStatus.REFUNDED)
    assert refund.amount == order.total
    assert refund.reference.startswith("dpr_")


@pytest.mark.parametrize("status", [S.AWAITING_PICKUP, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.CANCELLED, S.REFUNDED])
def test_the_buyer_cannot_cancel_once_the_order_is_with_a_carrier_or_closed(buyer_api, status):
    # given
    order = OrderFactory(status=status)

    # when
    response = buyer_api(order.user).post(f"/api/v1/orders/{order.number}/cancel/")

    # then
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "invalid_transition"
    assert (body["from_status"], body["to_status"]) == (status, "cancelled")
    order.refresh_from_db()
    assert order.status == status


def test_another_users_order_cannot_be_cancelled_and_answers_404(buyer_api):
    # given
    theirs = OrderFactory()
    intruder = OrderFactory().user

    # when
    response = buyer_api(intruder).post(f"/api/v1/orders/{theirs.number}/cancel/")

    # then
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.PENDING_PAYMENT
