"""When the cooling-off window ends, the beat job anonymises the account (D4, D5, E2): nothing before the due
date, nothing for a revoked request, postponed under a legal hold or with orders in progress, the last email
sent to the address before it is erased, bounded batches, one account's failure contained."""

from datetime import timedelta
from smtplib import SMTPException

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from orders.models import Order, OrderStatus
from privacy.cancellation.models import CancellationRequest, CancellationStatus, ErasureTombstone
from privacy.cancellation.services import (
    cancellation_request,
    cancellation_revoke,
    legal_hold_place,
    legal_hold_release,
)
from privacy.cancellation.tasks import cancellation_anonymise_due
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.cancellation.conftest import make_order

pytestmark = pytest.mark.django_db

WINDOW = timedelta(days=7)


class RefusingEmailBackend(EmailBackend):
    """A mail server that refuses every message (what an SMTP outage looks like to Django)."""

    def send_messages(self, messages):
        raise SMTPException("421 service not available")


def _ask(user) -> CancellationRequest:
    request, _ = cancellation_request(user_id=user.pk, channel="web")
    return request


def _run_due_job(at):
    with time_machine.travel(at, tick=False):
        return cancellation_anonymise_due.apply().get()


def _user(user):
    return get_user_model().objects.get(pk=user.pk)


def test_nothing_happens_before_the_window_ends(shopper):
    # given
    request = _ask(shopper)

    # when
    outcomes = _run_due_job(request.due_at - timedelta(minutes=1))

    # then
    assert outcomes == {}
    assert _user(shopper).email == shopper.email
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING
    assert mail.outbox == []


@pytest.mark.promise("D4")
def test_the_account_is_anonymised_once_the_window_ended(shopper, client):
    # given
    email = shopper.email
    request = _ask(shopper)

    # when
    outcomes = _run_due_job(request.due_at + timedelta(minutes=1))

    # then
    assert outcomes == {"anonymised": 1}
    user = _user(shopper)
    assert user.email == f"deleted-{shopper.pk}@invalid.invalid"
    assert user.is_active is False
    assert not user.has_usable_password()
    assert client.login(email=email, password=DEFAULT_PASSWORD) is False
    request.refresh_from_db()
    assert request.status == CancellationStatus.COMPLETED
    assert request.tombstone == ErasureTombstone.objects.get(user_id=shopper.pk)


def test_the_last_email_goes_to_the_address_before_it_is_erased(shopper):
    # given
    email = shopper.email
    request = _ask(shopper)

    # when
    _run_due_job(request.due_at + timedelta(minutes=1))

    # then
    [last] = mail.outbox
    assert last.to == [email]
    assert last.subject == "Your PrivaShop account has been deleted"
    assert "As you asked" in last.body
    assert ErasureTombstone.objects.get().confirmation_email_sent is True


def test_a_revoked_request_is_never_completed(shopper):
    # given
    request = _ask(shopper)
    cancellation_revoke(user_id=shopper.pk)

    # when
    outcomes = _run_due_job(request.due_at + timedelta(days=1))

    # then
    assert outcomes == {}
    assert _user(shopper).is_active is True
    assert not ErasureTombstone.objects.exists()


@pytest.mark.promise("E2")
def test_a_legal_hold_postpones_it_until_released(shopper):
    # given
    request = _ask(shopper)
    hold = legal_hold_place(reason="Tax audit 2026-114", staff_id=None, user_id=shopper.pk)
    due = request.due_at + timedelta(minutes=1)

    # when the window ends under the hold
    held = _run_due_job(due)

    # then nothing happened, and the request waits
    assert held == {}
    assert _user(shopper).is_active is True
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING

    # when the hold is released and the job runs again
    legal_hold_release(hold_id=hold.pk, reason="Audit closed", staff_id=None)
    released = _run_due_job(due + timedelta(minutes=5))

    # then
    assert released == {"anonymised": 1}
    assert _user(shopper).is_active is False


