"""Retention of the shop's data: anonymous carts after 30 days of inactivity, history after 180 days."""

from datetime import timedelta

import pytest

from privacy.retention.models import PurgeStatus, PurgeTrigger
from shop.models import Cart, CartItem, HistoryEntry
from tests.accounts.factories import UserFactory
from tests.retention.conftest import NOW, at
from tests.shop.factories import CartFactory, CartItemFactory, HistoryEntryFactory

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)


def _history_at(moment, user):
    with at(moment):
        return HistoryEntryFactory(user=user)


@pytest.mark.promise("E1")
def test_history_goes_exactly_when_its_180_days_are_up(purge):
    # given
    user = UserFactory()
    past = _history_at(NOW - timedelta(days=180) - SECOND, user)
    on_the_dot = _history_at(NOW - timedelta(days=180), user)
    not_yet = _history_at(NOW - timedelta(days=180) + SECOND, user)

    # when
    run = purge("history")

    # then
    assert set(HistoryEntry.objects.values_list("pk", flat=True)) == {not_yet.pk}
    assert not HistoryEntry.objects.filter(pk__in=[past.pk, on_the_dot.pk]).exists()
    assert (run.status, run.triggered_by, run.dry_run) == (PurgeStatus.COMPLETED, PurgeTrigger.COMMAND, False)
    assert (run.examined, run.deleted, run.anonymised, run.skipped_hold, run.errors) == (2, 2, 0, 0, 0)
    assert run.period_days == 180
    assert run.cutoff == NOW - timedelta(days=180)
    assert run.started_at == NOW and run.finished_at == NOW


def test_history_is_purged_batch_by_batch_and_a_second_run_finds_nothing(purge):
    # given
    user = UserFactory()
    old = [_history_at(NOW - timedelta(days=200, minutes=n), user) for n in range(7)]

    # when
    first = purge("history", "--batch-size", "3")
    second = purge("history", "--batch-size", "3")

    # then
    assert not HistoryEntry.objects.filter(pk__in=[entry.pk for entry in old]).exists()
    assert (first.examined, first.deleted) == (7, 7)
    # Deleted by key range (one statement per batch of 3 keys): the cursor is the end of the last range.
    assert int(first.cursor) >= max(entry.pk for entry in old)
    assert (second.examined, second.deleted) == (0, 0)


def _cart_touched_at(moment, **fields):
    with at(moment):
        cart = CartFactory(**fields)
        CartItemFactory(cart=cart)
    return cart


def test_an_anonymous_cart_goes_30_days_after_its_last_activity_with_its_items(purge):
    # given
    abandoned = _cart_touched_at(NOW - timedelta(days=30) - SECOND)
    recent = _cart_touched_at(NOW - timedelta(days=30) + SECOND)
    shoppers = _cart_touched_at(NOW - timedelta(days=400), user=UserFactory())

    # when
    run = purge("cart_anonymous")

    # then
    assert set(Cart.objects.values_list("pk", flat=True)) == {recent.pk, shoppers.pk}
    assert not CartItem.objects.filter(cart_id=abandoned.pk).exists()
    assert CartItem.objects.filter(cart_id=recent.pk).count() == 1
    assert (run.examined, run.deleted) == (1, 1)
