"""Retention of orders: cancelled before payment, deleted after 90 days; completed or refunded, their personal
fields anonymised after 3 years while accounting keeps the rest."""

from datetime import timedelta
from decimal import Decimal

import pytest

from orders.models import Order, OrderEvent, OrderLine, OrderStatus, Payment, PaymentStatus, Shipment, TrackingEvent
from tests.orders.factories import OrderLineFactory, PaymentFactory, order_with_line
from tests.retention.conftest import NOW, at
from tests.retention.factories import shipment_with_event

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
THREE_YEARS = timedelta(days=3 * 365)


def _cancelled_unpaid(cancelled_at, **fields):
    with at(cancelled_at - timedelta(hours=1)):
        order = order_with_line(**fields)
    PaymentFactory(order=order, status=PaymentStatus.FAILED)
    OrderEvent.objects.create(order=order, kind="status_changed", to_status="cancelled", actor_kind="system")
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.CANCELLED, cancelled_at=cancelled_at)
    return order


def test_an_order_cancelled_before_payment_goes_with_everything_under_it_after_90_days(purge):
    # given
    old = _cancelled_unpaid(NOW - timedelta(days=90) - SECOND)
    recent = _cancelled_unpaid(NOW - timedelta(days=90) + SECOND)
    paid = _cancelled_unpaid(NOW - timedelta(days=400))
    Order.objects.filter(pk=paid.pk).update(paid_at=NOW - timedelta(days=401))

    # when
    run = purge("order_cancelled_unpaid")

    # then
    assert set(Order.objects.values_list("pk", flat=True)) == {recent.pk, paid.pk}
    for model in (OrderLine, OrderEvent, Payment):
        assert not model.objects.filter(order_id=old.pk).exists()
        assert model.objects.filter(order_id=recent.pk).exists()
    assert (run.examined, run.deleted, run.errors) == (1, 1, 0)


def _closed(moment, status=OrderStatus.COMPLETED, *, tracking: str):
    with at(moment - timedelta(days=10)):
        order = order_with_line(invoice_title="Acme Ltd", invoice_email="billing@example.com", note="Ring twice")
        PaymentFactory(order=order)
        shipment_with_event(order, tracking_number=tracking)
    stamp = {"completed_at": moment} if status == OrderStatus.COMPLETED else {"refunded_at": moment}
    Order.objects.filter(pk=order.pk).update(status=status, paid_at=moment - timedelta(days=10), **stamp)
    return order


def test_a_closed_order_loses_its_personal_fields_after_3_years_and_keeps_its_accounting(purge):
    # given
    old = _closed(NOW - THREE_YEARS - SECOND, tracking="SF-OLD")
    refunded = _closed(NOW - THREE_YEARS - SECOND, OrderStatus.REFUNDED, tracking="SF-REFUNDED")
    recent = _closed(NOW - THREE_YEARS + SECOND, tracking="SF-RECENT")
    old_total = old.total

    # when
    run = purge("order_closed")

    # then the personal fields of the old orders are blank, on the order and on what the carrier reported
    for order in (old, refunded):
        order.refresh_from_db()
        assert (order.recipient_name, order.phone, order.street, order.district) == ("", "", "", "")
        assert (order.invoice_title, order.invoice_email, order.note) == ("", "", "")
        assert Shipment.objects.get(order=order).tracking_number is None
        assert TrackingEvent.objects.filter(shipment__order=order, description="", location="").count() == 1
    # and what accounting needs stays
    assert old.total == old_total and old.total > Decimal("0")
    assert (old.city, old.region, old.postcode, old.status) == ("Hangzhou", "Zhejiang", "310012", OrderStatus.COMPLETED)
    assert old.user_id is not None
    assert OrderLine.objects.get(order=old).sku
    assert Payment.objects.get(order=old).reference
    # and the order one second short of its time is untouched
    recent.refresh_from_db()
    assert (recent.recipient_name, recent.phone) == ("Wang Xiaoming", "13812345678")
    assert Shipment.objects.get(order=recent).tracking_number == "SF-RECENT"
    assert (run.examined, run.anonymised, run.deleted) == (2, 2, 0)


def test_an_anonymised_order_is_not_examined_again(purge):
    # given
    _closed(NOW - THREE_YEARS - SECOND, tracking="SF-1")
    purge("order_closed")

    # when
    again = purge("order_closed", now=NOW + timedelta(days=1))

    # then
    assert (again.examined, again.anonymised) == (0, 0)


def test_an_order_still_on_its_way_is_never_anonymised_however_old(purge):
    # given
    with at(NOW - timedelta(days=2000)):
        order = order_with_line()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED, completed_at=NOW - timedelta(days=1999))
    OrderLineFactory(order=order)

    # when
    run = purge("order_closed")

    # then
    order.refresh_from_db()
    assert order.recipient_name == "Wang Xiaoming"
    assert run.examined == 0