def test_an_order_placed_during_the_window_postpones_it_until_it_arrives(shopper, settings):
    # given an order placed after the request, still on its way when the window ends
    request = _ask(shopper)
    order = make_order(shopper, status=OrderStatus.SHIPPED)
    due = request.due_at + timedelta(minutes=1)

    # when
    blocked = _run_due_job(due)

    # then
    assert blocked == {"blocked": 1}
    request.refresh_from_db()
    assert (request.status, request.last_error, request.attempts) == ("pending", "orders_in_progress", 1)
    assert request.next_attempt_at == due + timedelta(seconds=settings.PRIVACY_CANCELLATION_RETRY_DELAY)
    assert _user(shopper).is_active is True

    # when the job runs before the retry delay: the request waits its turn
    assert _run_due_job(due + timedelta(minutes=10)) == {}

    # when the order was delivered and the delay passed
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)
    done = _run_due_job(request.next_attempt_at + timedelta(seconds=1))

    # then
    assert done == {"anonymised": 1}
    assert _user(shopper).is_active is False


def test_a_refusing_mail_server_postpones_it_then_it_goes_ahead_without_the_email(shopper, settings):
    # given a mail server that refuses everything, and three tries for the last email
    settings.EMAIL_BACKEND = "tests.cancellation.test_completion.RefusingEmailBackend"
    settings.PRIVACY_CANCELLATION_EMAIL_ATTEMPTS = 3
    email = shopper.email
    request = _ask(shopper)
    at = request.due_at + timedelta(minutes=1)

    # when: the first two tries roll back
    for _ in range(2):
        assert _run_due_job(at) == {"postponed": 1}
        assert _user(shopper).email == email
        at += timedelta(seconds=settings.PRIVACY_CANCELLATION_RETRY_DELAY + 1)

    # when: the last try goes ahead without the email
    outcomes = _run_due_job(at)

    # then
    assert outcomes == {"anonymised": 1}
    assert _user(shopper).email != email
    tombstone = ErasureTombstone.objects.get()
    assert tombstone.confirmation_email_sent is False
    request.refresh_from_db()
    assert request.status == CancellationStatus.COMPLETED


@pytest.mark.promise("D5")
def test_batches_are_bounded_and_the_job_queues_itself_for_the_rest(settings):
    # given five due requests and batches of two
    settings.PRIVACY_CANCELLATION_BATCH_SIZE = 2
    users = UserFactory.create_batch(5)
    for user in users:
        _ask(user)

    # when
    first_run = _run_due_job(timezone.now() + WINDOW + timedelta(minutes=1))

    # then: the first run did two, its follow-ups the rest
    assert first_run == {"anonymised": 2}
    assert ErasureTombstone.objects.count() == 5
    assert not CancellationRequest.objects.filter(status=CancellationStatus.PENDING).exists()


def test_one_account_failing_does_not_stop_the_others(erasure_handler):
    # given two due requests; erasing the first one fails inside its transaction
    failing, fine = UserFactory(), UserFactory()
    failing_email = failing.email
    for user in (failing, fine):
        _ask(user)

    def fail_for_one(*, user_id):
        if user_id == failing.pk:
            raise RuntimeError("the search index is down")

    erasure_handler(fail_for_one)

    # when
    outcomes = _run_due_job(timezone.now() + WINDOW + timedelta(minutes=1))

    # then
    assert outcomes == {"failed": 1, "anonymised": 1}
    assert _user(failing).email == failing_email
    assert _user(failing).is_active is True
    assert _user(fine).is_active is False
    request = CancellationRequest.objects.get(user=failing)
    assert (request.status, request.last_error) == ("pending", "anonymisation_failed")
    assert not ErasureTombstone.objects.filter(user_id=failing.pk).exists()


def test_a_failed_anonymisation_is_tried_again_within_minutes_not_an_hour(erasure_handler):
    # given a due request whose erasure fails once (a passing error), then works
    user = UserFactory()
    _ask(user)
    failures = []

    def fail_once(*, user_id):
        if not failures:
            failures.append(user_id)
            raise RuntimeError("the database restarted")

    erasure_handler(fail_once)
    due = timezone.now() + WINDOW + timedelta(minutes=1)

    # when the due job runs, then again five minutes later (its beat interval)
    first = _run_due_job(due)
    second = _run_due_job(due + timedelta(minutes=5))

    # then the second run anonymised the account
    assert (first, second) == ({"failed": 1}, {"anonymised": 1})
    assert _user(user).is_active is False
