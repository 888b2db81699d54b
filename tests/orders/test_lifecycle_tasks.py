"""The periodic order jobs (auto-cancel, auto-complete) and the notification email tasks, run the way
Celery runs them, with the clock frozen."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail

from orders.models import ActorKind, Order, OrderEvent, OrderStatus
from orders.tasks.lifecycle import (
    order_confirmation_email_send,
    order_delivered_email_send,
    orders_cancel_unpaid,
    orders_complete_delivered,
)
from tests.orders.factories import OrderFactory, order_with_line

pytestmark = pytest.mark.django_db

PLACED = datetime(2026, 1, 21, 9, 0, tzinfo=UTC)


def _place_at(moment: datetime, **fields):
    with time_machine.travel(moment, tick=False):
        return order_with_line(stock_left=8, quantity=2, **fields)


def test_both_jobs_are_on_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"orders.cancel_unpaid_orders", "orders.complete_delivered_orders"} <= tasks


def test_an_unpaid_order_is_kept_until_its_time_is_up(settings):
    # given
    settings.ORDERS_UNPAID_CANCEL_AFTER = 30 * 60
    order = _place_at(PLACED)

    # when
    with time_machine.travel(PLACED + timedelta(minutes=29, seconds=59), tick=False):
        cancelled = orders_cancel_unpaid.delay().get()

    # then
    assert cancelled == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_an_unpaid_order_is_cancelled_and_restocked_when_its_time_is_up(settings):
    # given
    settings.ORDERS_UNPAID_CANCEL_AFTER = 30 * 60
    order = _place_at(PLACED)
    variant = order.lines.get().variant

    # when
    with time_machine.travel(PLACED + timedelta(minutes=30, seconds=1), tick=False):
        cancelled = orders_cancel_unpaid.delay().get()

    # then
    assert cancelled == 1
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert order.cancelled_at == PLACED + timedelta(minutes=30, seconds=1)
    variant.refresh_from_db()
    assert variant.stock == 10
    event = OrderEvent.objects.get(order=order, kind="status_changed")
    assert (event.actor, event.actor_kind) == (None, ActorKind.SYSTEM)


def test_running_the_cancel_job_twice_changes_nothing_more(settings):
    # given
    settings.ORDERS_UNPAID_CANCEL_AFTER = 60
    order = _place_at(PLACED)
    variant = order.lines.get().variant

    # when
    with time_machine.travel(PLACED + timedelta(hours=1), tick=False):
        first = orders_cancel_unpaid.delay().get()
        second = orders_cancel_unpaid.delay().get()

    # then
    assert (first, second) == (1, 0)
    variant.refresh_from_db()
    assert variant.stock == 10
    assert OrderEvent.objects.filter(order=order, kind="status_changed").count() == 1


@pytest.mark.parametrize("status", [OrderStatus.PAID, OrderStatus.AWAITING_PICKUP, OrderStatus.CANCELLED])
def test_the_cancel_job_leaves_orders_that_are_not_waiting_for_payment(settings, status):
    # given
    settings.ORDERS_UNPAID_CANCEL_AFTER = 60
    order = _place_at(PLACED, status=status)

    # when
    with time_machine.travel(PLACED + timedelta(days=1), tick=False):
        orders_cancel_unpaid.delay().get()

    # then
    order.refresh_from_db()
    assert order.status == status
    assert order.lines.get().variant.stock == 8


def test_the_cancel_job_works_in_batches_and_requeues_itself_for_the_rest(settings):
    # given
    settings.ORDERS_UNPAID_CANCEL_AFTER = 60
    settings.ORDERS_LIFECYCLE_BATCH_SIZE = 2
    orders = [_place_at(PLACED) for _ in range(5)]

    # when
    with time_machine.travel(PLACED + timedelta(hours=1), tick=False):
        first_batch = orders_cancel_unpaid.delay().get()

    # then
    assert first_batch == 2
    statuses = set(Order.objects.filter(pk__in=[order.pk for order in orders]).values_list("status", flat=True))
    assert statuses == {OrderStatus.CANCELLED}


def test_a_delivered_order_completes_after_its_time(settings):
    # given
    settings.ORDERS_AUTO_COMPLETE_AFTER = 7 * 24 * 3600
    order = OrderFactory(status=OrderStatus.DELIVERED, delivered_at=PLACED)

    # when
    with time_machine.travel(PLACED + timedelta(days=6, hours=23), tick=False):
        early = orders_complete_delivered.delay().get()
    with time_machine.travel(PLACED + timedelta(days=7, seconds=1), tick=False):
        due = orders_complete_delivered.delay().get()
        again = orders_complete_delivered.delay().get()

    # then
    assert (early, due, again) == (0, 1, 0)
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED
    assert order.completed_at == PLACED + timedelta(days=7, seconds=1)


def test_the_complete_job_leaves_orders_that_are_not_delivered(settings):
    # given
    settings.ORDERS_AUTO_COMPLETE_AFTER = 60
    shipped = OrderFactory(status=OrderStatus.SHIPPED, shipped_at=PLACED)
    refunded = OrderFactory(status=OrderStatus.REFUNDED, delivered_at=PLACED)

    # when
    with time_machine.travel(PLACED + timedelta(days=30), tick=False):
        orders_complete_delivered.delay().get()

    # then
    shipped.refresh_from_db()
    refunded.refresh_from_db()
    assert (shipped.status, refunded.status) == (OrderStatus.SHIPPED, OrderStatus.REFUNDED)


def test_the_confirmation_email_carries_the_number_and_no_delivery_details_and_is_sent_once():
    # given
    order = OrderFactory()

    # when
    first = order_confirmation_email_send.delay(order.pk).get()
    second = order_confirmation_email_send.delay(order.pk).get()

    # then
    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [order.user.email]
    assert order.number in message.subject
    assert order.number in message.body
    for personal in (order.recipient_name, order.phone, order.street, order.district):
        assert personal not in message.body
        assert personal not in message.subject


def test_no_email_goes_to_an_order_whose_buyer_is_gone():
    # given
    order = OrderFactory(user=None, status=OrderStatus.DELIVERED)

    # when
    sent = order_delivered_email_send.delay(order.pk).get()

    # then
    assert sent is False
    assert mail.outbox == []


def test_an_email_task_for_a_missing_order_does_nothing():
    # when
    sent = order_confirmation_email_send.delay(987654).get()

    # then
    assert sent is False
    assert mail.outbox == []
