"""Deletion requests to every recipient in the disclosure log (C4), against a fake carrier over real HTTP on
loopback, and against the demo carrier served by the shop: what is sent, answers recorded, retries with
backoff, refusals, recipients without an API, the 30-day deadline, no second request on a re-run."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from demo.carrier.setup import demo_carrier_configure
from privacy.cancellation.models import RecipientDeletionRequest, RecipientRequestStatus
from privacy.cancellation.selectors import recipient_requests_overdue
from privacy.cancellation.services import (
    account_anonymise,
    recipient_request_mark_done,
    recipient_request_retry,
    recipient_requests_resend_stale,
)
from privacy.services.disclosure import disclosure_record
from tests.cancellation.conftest import make_order, shipped_to

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager_retries")]


def _anonymise(user, django_capture_on_commit_callbacks):
    """Anonymise as the beat job does: the deletion requests are queued (eager) once it commits."""
    with django_capture_on_commit_callbacks(execute=True):
        return account_anonymise(user_id=user.pk, trigger="cancellation")


def test_each_recipient_is_asked_once_for_every_order_it_received(
    shopper, carrier, fake_carrier, django_capture_on_commit_callbacks
):
    # given two orders that went to the carrier
    orders = [make_order(shopper), make_order(shopper)]
    for order in orders:
        shipped_to(carrier, order)

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    [sent] = fake_carrier.requests
    assert sent.path == "/api/deletion-requests/"
    assert sent.json == {"order_numbers": sorted(order.number for order in orders), "reason": "account_erased"}
    assert sent.headers["Idempotency-Key"].startswith("privashop-erasure-")
    assert shopper.email.encode() not in sent.raw
    request = RecipientDeletionRequest.objects.get()
    assert (request.recipient_ref, request.recipient) == ("carrier:quick", "Quick Parcel")
    assert request.status == RecipientRequestStatus.DONE
    assert request.answer_reference == "FAKE-DEL-1"
    assert request.attempts == 1
    assert request.answered_at is not None
    assert request.deadline_at == request.created_at + timedelta(days=30)


def test_an_api_key_is_sent_when_the_carrier_has_one(
    shopper, carrier, fake_carrier, django_capture_on_commit_callbacks
):
    # given
    carrier.api_key = "carrier-issued-key"
    carrier.save()
    shipped_to(carrier, make_order(shopper))

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    assert fake_carrier.requests[0].headers["Authorization"] == "Bearer carrier-issued-key"


def test_an_accepted_request_waits_for_confirmation_and_becomes_overdue(
    shopper, carrier, fake_carrier, django_capture_on_commit_callbacks
):
    # given a carrier that accepts and will delete later
    shipped_to(carrier, make_order(shopper))
    fake_carrier.answer_next(202, {"status": "accepted", "request_id": "Q-42"})

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    request = RecipientDeletionRequest.objects.get()
    assert (request.status, request.answer_reference) == (RecipientRequestStatus.ACCEPTED, "Q-42")
    assert not recipient_requests_overdue().exists()
    with time_machine.travel(request.deadline_at + timedelta(minutes=1)):
        assert list(recipient_requests_overdue()) == [request]

    # when staff record the confirmation the carrier sent by letter
    assert recipient_request_mark_done(request_id=request.pk) is True

    # then
    with time_machine.travel(request.deadline_at + timedelta(minutes=1)):
        assert not recipient_requests_overdue().exists()


def test_an_unavailable_carrier_is_retried_until_it_answers(
    shopper, carrier, fake_carrier, django_capture_on_commit_callbacks
):
    # given a carrier down for two tries
    shipped_to(carrier, make_order(shopper))
    fake_carrier.answer_next(503, times=2)

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    assert len(fake_carrier.requests) == 3
    assert len({sent.headers["Idempotency-Key"] for sent in fake_carrier.requests}) == 1
    request = RecipientDeletionRequest.objects.get()
    assert (request.status, request.attempts, request.last_error) == (RecipientRequestStatus.DONE, 3, "")


def test_a_carrier_that_never_answers_fails_after_the_retries(
    shopper, carrier, fake_carrier, settings, django_capture_on_commit_callbacks
):
    # given
    shipped_to(carrier, make_order(shopper))
    fake_carrier.answer_next(503, times=settings.PRIVACY_RECIPIENT_DELETION_MAX_RETRIES + 1)

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    request = RecipientDeletionRequest.objects.get()
    assert request.status == RecipientRequestStatus.FAILED
    assert request.last_error == "carrier_http_503"
    assert request.attempts == settings.PRIVACY_RECIPIENT_DELETION_MAX_RETRIES + 1
    assert len(fake_carrier.requests) == settings.PRIVACY_RECIPIENT_DELETION_MAX_RETRIES + 1


def test_a_refusal_is_recorded_and_not_retried(shopper, carrier, fake_carrier, django_capture_on_commit_callbacks):
    # given
    shipped_to(carrier, make_order(shopper))
    fake_carrier.answer_next(403)

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    request = RecipientDeletionRequest.objects.get()
    assert (request.status, request.last_error) == (RecipientRequestStatus.REJECTED, "carrier_http_403")
    assert len(fake_carrier.requests) == 1

    # when staff send it again and the carrier now answers
    with django_capture_on_commit_callbacks(execute=True):
        recipient_request_retry(request_id=request.pk)

    # then
    request.refresh_from_db()
    assert request.status == RecipientRequestStatus.DONE


def test_a_nonsense_answer_is_a_refusal(shopper, carrier, fake_carrier, django_capture_on_commit_callbacks):
    # given
    shipped_to(carrier, make_order(shopper))
    fake_carrier.answer_next(200, {"ok": True})

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    assert RecipientDeletionRequest.objects.get().last_error == "carrier_bad_response"


def test_a_recipient_without_an_api_is_left_to_staff_and_becomes_overdue(shopper, django_capture_on_commit_callbacks):
    # given a recipient no app registered a handler for
    disclosure_record(
        user_id=shopper.pk,
        recipient="Paper Invoices Ltd",
        recipient_ref="printer:paper-invoices",
        purpose="Printing an invoice",
        fields=["invoice_title"],
        reference="INV-1",
    )

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    request = RecipientDeletionRequest.objects.get()
    assert request.status == RecipientRequestStatus.UNSUPPORTED
    assert request.references == ["INV-1"]
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        assert list(recipient_requests_overdue()) == [request]


def test_a_carrier_deleted_meanwhile_is_a_refusal(shopper, carrier, fake_carrier, django_capture_on_commit_callbacks):
    # given
    shipped_to(carrier, make_order(shopper))
    carrier.slug = "renamed"
    carrier.save()

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    assert RecipientDeletionRequest.objects.get().last_error == "carrier_unknown"
    assert fake_carrier.requests == []


def test_anonymising_again_asks_nobody_again(shopper, carrier, fake_carrier, django_capture_on_commit_callbacks):
    # given
    shipped_to(carrier, make_order(shopper))
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # when
    _anonymise(shopper, django_capture_on_commit_callbacks)

    # then
    assert len(fake_carrier.requests) == 1
    assert RecipientDeletionRequest.objects.count() == 1


def test_requests_whose_task_was_lost_are_sent_again_the_next_day(
    shopper, carrier, fake_carrier, django_capture_on_commit_callbacks
):
    # given a request queued while the broker was down (its commit callbacks never ran)
    shipped_to(carrier, make_order(shopper))
    with django_capture_on_commit_callbacks(execute=False):
        account_anonymise(user_id=shopper.pk, trigger="cancellation")
    assert RecipientDeletionRequest.objects.get().status == RecipientRequestStatus.PENDING

    # when the daily sweep runs a day later
    with time_machine.travel(timezone.now() + timedelta(days=1, minutes=1)):
        queued = recipient_requests_resend_stale()

    # then
    assert queued == 1
    assert RecipientDeletionRequest.objects.get().status == RecipientRequestStatus.DONE


@pytest.mark.django_db(transaction=True)
def test_the_demo_carrier_accepts_deletion_requests(live_server, shopper):
    # given the demo carrier served by the shop itself
    carrier, _ = demo_carrier_configure(api_base_url=f"{live_server.url}/demo-carrier/api")
    shipped_to(carrier, make_order(shopper))

    # when (a real commit: the request is sent once the anonymisation committed)
    account_anonymise(user_id=shopper.pk, trigger="cancellation")

    # then
    request = RecipientDeletionRequest.objects.get()
    assert request.status == RecipientRequestStatus.DONE
    assert request.answer_reference.startswith("DEL")
