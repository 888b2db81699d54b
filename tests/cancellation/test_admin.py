"""The admin of cancellation (D4, C4, E2): requests with status and due date, "anonymise now" queued to Celery,
legal holds placed and released with reasons and never deleted, overdue recipient deletion requests."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from orders.models import Order
from privacy.cancellation.models import (
    CancellationRequest,
    CancellationStatus,
    ErasureTombstone,
    RecipientDeletionRequest,
    RecipientRequestStatus,
)
from privacy.cancellation.services import account_anonymise, cancellation_request, legal_hold_place
from privacy.models import LegalHold
from privacy.services.disclosure import disclosure_record
from tests.accounts.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db

REQUESTS = "/admin/cancellation/cancellationrequest/"
TOMBSTONES = "/admin/cancellation/erasuretombstone/"
RECIPIENT_REQUESTS = "/admin/cancellation/recipientdeletionrequest/"
HOLDS = "/admin/privacy/legalhold/"


@pytest.fixture
def admin_client(client):
    client.force_login(StaffFactory())
    return client


def _viewer(client, *codenames):
    """A staff member with only the given permissions."""
    user = UserFactory(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(user)
    return client


# --- cancellation requests --------------------------------------------------------------------------


def test_requests_are_listed_with_state_and_due_date_and_no_email(admin_client, shopper):
    # given
    request, _ = cancellation_request(user_id=shopper.pk, channel="web")
    held = UserFactory()
    cancellation_request(user_id=held.pk, channel="api")
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=held.pk)

    # when
    response = admin_client.get(REQUESTS)

    # then
    assert response.status_code == 200
    content = response.content.decode()
    assert "cooling off" in content
    assert "on hold" in content
    assert str(request.due_at.year) in content
    assert shopper.email not in content


def test_anonymise_now_asks_for_confirmation_then_queues_it(admin_client, shopper, django_capture_on_commit_callbacks):
    # given
    request, _ = cancellation_request(user_id=shopper.pk, channel="web")
    action = {"action": "anonymise_now", "_selected_action": [request.pk]}

    # when asking
    confirmation = admin_client.post(REQUESTS, action)

    # then nothing happened yet
    assert confirmation.status_code == 200
    assert b"This cannot be undone." in confirmation.content
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING

    # when confirming (the task is queued on commit and runs eagerly)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(REQUESTS, {**action, "post": "yes"})

    # then
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == CancellationStatus.COMPLETED
    assert request.due_at > timezone.now()
    assert ErasureTombstone.objects.get().user_id == shopper.pk


def test_anonymise_now_still_respects_a_legal_hold(admin_client, shopper, django_capture_on_commit_callbacks):
    # given
    request, _ = cancellation_request(user_id=shopper.pk, channel="web")
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)

    # when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        admin_client.post(REQUESTS, {"action": "anonymise_now", "_selected_action": [request.pk], "post": "yes"})

    # then: the task ran, and left the held account alone
    assert len(callbacks) == 1
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING
    assert not ErasureTombstone.objects.exists()


def test_a_viewer_without_the_change_permission_cannot_anonymise(client, shopper):
    # given
    request, _ = cancellation_request(user_id=shopper.pk, channel="web")
    viewer = _viewer(client, "view_cancellationrequest")

    # when
    listing = viewer.get(REQUESTS)
    response = viewer.post(REQUESTS, {"action": "anonymise_now", "_selected_action": [request.pk], "post": "yes"})

    # then
    assert listing.status_code == 200
    assert b"anonymise_now" not in listing.content
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING
    assert response.status_code in (200, 302)


def test_requests_cannot_be_deleted_or_edited(admin_client, shopper):
    # given
    request, _ = cancellation_request(user_id=shopper.pk, channel="web")

    # when
    deleted = admin_client.post(f"{REQUESTS}{request.pk}/delete/", {"post": "yes"})
    changed = admin_client.post(f"{REQUESTS}{request.pk}/change/", {"status": "revoked"})

    # then
    assert deleted.status_code == 403
    assert changed.status_code == 403
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING


def test_tombstones_are_listed_read_only(admin_client, shopper):
    # given
    account_anonymise(user_id=shopper.pk, trigger="inactivity")
    tombstone = ErasureTombstone.objects.get()

    # when
    listing = admin_client.get(TOMBSTONES)
    deleted = admin_client.post(f"{TOMBSTONES}{tombstone.pk}/delete/", {"post": "yes"})

    # then
    assert listing.status_code == 200
    assert b"inactivity" in listing.content.lower() or b"Inactive" in listing.content
    assert deleted.status_code == 403
    assert ErasureTombstone.objects.exists()


# --- legal holds ------------------------------------------------------------------------------------


def test_staff_place_a_hold_on_an_account_with_a_reason(client, shopper):
    # given
    staff = StaffFactory()
    client.force_login(staff)

    # when
    response = client.post(f"{HOLDS}add/", {"user": shopper.pk, "reason": "Court order 2026/17", "object_id": ""})

    # then
    assert response.status_code == 302, response.content
    hold = LegalHold.objects.get()
    assert (hold.user_id, hold.reason, hold.placed_by_id) == (shopper.pk, "Court order 2026/17", staff.pk)
    assert hold.released_at is None


def test_a_hold_on_one_object(admin_client, shopper):
    # given
    order_type = ContentType.objects.get_for_model(Order)

    # when
    response = admin_client.post(
        f"{HOLDS}add/", {"content_type": order_type.pk, "object_id": "17", "reason": "Disputed payment"}
    )

    # then
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert (hold.user_id, hold.content_type, hold.object_id) == (None, order_type, "17")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reason": "Court order"}, b"Name either an account, or an object"),
        ({"reason": ""}, b"This field is required"),
    ],
)
def test_a_hold_needs_a_target_and_a_reason(admin_client, data, message):
    # when
    response = admin_client.post(f"{HOLDS}add/", {"object_id": "", **data})

    # then
    assert response.status_code == 200
    assert message in response.content
    assert not LegalHold.objects.exists()


def test_a_hold_is_released_with_a_reason_and_kept(client, shopper):
    # given
    staff = StaffFactory()
    client.force_login(staff)
    hold = legal_hold_place(reason="Court order 2026/17", staff_id=staff.pk, user_id=shopper.pk)
    release = f"{HOLDS}{hold.pk}/release/"

    # when released without a reason
    refused = client.post(release, {"release_reason": ""})

    # then
    assert refused.status_code == 200
    assert b"This field is required" in refused.content
    assert LegalHold.objects.get().released_at is None

    # when released with one
    response = client.post(release, {"release_reason": "Order lifted by the court"})

    # then
    assert response.status_code == 302
    hold.refresh_from_db()
    assert (hold.release_reason, hold.released_by_id) == ("Order lifted by the court", staff.pk)
    assert hold.released_at is not None
    assert b"was released on" in client.get(release).content


def test_a_hold_cannot_be_deleted_or_edited(admin_client, shopper):
    # given
    hold = legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)

    # when
    deleted = admin_client.post(f"{HOLDS}{hold.pk}/delete/", {"post": "yes"})
    changed = admin_client.post(f"{HOLDS}{hold.pk}/change/", {"reason": "nothing"})

    # then
    assert deleted.status_code == 403
    assert changed.status_code == 403
    assert LegalHold.objects.get().reason == "Court order 2026/17"


def test_the_hold_reason_is_shown_masked(admin_client, shopper):
    # given
    hold = legal_hold_place(reason="Court order 2026/17 about Ada", staff_id=None, user_id=shopper.pk)

    # when
    page = admin_client.get(f"{HOLDS}{hold.pk}/change/")

    # then
    assert page.status_code == 200
    assert b"about Ada" not in page.content
    assert b"Release" in page.content


def test_releasing_needs_the_change_permission(client, shopper):
    # given
    hold = legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)
    viewer = _viewer(client, "view_legalhold")

    # when
    response = viewer.post(f"{HOLDS}{hold.pk}/release/", {"release_reason": "why not"})

    # then
    assert response.status_code == 403
    assert LegalHold.objects.get().released_at is None


# --- recipient deletion requests --------------------------------------------------------------------


def _unsupported_request(user) -> RecipientDeletionRequest:
    disclosure_record(
        user_id=user.pk,
        recipient="Paper Invoices Ltd",
        recipient_ref="printer:paper-invoices",
        purpose="Printing an invoice",
        fields=["invoice_title"],
        reference="INV-1",
    )
    account_anonymise(user_id=user.pk, trigger="cancellation")
    return RecipientDeletionRequest.objects.get()


def test_overdue_requests_are_flagged_and_filtered(admin_client, shopper):
    # given
    request = _unsupported_request(shopper)

    # when a month later (signed in again: the session would have expired)
    with time_machine.travel(timezone.now() + timedelta(days=31)):
        admin_client.force_login(StaffFactory())
        listing = admin_client.get(RECIPIENT_REQUESTS)
        overdue = admin_client.get(f"{RECIPIENT_REQUESTS}?overdue=yes")
        not_overdue = admin_client.get(f"{RECIPIENT_REQUESTS}?overdue=no")

    # then
    assert b"passed their deadline" in listing.content
    assert overdue.context["cl"].result_count == 1
    assert not_overdue.context["cl"].result_count == 0
    assert request.recipient_ref.encode() in overdue.content


def test_staff_record_a_confirmation_received_another_way(admin_client, shopper):
    # given
    request = _unsupported_request(shopper)

    # when
    admin_client.post(RECIPIENT_REQUESTS, {"action": "mark_confirmed", "_selected_action": [request.pk]})

    # then
    request.refresh_from_db()
    assert request.status == RecipientRequestStatus.DONE


def test_a_request_without_an_api_cannot_be_sent_again(admin_client, shopper):
    # given
    request = _unsupported_request(shopper)

    # when
    response = admin_client.post(
        RECIPIENT_REQUESTS, {"action": "retry_requests", "_selected_action": [request.pk]}, follow=True
    )

    # then
    assert b"was not sent again" in response.content
    assert RecipientDeletionRequest.objects.get().status == RecipientRequestStatus.UNSUPPORTED
