"""An app client signs up, verifies, logs in through allauth headless, then calls our API with its token."""

import re

import pytest
from django.core import mail
from rest_framework.test import APIClient

from accounts.models import User

pytestmark = pytest.mark.django_db

APP = "/_allauth/app/v1"
PASSWORD = "an-app-users-passphrase-2026"


def _verification_key() -> str:
    match = re.search(r"/accounts/confirm-email/([^/\s]+)/", mail.outbox[-1].body)
    assert match, "no verification link in the email"
    return match.group(1)


@pytest.mark.promise("A2")
def test_app_signup_verify_login_then_call_the_api_with_the_session_token():
    # given
    app = APIClient()

    # when the app signs up
    response = app.post(
        f"{APP}/auth/signup",
        {"email": "app-user@example.com", "password": PASSWORD, "date_of_birth": "1990-01-01"},
        format="json",
    )

    # then allauth asks for the email to be verified and hands out a session token for that flow
    assert response.status_code == 401
    body = response.json()
    pending = [flow["id"] for flow in body["data"]["flows"] if flow.get("is_pending")]
    assert pending == ["verify_email"]
    flow_token = body["meta"]["session_token"]
    assert len(mail.outbox) == 1

    # when the app verifies with the key from the email
    response = app.post(
        f"{APP}/auth/email/verify", {"key": _verification_key()}, format="json", HTTP_X_SESSION_TOKEN=flow_token
    )

    # then
    assert response.status_code == 200, response.json()
    assert User.objects.get(email="app-user@example.com").emailaddress_set.get().verified

    # when the app logs in (for example on a second device)
    response = APIClient().post(
        f"{APP}/auth/login", {"email": "app-user@example.com", "password": PASSWORD}, format="json"
    )

    # then it receives a session token that authenticates API calls
    assert response.status_code == 200, response.json()
    token = response.json()["meta"]["session_token"]
    me = APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert me.status_code == 200
    assert me.json()["email"] == "app-user@example.com"


def test_app_login_with_a_wrong_password_gets_no_token():
    # given
    user = User.objects.create_user(email="app-user@example.com", password=PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    # when
    response = APIClient().post(
        f"{APP}/auth/login", {"email": "app-user@example.com", "password": "wrong-passphrase-0000"}, format="json"
    )

    # then
    assert response.status_code == 400
    assert "session_token" not in response.json().get("meta", {})


def test_api_refuses_an_unknown_session_token_with_401_in_the_error_shape():
    # when
    response = APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN="not-a-real-token")

    # then
    assert response.status_code == 401
    assert response.json() == {
        "code": "not_authenticated",
        "detail": "The session token is invalid or has expired.",
        "fields": {},
    }


def test_api_refuses_a_token_after_the_app_logged_out():
    # given
    user = User.objects.create_user(email="app-user@example.com", password=PASSWORD)
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    login = APIClient().post(f"{APP}/auth/login", {"email": user.email, "password": PASSWORD}, format="json")
    token = login.json()["meta"]["session_token"]
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200

    # when
    logout = APIClient().delete(f"{APP}/auth/session", HTTP_X_SESSION_TOKEN=token)

    # then
    assert logout.status_code == 401
    response = APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
