"""The cancellation page of the privacy centre (D4): re-authentication, the confirmation box, refusals next to
the form, the banner on every page while the window runs, revoking, the on-hold notice."""

import pytest

from orders.models import OrderStatus
from privacy.cancellation.models import CancellationRequest, CancellationStatus
from privacy.cancellation.services import cancellation_request, legal_hold_place
from tests.accounts.factories import DEFAULT_PASSWORD, StaffFactory
from tests.cancellation.conftest import make_order

pytestmark = pytest.mark.django_db

PAGE = "/privacy/cancellation/"
REVOKE = "/privacy/cancellation/revoke/"
BANNER = "You asked to cancel your account."


def _reauthenticate(client) -> None:
    response = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302


def test_an_anonymous_visitor_is_sent_to_sign_in(client):
    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_explains_what_happens_and_links_from_the_centre(client, shopper):
    # given
    client.force_login(shopper)

    # when
    page = client.get(PAGE)
    centre = client.get("/privacy/")

    # then
    assert page.status_code == 200
    assert b"Cancel my account" in page.content
    assert b"7 days" in page.content
    assert PAGE.encode() in centre.content


def test_asking_without_a_recent_reauthentication_sends_to_the_reauthentication_page(client, shopper):
    # given
    client.force_login(shopper)

    # when
    response = client.post(PAGE, {"confirm": "on"})

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert not CancellationRequest.objects.exists()


def test_the_box_must_be_ticked(client, shopper):
    # given
    client.force_login(shopper)
    _reauthenticate(client)

    # when
    response = client.post(PAGE, {})

    # then
    assert response.status_code == 400
    assert b"Tick the box to confirm" in response.content
    assert not CancellationRequest.objects.exists()


def test_asking_starts_the_window_and_shows_the_banner_everywhere(client, shopper):
    # given
    client.force_login(shopper)
    _reauthenticate(client)

    # when
    response = client.post(PAGE, {"confirm": "on"}, follow=True)

    # then
    assert response.status_code == 200
    request = CancellationRequest.objects.get(user=shopper)
    assert request.channel == "web"
    assert b"Your account will be anonymised on" in response.content
    assert b"Keep my account" in response.content
    assert BANNER.encode() in client.get("/").content


def test_orders_in_progress_are_named_next_to_the_form(client, shopper):
    # given
    order = make_order(shopper, status=OrderStatus.AWAITING_PICKUP)
    client.force_login(shopper)
    _reauthenticate(client)

    # when
    response = client.post(PAGE, {"confirm": "on"})

    # then
    assert response.status_code == 409
    assert order.number.encode() in response.content
    assert not CancellationRequest.objects.exists()


def test_a_staff_account_is_refused(client):
    # given
    staff = StaffFactory()
    client.force_login(staff)
    _reauthenticate(client)

    # when
    response = client.post(PAGE, {"confirm": "on"})

    # then
    assert response.status_code == 403
    assert b"another administrator" in response.content
    assert not CancellationRequest.objects.exists()


def test_revoking_keeps_the_account_and_removes_the_banner(client, shopper):
    # given
    cancellation_request(user_id=shopper.pk, channel="web")
    client.force_login(shopper)

    # when
    response = client.post(REVOKE, follow=True)

    # then
    assert b"Your account will not be cancelled" in response.content
    assert CancellationRequest.objects.get().status == CancellationStatus.REVOKED
    assert BANNER.encode() not in client.get("/").content


def test_revoking_needs_a_post(client, shopper):
    # given
    cancellation_request(user_id=shopper.pk, channel="web")
    client.force_login(shopper)

    # when
    response = client.get(REVOKE)

    # then
    assert response.status_code == 405
    assert CancellationRequest.objects.get().status == CancellationStatus.PENDING


def test_a_held_request_says_so(client, shopper):
    # given
    cancellation_request(user_id=shopper.pk, channel="web")
    legal_hold_place(reason="Court order 2026/17", staff_id=None, user_id=shopper.pk)
    client.force_login(shopper)

    # when
    response = client.get(PAGE)

    # then
    assert b"Your request is on hold." in response.content
    assert b"Court order" not in response.content
