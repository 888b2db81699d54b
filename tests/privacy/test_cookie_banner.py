"""The cookie banner: essential cookies only until the visitor chooses; the choice is kept and changeable (B5)."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from privacy.cookies import optional_cookies_allowed
from privacy.models import Channel, ConsentRecord
from privacy.purposes import ANALYTICS_COOKIES
from privacy.services.consent import consent_set
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db

BANNER = 'aria-label="Cookies"'
PAGE = "/privacy/policy/"


@pytest.mark.promise("B5")
def test_a_new_visitor_sees_the_banner_and_gets_no_optional_cookie(client):
    # when
    response = client.get(PAGE)

    # then
    html = response.content.decode()
    assert BANNER in html
    assert "Accept optional cookies" in html and "Essential only" in html
    assert "cookie_consent" not in response.cookies


@pytest.mark.parametrize(("choice", "allowed"), [("all", True), ("essential", False)])
def test_a_choice_is_stored_in_a_cookie_and_hides_the_banner(client, choice, allowed):
    # when
    response = client.post("/privacy/cookies/", {"choice": choice, "next": PAGE})

    # then
    assert response.status_code == 302
    assert response["Location"] == PAGE
    cookie = response.cookies["cookie_consent"]
    assert cookie.value == choice
    assert int(cookie["max-age"]) >= 60 * 60 * 24 * 180
    assert cookie["samesite"] == "Lax"
    page = client.get(PAGE)
    assert BANNER not in page.content.decode()
    assert page.context["privacy_notices"].optional_cookies_allowed is allowed


@pytest.mark.promise("B5")
def test_the_choice_can_be_changed_on_the_cookies_page(client):
    # given
    client.cookies["cookie_consent"] = "all"

    # when
    page = client.get("/privacy/cookies/")
    response = client.post("/privacy/cookies/", {"choice": "essential"})

    # then
    assert "optional cookies allowed" in page.content.decode()
    assert response["Location"] == "/privacy/cookies/"
    assert response.cookies["cookie_consent"].value == "essential"


def test_an_invalid_choice_sets_nothing(client):
    # when
    response = client.post("/privacy/cookies/", {"choice": "everything"})

    # then
    assert response.status_code == 200
    assert "cookie_consent" not in response.cookies


def test_the_banner_never_redirects_off_site(client):
    # when
    response = client.post("/privacy/cookies/", {"choice": "essential", "next": "https://evil.example/"})

    # then
    assert response["Location"] == "/privacy/cookies/"


def test_a_signed_in_choice_is_recorded_as_consent(client):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    client.post("/privacy/cookies/", {"choice": "all"}, REMOTE_ADDR="192.0.2.9")

    # then
    record = ConsentRecord.objects.get()
    assert (record.user, record.purpose, record.granted, record.channel, record.ip_address) == (
        user,
        ANALYTICS_COOKIES,
        True,
        Channel.WEB,
        "192.0.2.9",
    )


def test_a_withdrawal_recorded_elsewhere_beats_the_devices_cookie(client):
    # given a device that said "all", and a later withdrawal through the consents API
    user = UserFactory()
    for granted in (True, False):
        consent_set(
            user=user, changes={ANALYTICS_COOKIES: granted}, ip_address=None, user_agent="", channel=Channel.API
        )
    request = RequestFactory().get("/", HTTP_COOKIE="cookie_consent=all")
    request.user = user

    # when
    allowed = optional_cookies_allowed(request)

    # then
    assert allowed is False


def test_anonymous_visitors_follow_their_cookie():
    # given
    factory = RequestFactory()
    chose_all = factory.get("/", HTTP_COOKIE="cookie_consent=all")
    chose_nothing = factory.get("/")
    forged = factory.get("/", HTTP_COOKIE="cookie_consent=yes-please")
    for request in (chose_all, chose_nothing, forged):
        request.user = AnonymousUser()

    # when / then
    assert optional_cookies_allowed(chose_all) is True
    assert optional_cookies_allowed(chose_nothing) is False
    assert optional_cookies_allowed(forged) is False


def test_switching_optional_cookies_off_on_the_consents_page_updates_the_cookie(client):
    # given
    client.force_login(UserFactory())
    client.cookies["cookie_consent"] = "all"

    # when
    response = client.post("/privacy/consents/", {})

    # then
    assert response.cookies["cookie_consent"].value == "essential"
