"""The policy gate exempts only what a gated user needs: of allauth's endpoints, signing in, signing out,
re-authentication and session management; changing the email, the password, second factors or linked
providers waits for acceptance, on the website and on the headless API (browser session and app token).
"Sign out everywhere" stays reachable."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from privacy.models import PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"
BROWSER = "/_allauth/browser/v1"
GATED_HEADLESS = [
    ("get", "/account/email"),
    ("post", "/account/email"),
    ("post", "/account/password/change"),
    ("get", "/account/providers"),
    ("delete", "/account/providers"),
    ("get", "/account/authenticators"),
    ("get", "/account/authenticators/totp"),
]
OPEN_HEADLESS = [("get", "/auth/session"), ("get", "/auth/sessions"), ("get", "/config")]
GATED_PAGES = ["/accounts/email/", "/accounts/password/change/", "/accounts/3rdparty/", "/accounts/2fa/"]
OPEN_PAGES = ["/accounts/sessions/", "/accounts/logout/", "/accounts/reauthenticate/", "/privacy/policy/accept/"]


@pytest.fixture
def gated_user(published_policy):
    """A verified user who has not accepted the material version in effect."""
    user = UserFactory()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


@pytest.fixture
def app_client(gated_user) -> APIClient:
    response = APIClient().post(
        f"{APP}/auth/login", {"email": gated_user.email, "password": DEFAULT_PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    client = APIClient()
    client.credentials(HTTP_X_SESSION_TOKEN=response.json()["meta"]["session_token"])
    return client


@pytest.fixture
def browser_client(gated_user) -> Client:
    client = Client()
    client.force_login(gated_user)
    return client


def _assert_gated(response) -> None:
    assert response.status_code == 403, (response.status_code, response.content[:300])
    assert response.json()["code"] == "policy_acceptance_required"


@pytest.mark.parametrize(("method", "path"), GATED_HEADLESS)
def test_account_changes_on_the_app_api_wait_for_acceptance(app_client, method, path):
    # when
    response = getattr(app_client, method)(f"{APP}{path}", {}, format="json")

    # then
    _assert_gated(response)


@pytest.mark.parametrize(("method", "path"), GATED_HEADLESS)
def test_account_changes_on_the_browser_api_wait_for_acceptance(browser_client, method, path):
    # when
    response = getattr(browser_client, method)(f"{BROWSER}{path}", {}, content_type="application/json")

    # then
    _assert_gated(response)


@pytest.mark.parametrize(("method", "path"), OPEN_HEADLESS)
def test_the_session_and_session_management_stay_open_on_the_app_api(app_client, method, path):
    # when
    response = getattr(app_client, method)(f"{APP}{path}")

    # then
    assert response.status_code == 200, response.content[:300]


def test_signing_out_and_signing_out_everywhere_stay_open(app_client, gated_user):
    # given a second session of the same user, elsewhere
    other = APIClient().post(f"{APP}/auth/login", {"email": gated_user.email, "password": DEFAULT_PASSWORD})
    other_token = other.json()["meta"]["session_token"]

    # when
    everywhere = app_client.post("/api/v1/me/sign-out-everywhere/", {}, format="json")
    signed_out = app_client.delete(f"{APP}/auth/session")

    # then
    assert everywhere.status_code == 200, everywhere.content
    assert everywhere.json()["ended"] >= 1
    assert APIClient().get(f"{APP}/auth/session", HTTP_X_SESSION_TOKEN=other_token).status_code == 410
    assert signed_out.status_code == 401


def test_re_authentication_stays_open_on_the_app_api(app_client):
    # when
    response = app_client.post(f"{APP}/auth/reauthenticate", {"password": DEFAULT_PASSWORD}, format="json")

    # then
    assert response.status_code == 200, response.content[:300]


@pytest.mark.parametrize("path", GATED_PAGES)
def test_account_pages_wait_for_acceptance(browser_client, path):
    # when
    response = browser_client.get(path)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/privacy/policy/accept/")


@pytest.mark.parametrize("path", OPEN_PAGES)
def test_sign_out_re_authentication_and_devices_pages_stay_open(browser_client, path):
    # when
    response = browser_client.get(path)

    # then
    assert response.status_code == 200, (path, response.status_code, response.get("Location"))


def test_after_accepting_the_account_endpoints_open(app_client, gated_user, published_policy):
    # given
    accepted = app_client.post("/api/v1/privacy/policy/accept/", {"version": published_policy.version}, format="json")
    assert accepted.status_code in (200, 201), accepted.content

    # when
    response = app_client.get(f"{APP}/account/email")

    # then the account's addresses are listed, and the acceptance is on record
    assert response.status_code == 200
    assert [entry["email"] for entry in response.json()["data"]] == [gated_user.email]
    assert PolicyAcceptance.objects.filter(user=gated_user, version=published_policy).exists()
