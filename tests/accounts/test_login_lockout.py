"""Failed sign-ins are limited per address and per account, yet a stranger cannot keep a chosen account locked:
a browser that signed in to the account before counts its failures apart (accounts/login_devices.py)."""

import pytest
from django.test import Client

from accounts.login_devices import COOKIE_NAME
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def shopper(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "100/m/ip,5/5m/key"}
    user = UserFactory(email="lin@example.com")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def _browser(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _sign_in(client: Client, password: str):
    return client.post(LOGIN, {"login": "lin@example.com", "password": password})


def _refused(response) -> bool:
    """Past the account's limit the website answers as the API does: the "Too many attempts" page, 429, with
    how long to wait."""
    return response.status_code == 429 and int(response["Retry-After"]) > 0 and b"Too many attempts" in response.content


def _stranger_fails(times: int) -> list[bool]:
    stranger = _browser("203.0.113.66")
    return [_refused(_sign_in(stranger, "guessing-wrong-1")) for _ in range(times)]


def test_a_stranger_failing_on_purpose_cannot_lock_the_shoppers_own_browser(shopper):
    # given the shopper signed in from their browser before, and signed out
    own = _browser("198.51.100.7")
    assert _sign_in(own, DEFAULT_PASSWORD).status_code == 302
    assert COOKIE_NAME in own.cookies
    own.post("/accounts/logout/")

    # when a stranger fails on purpose until the account's limit refuses them
    answers = _stranger_fails(8)

    # then the stranger is refused, and the shopper still signs in
    assert answers[-1] is True
    response = _sign_in(own, DEFAULT_PASSWORD)
    assert response.status_code == 302, response.status_code


def test_an_unknown_browser_is_held_to_the_accounts_limit(shopper):
    # given the stranger used up the account's limit for unknown devices
    _stranger_fails(6)

    # when the right password is tried from another unknown browser
    response = _sign_in(_browser("192.0.2.44"), DEFAULT_PASSWORD)

    # then it waits like any unknown device
    assert _refused(response)


def test_the_shoppers_own_browser_is_limited_too_when_it_fails_itself(shopper):
    # given
    own = _browser("198.51.100.7")
    _sign_in(own, DEFAULT_PASSWORD)
    own.post("/accounts/logout/")

    # when it fails again and again
    answers = [_refused(_sign_in(own, "not-my-password-1")) for _ in range(7)]

    # then its own count refuses it
    assert answers[-1] is True


def test_a_forged_device_cookie_counts_as_an_unknown_device(shopper):
    # given the stranger used up the limit, then presents a made-up device cookie
    _stranger_fails(6)
    forger = _browser("203.0.113.67")
    forger.cookies[COOKIE_NAME] = "eyJ1IjoxfQ:forged:signature"

    # when
    response = _sign_in(forger, DEFAULT_PASSWORD)

    # then
    assert _refused(response)
