"""``--dry-run`` counts what would go and changes nothing: no row, no warning, no email."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from orders.models import Order, OrderStatus
from privacy.retention.models import PurgeRun, RetentionNotice
from shop.models import HistoryEntry
from tests.accounts.factories import UserFactory
from tests.orders.factories import order_with_line
from tests.retention.conftest import NOW, at
from tests.retention.factories import hold_user
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db


def test_a_dry_run_counts_and_changes_nothing(purge):
    # given
    held, free = UserFactory(), UserFactory()
    with at(NOW - timedelta(days=365)):
        for user in (held, free, free):
            HistoryEntryFactory(user=user)
        order = order_with_line()
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.COMPLETED, completed_at=NOW - timedelta(days=2000))
    hold_user(held)
    User = type(free)
    User.objects.filter(pk=free.pk).update(last_login=NOW - timedelta(days=2000))

    # when
    history = purge("history", "--dry-run")
    orders = purge("order_closed", "--dry-run")
    accounts = purge("account_inactive", "--dry-run")

    # then nothing changed
    assert HistoryEntry.objects.count() == 3
    assert Order.objects.get(pk=order.pk).recipient_name == "Wang Xiaoming"
    assert not RetentionNotice.objects.exists() and mail.outbox == []
    # and the runs say what would have happened
    assert all(run.dry_run for run in (history, orders, accounts))
    assert (history.examined, history.deleted, history.skipped_hold) == (3, 2, 1)
    assert (orders.examined, orders.anonymised) == (1, 1)
    assert accounts.warned >= 1 and accounts.anonymised == 0


def test_a_dry_run_says_so_and_prints_what_would_go():
    # given
    with at(NOW - timedelta(days=365)):
        HistoryEntryFactory(user=UserFactory())
    out = StringIO()

    # when
    with at(NOW):
        call_command("purge_expired", "--dry-run", "--category", "history", stdout=out)

    # then
    text = out.getvalue()
    assert text.startswith("Dry run: counting only, nothing is changed.")
    assert "Would purge (dry run):" in text
    assert HistoryEntry.objects.count() == 1
    assert PurgeRun.objects.get().dry_run
