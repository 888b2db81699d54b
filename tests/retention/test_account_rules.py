"""Retention of accounts: unverified sign-ups deleted after 7 days; accounts nobody signed in to for 3 years
warned by email 30 days before, then anonymised exactly like a cancelled account."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import User
from orders.models import Order, OrderStatus
from privacy.cancellation.models import ErasureTombstone
from privacy.models import LegalHold, PolicyAcceptance
from privacy.retention.models import RetentionNotice
from shop.models import HistoryEntry
from tests.accounts.factories import StaffFactory, UserFactory
from tests.orders.factories import order_with_line
from tests.retention.conftest import NOW, at
from tests.shop.factories import HistoryEntryFactory

pytestmark = pytest.mark.django_db

SECOND = timedelta(seconds=1)
THREE_YEARS = timedelta(days=3 * 365)
MONTH = timedelta(days=30)


def _joined(moment, *, verified: bool | None = None, factory=UserFactory, **fields):
    with at(moment):
        user = factory(**fields)
    if verified is not None:
        EmailAddress.objects.create(user=user, email=user.email, verified=verified, primary=True)
    return user


def test_a_sign_up_never_verified_is_deleted_after_7_days_and_nothing_else_is(purge, published_policy):
    # given
    unverified = _joined(NOW - timedelta(days=7) - SECOND, verified=False)
    with at(NOW - timedelta(days=6)):
        HistoryEntryFactory(user=unverified)
    acceptance = PolicyAcceptance.objects.create(
        user=unverified, version=published_policy, body_digest=published_policy.body_digest, channel="signup"
    )
    fresh = _joined(NOW - timedelta(days=7) + SECOND)
    verified = _joined(NOW - timedelta(days=400), verified=True)
    staff = _joined(NOW - timedelta(days=400), factory=StaffFactory)

    # when
    run = purge("signup_unverified")

    # then
    assert not User.objects.filter(pk=unverified.pk).exists()
    assert not HistoryEntry.objects.filter(user_id=unverified.pk).exists()
    assert not EmailAddress.objects.filter(user_id=unverified.pk).exists()
    # the proof of what was accepted stays, detached and pseudonymous
    acceptance.refresh_from_db()
    assert acceptance.user_id is None and acceptance.user_ref
    assert User.objects.filter(pk__in=[fresh.pk, verified.pk, staff.pk]).count() == 3
    assert (run.examined, run.deleted, run.errors) == (1, 1, 0)


def _inactive_since(last_login):
    user = _joined(last_login - timedelta(days=100), verified=True)
    User.objects.filter(pk=user.pk).update(last_login=last_login)
    return user


def test_an_inactive_account_is_warned_once_30_days_before_and_anonymised_when_due(purge):
    # given nobody signed in to the account for three years as of NOW
    user = _inactive_since(NOW - THREE_YEARS)
    other = _inactive_since(NOW - THREE_YEARS + timedelta(days=2))
    address = user.email

    # when / then: no warning one second before the warning is due
    early = purge("account_inactive", now=NOW - MONTH - SECOND)
    assert early.warned == 0 and mail.outbox == []

    # when / then: the warning goes once, to the user only
    warned = purge("account_inactive", now=NOW - MONTH)
    again = purge("account_inactive", now=NOW - MONTH + timedelta(days=1))
    assert (warned.warned, again.warned) == (1, 0)
    assert [message.to for message in mail.outbox] == [[address]]
    assert "will be closed" in mail.outbox[0].subject
    assert RetentionNotice.objects.filter(category="account_inactive", object_pk=str(user.pk)).count() == 1

    # when / then: nothing happens one second before the account is due
    before = purge("account_inactive", now=NOW - SECOND)
    assert before.anonymised == 0
    assert User.objects.get(pk=user.pk).is_active

    # when / then: when due, it is anonymised like a cancelled account
    due = purge("account_inactive", now=NOW)
    user.refresh_from_db()
    assert (due.examined, due.anonymised) == (1, 1)
    assert not user.is_active and user.email != address and not user.has_usable_password()
    tombstone = ErasureTombstone.objects.get(user_id=user.pk)
    assert (tombstone.trigger, tombstone.completed_at) == ("inactivity", NOW)
    assert not RetentionNotice.objects.filter(object_pk=str(user.pk)).exists()
    assert User.objects.get(pk=other.pk).is_active


def test_an_account_never_warned_is_anonymised_only_30_days_after_its_warning(purge):
    # given an account long past its three years that was never warned (the rule was just enabled)
    user = _inactive_since(NOW - timedelta(days=2000))

    # when
    first = purge("account_inactive")
    too_soon = purge("account_inactive", now=NOW + MONTH - SECOND)
    due = purge("account_inactive", now=NOW + MONTH)

    # then
    assert (first.warned, first.anonymised) == (1, 0)
    assert too_soon.anonymised == 0
    assert due.anonymised == 1
    user.refresh_from_db()
    assert not user.is_active


def test_signing_in_after_the_warning_keeps_the_account_and_a_new_warning_comes_in_time(purge):
    # given a warned user
    user = _inactive_since(NOW - THREE_YEARS)
    purge("account_inactive", now=NOW - MONTH)

    # when the user signs in before the account is due
    User.objects.filter(pk=user.pk).update(last_login=NOW - timedelta(days=10))
    run = purge("account_inactive", now=NOW + timedelta(days=1))

    # then the account stays, the old warning is forgotten
    assert User.objects.get(pk=user.pk).is_active
    assert run.anonymised == 0
    assert not RetentionNotice.objects.filter(object_pk=str(user.pk)).exists()
    # and the next warning comes 30 days before the new date
    later = purge("account_inactive", now=NOW - timedelta(days=10) + THREE_YEARS - MONTH)
    assert later.warned == 1


def test_an_account_never_signed_in_counts_from_when_it_was_made(purge):
    # given
    never = _joined(NOW - THREE_YEARS - SECOND, verified=True)
    purge("account_inactive", now=NOW - MONTH)

    # when
    run = purge("account_inactive")

    # then
    assert run.anonymised == 1
    assert not User.objects.get(pk=never.pk).is_active


def test_an_inactive_account_with_an_order_on_its_way_is_postponed_not_anonymised(purge):
    # given a warned inactive account whose order is still being delivered
    user = _inactive_since(NOW - THREE_YEARS)
    with at(NOW - timedelta(days=40)):
        order = order_with_line(user=user)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.SHIPPED)
    purge("account_inactive", now=NOW - MONTH)

    # when
    run = purge("account_inactive")

    # then it is left for the next run
    assert User.objects.get(pk=user.pk).is_active
    assert (run.examined, run.anonymised, run.postponed, run.errors) == (1, 0, 1, 0)


def test_an_unverified_sign_up_something_still_protects_is_erased_and_kept_anonymised(purge):
    # given an unverified sign-up with a released legal hold (holds are never deleted, and protect their user)
    user = _joined(NOW - timedelta(days=30), verified=False)
    LegalHold.objects.create(user=user, reason="Inquiry 12", released_at=NOW - timedelta(days=20))
    address = user.email

    # when
    run = purge("signup_unverified")

    # then
    user.refresh_from_db()
    assert not user.is_active and user.email != address
    assert (run.deleted, run.anonymised, run.errors) == (0, 1, 0)
