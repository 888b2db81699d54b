"""Legal holds (E2): a held user's rows and a held object are skipped, counted, and purged once released."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.models import Order, OrderStatus
from shop.models import HistoryEntry
from tests.accounts.factories import UserFactory
from tests.orders.factories import order_with_line
from tests.retention.conftest import NOW, at
from tests.retention.factories import hold_object, hold_user
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.promise("E2")
def test_a_held_users_history_is_skipped_and_counted_while_others_go(purge):
    # given
    held, free = UserFactory(), UserFactory()
    with at(NOW - timedelta(days=365)):
        for user in (held, free, held):
            HistoryEntryFactory(user=user)
    hold_user(held)

    # when
    run = purge("history")

    # then
    assert HistoryEntry.objects.filter(user=held).count() == 2
    assert not HistoryEntry.objects.filter(user=free).exists()
    assert (run.examined, run.deleted, run.skipped_hold) == (3, 1, 2)


def test_a_released_hold_lets_the_next_run_purge(purge):
    # given
    user = UserFactory()
    with at(NOW - timedelta(days=365)):
        HistoryEntryFactory(user=user)
    hold = hold_user(user)
    purge("history")

    # when
    hold.released_at = timezone.now()
    hold.save(update_fields=["released_at"])
    run = purge("history", now=NOW + timedelta(days=1))

    # then
    assert not HistoryEntry.objects.filter(user=user).exists()
    assert (run.deleted, run.skipped_hold) == (1, 0)


def _closed_long_ago(**fields):
    with at(NOW - timedelta(days=2000)):
        order = order_with_line(**fields)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.COMPLETED, completed_at=NOW - timedelta(days=1999))
    return order


def test_a_held_order_keeps_its_personal_fields_and_a_held_buyers_orders_too(purge):
    # given
    held_order = _closed_long_ago()
    held_buyer = UserFactory()
    buyers_order = _closed_long_ago(user=held_buyer)
    other = _closed_long_ago()
    hold_object(held_order)
    hold_user(held_buyer)

    # when
    run = purge("order_closed")

    # then
    names = dict(Order.objects.values_list("pk", "recipient_name"))
    assert names == {held_order.pk: "Wang Xiaoming", buyers_order.pk: "Wang Xiaoming", other.pk: ""}
    assert (run.examined, run.anonymised, run.skipped_hold) == (3, 1, 2)


def test_an_account_under_hold_is_not_warned(purge):
    # given
    user = UserFactory()
    user.__class__.objects.filter(pk=user.pk).update(last_login=NOW - timedelta(days=2000))
    hold_user(user)

    # when
    run = purge("account_inactive")

    # then
    assert run.warned == 0


def test_an_account_put_under_hold_after_its_warning_is_not_anonymised(purge):
    # given a warned account, then a hold
    user = UserFactory()
    user.__class__.objects.filter(pk=user.pk).update(last_login=NOW - timedelta(days=2000))
    warned = purge("account_inactive")
    hold_user(user)

    # when
    run = purge("account_inactive", now=NOW + timedelta(days=60))

    # then
    user.refresh_from_db()
    assert user.is_active
    assert warned.warned == 1
    assert (run.examined, run.anonymised, run.skipped_hold) == (1, 0, 1)
