"""The cancellation API (D4): re-authentication first, refusals (anonymous, stale re-authentication, staff,
orders in progress, another user's token), the cooling-off window, its email, revoking, the on-hold state."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import OrderStatus
from privacy.cancellation.models import CancellationRequest, CancellationStatus
from privacy.cancellation.services import legal_hold_place
from tests.accounts.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.cancellation.conftest import APP, CANCELLATION, app_token, make_order, reauthenticated_client

pytestmark = pytest.mark.django_db


# --- refusals ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_an_anonymous_caller_is_refused(method):
    # when
    response = getattr(APIClient(), method)(CANCELLATION)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"
    assert not CancellationRequest.objects.exists()


def test_asking_without_a_recent_reauthentication_is_refused(client, shopper):
    # given a signed-in user who did not re-authenticate
    client.force_login(shopper)

    # when
    response = client.post(CANCELLATION)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert response.json()["reauthenticate_url"] == "/_allauth/browser/v1/auth/reauthenticate"
    assert not CancellationRequest.objects.exists()


def test_an_app_without_a_recent_reauthentication_is_sent_to_the_app_endpoint(shopper):
    # given
    token = app_token(shopper)

    # when
    response = APIClient().post(CANCELLATION, HTTP_X_SESSION_TOKEN=token)

    # then
    assert response.status_code == 403
    assert response.json()["reauthenticate_url"] == f"{APP}/auth/reauthenticate"
    assert not CancellationRequest.objects.exists()


def test_an_expired_reauthentication_is_refused(shopper):
    # given a re-authentication six minutes ago (it counts for five)
    with time_machine.travel(timezone.now() - timedelta(minutes=6)):
        client = reauthenticated_client(shopper)

    # when
    response = client.post(CANCELLATION)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert not CancellationRequest.objects.exists()


def test_a_staff_account_is_refused():
    # given
    staff = StaffFactory()
    client = reauthenticated_client(staff)

    # when
    response = client.post(CANCELLATION)

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "staff_account"
    assert not CancellationRequest.objects.exists()


@pytest.mark.parametrize(
    "status", [OrderStatus.PENDING_PAYMENT, OrderStatus.PAID, OrderStatus.AWAITING_PICKUP, OrderStatus.SHIPPED]
)
def test_an_order_in_progress_refuses_it_listing_the_order(shopper, status):
    # given
    order = make_order(shopper, status=status)
    make_order(shopper, status=OrderStatus.DELIVERED)
    client = reauthenticated_client(shopper)

    # when
    response = client.post(CANCELLATION)

    # then
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "orders_in_progress"
    assert body["blocking"] == [order.number]
    assert not CancellationRequest.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("status", [OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.CANCELLED])
def test_finished_orders_do_not_block_it(shopper, status):
    # given
    make_order(shopper, status=status)
    client = reauthenticated_client(shopper)

    # when
    response = client.post(CANCELLATION)

    # then the request is recorded, pending, for this shopper only
    assert response.status_code == 201
    request = CancellationRequest.objects.get(user=shopper)
    assert request.status == CancellationStatus.PENDING
    assert (response.json()["id"], response.json()["state"], response.json()["can_revoke"]) == (
        request.pk,
        "cooling_off",
        True,
    )


def test_another_users_token_sees_and_revokes_nothing_of_mine(shopper):
    # given my pending request, and another user's token
    reauthenticated_client(shopper).post(CANCELLATION)
    other = APIClient(HTTP_X_SESSION_TOKEN=app_token(UserFactory()))

    # when
    seen = other.get(CANCELLATION)
    revoked = other.delete(CANCELLATION)

    # then
    assert seen.status_code == 404
    assert seen.json()["code"] == "cancellation_not_found"
    assert revoked.status_code == 404
    assert CancellationRequest.objects.get(user=shopper).status == CancellationStatus.PENDING


def test_an_invalid_token_is_refused_with_401():
    # when
    response = APIClient().post(CANCELLATION, HTTP_X_SESSION_TOKEN="not-a-token")

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


# --- asking -----------------------------------------------------------------------------------------


@pytest.mark.promise("D4")
def test_asking_starts_the_cooling_off_window_and_emails_the_user(shopper, django_capture_on_commit_callbacks):
    # given
    client = reauthenticated_client(shopper)
    now = timezone.now()

    # when
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client.post(CANCELLATION)

    # then
    assert response.status_code == 201
    body = response.json()
    assert body["state"] == "cooling_off"
    assert body["on_hold"] is False
    assert body["can_revoke"] is True
    request = CancellationRequest.objects.get(user=shopper)
    assert request.due_at == now + timedelta(days=7)
    assert request.channel == "api"
    [email] = mail.outbox
    assert email.to == [shopper.email]
    assert "http://testserver/privacy/cancellation/" in email.body
    assert str(request.due_at.year) in email.body


def test_the_cooling_off_window_follows_the_setting(shopper, settings):
    # given
    settings.PRIVACY_CANCELLATION_COOLING_OFF = 3600
    client = reauthenticated_client(shopper)
    now = timezone.now()

    # when
    with time_machine.travel(now, tick=False):
        client.post(CANCELLATION)

    # then
    assert CancellationRequest.objects.get(user=shopper).due_at == now + timedelta(hours=1)


def test_an_app_reauthenticated_through_allauth_headless_can_ask(shopper):
    # given
    app = APIClient(HTTP_X_SESSION_TOKEN=app_token(shopper))
    assert app.post(f"{APP}/auth/reauthenticate", {"password": DEFAULT_PASSWORD}).status_code == 200

    # when
    response = app.post(CANCELLATION)

    # then
    assert response.status_code == 201
    assert CancellationRequest.objects.get().user == shopper


def test_asking_again_answers_the_pending_request(shopper, django_capture_on_commit_callbacks):
    # given
    client = reauthenticated_client(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(CANCELLATION).json()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CANCELLATION)

    # then
    assert response.status_code == 200
    assert response.json()["id"] == first["id"]
    assert CancellationRequest.objects.count() == 1
    assert len(mail.outbox) == 1


def test_get_shows_the_state_and_the_due_date(shopper):
    # given
    client = reauthenticated_client(shopper)
    client.post(CANCELLATION)
    request = CancellationRequest.objects.get()

    # when
    response = client.get(CANCELLATION)

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["state"] == "cooling_off"
    assert body["due_at"] == request.due_at.isoformat().replace("+00:00", "Z")


def test_get_without_a_request_is_404(client, shopper):
    # given
    client.force_login(shopper)

    # when
    response = client.get(CANCELLATION)

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "cancellation_not_found"


def test_a_legal_hold_shows_the_request_on_hold(shopper):
    # given
    client = reauthenticated_client(shopper)
    client.post(CANCELLATION)
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)

    # when
    body = client.get(CANCELLATION).json()

    # then
    assert body["state"] == "on_hold"
    assert body["on_hold"] is True
    assert body["can_revoke"] is True


def test_the_request_shows_due_once_the_window_ended(shopper):
    # given
    client = reauthenticated_client(shopper)
    client.post(CANCELLATION)

    # when
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        body = client.get(CANCELLATION).json()

    # then
    assert body["state"] == "due"


# --- revoking ---------------------------------------------------------------------------------------


def test_revoking_keeps_the_account(shopper):
    # given
    client = reauthenticated_client(shopper)
    client.post(CANCELLATION)

    # when
    response = client.delete(CANCELLATION)

    # then
    assert response.status_code == 200
    assert response.json()["state"] == "revoked"
    assert response.json()["can_revoke"] is False
    request = CancellationRequest.objects.get()
    assert request.status == CancellationStatus.REVOKED
    assert request.revoked_at is not None
    assert client.delete(CANCELLATION).status_code == 404


def test_revoking_without_a_pending_request_is_404(client, shopper):
    # given
    client.force_login(shopper)

    # when
    response = client.delete(CANCELLATION)

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "cancellation_not_found"


def test_a_new_request_can_follow_a_revoked_one(shopper):
    # given
    client = reauthenticated_client(shopper)
    client.post(CANCELLATION)
    client.delete(CANCELLATION)

    # when
    response = client.post(CANCELLATION)

    # then
    assert response.status_code == 201
    assert CancellationRequest.objects.filter(user=shopper, status=CancellationStatus.PENDING).count() == 1


def test_the_email_is_not_sent_for_a_request_revoked_before_the_task_ran(shopper, django_capture_on_commit_callbacks):
    # given a request whose email task has not run yet
    from privacy.cancellation.services import cancellation_request, cancellation_revoke
    from privacy.cancellation.tasks import cancellation_requested_email

    with django_capture_on_commit_callbacks(execute=False):
        request, _ = cancellation_request(user_id=shopper.pk, channel="api")
    cancellation_revoke(user_id=shopper.pk)

    # when
    sent = cancellation_requested_email.apply(args=[request.pk]).get()

    # then
    assert sent is False
    assert mail.outbox == []


def test_the_api_is_reachable_before_accepting_a_new_material_policy(accepting_user):
    # given a new material version the user has not accepted
    from tests.privacy.factories import PolicyVersionFactory

    PolicyVersionFactory(version="2026-09", material=True)
    client = reauthenticated_client(accepting_user)

    # when
    response = client.post(CANCELLATION)

    # then
    assert response.status_code == 201
    assert client.get("/api/v1/addresses/").json()["code"] == "policy_acceptance_required"
