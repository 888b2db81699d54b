"""Account security (OWASP ASVS V2/V3): password length, change notifications, signing out everywhere,
and a second factor for staff before the admin."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from tests.accounts.factories import DEFAULT_PASSWORD, STAFF_TOTP_SECRET, StaffFactory, UserFactory
from tests.accounts.totp import totp_code

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-2026"
APP = "/_allauth/app/v1"


def _totp_code(secret: str) -> str:
    return totp_code(secret)


def _verified(user):
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    return user


def _signed_in_browser(user):
    browser = Client()
    response = browser.post(reverse("account_login"), {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return browser


def _app_token(user) -> str:
    response = APIClient().post(f"{APP}/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


# --- passwords ---


def test_password_change_refuses_fewer_than_12_characters_and_keeps_the_old_one():
    # given
    user = _verified(UserFactory())
    browser = _signed_in_browser(user)

    # when
    response = browser.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": "Xq7#pLm2vR9", "password2": "Xq7#pLm2vR9"},
    )

    # then
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_headless_signup_refuses_fewer_than_12_characters():
    # when
    response = APIClient().post(
        f"{APP}/auth/signup",
        {"email": "short@example.com", "password": "Xq7#pLm2vR9", "date_of_birth": "1990-01-01"},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert any(error.get("param") == "password" for error in response.json()["errors"])


# --- notifications ---


def test_changing_the_password_emails_the_account_owner():
    # given
    user = _verified(UserFactory(email="owner@example.com"))
    browser = _signed_in_browser(user)
    mail.outbox.clear()

    # when
    response = browser.post(
        reverse("account_change_password"),
        {"oldpassword": DEFAULT_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    # then
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["owner@example.com"]]
    assert "password" in mail.outbox[0].subject.lower()
    assert NEW_PASSWORD not in mail.outbox[0].body


def test_changing_the_primary_email_tells_the_old_address():
    # given
    user = _verified(UserFactory(email="old@example.com"))
    user.emailaddress_set.create(email="new@example.com", verified=True, primary=False)
    browser = _signed_in_browser(user)
    mail.outbox.clear()

    # when
    browser.post(reverse("account_email"), {"action_primary": "", "email": "new@example.com"})

    # then
    user.refresh_from_db()
    assert user.email == "new@example.com"
    assert [message.to for message in mail.outbox] == [["old@example.com"]]
    assert "new@example.com" in mail.outbox[0].body


# --- sign out everywhere ---


def test_sign_out_everywhere_ends_other_browser_sessions_and_app_tokens_but_not_the_callers(accepting_user):
    # given: the user is signed in on a laptop, in an app, and on the phone that asks
    _verified(accepting_user)
    laptop = _signed_in_browser(accepting_user)
    token = _app_token(accepting_user)
    phone = _signed_in_browser(accepting_user)
    assert laptop.get("/api/v1/me/").status_code == 200
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200

    # when
    response = phone.post("/api/v1/me/sign-out-everywhere/")

    # then
    assert response.status_code == 200
    assert response.json() == {"ended": 2}
    assert laptop.get("/api/v1/me/").status_code == 403
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401
    assert phone.get("/api/v1/me/").status_code == 200


def test_sign_out_everywhere_from_an_app_keeps_that_token_only(accepting_user):
    # given
    _verified(accepting_user)
    laptop = _signed_in_browser(accepting_user)
    other_token, token = _app_token(accepting_user), _app_token(accepting_user)
    app = APIClient()
    app.credentials(HTTP_X_SESSION_TOKEN=token)

    # when
    response = app.post("/api/v1/me/sign-out-everywhere/")

    # then
    assert response.json() == {"ended": 2}
    assert app.get("/api/v1/me/").status_code == 200
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=other_token).status_code == 401
    assert laptop.get("/api/v1/me/").status_code == 403


def test_sign_out_everywhere_leaves_other_users_signed_in(accepting_user):
    # given
    _verified(accepting_user)
    someone_else = _verified(UserFactory())
    their_token = _app_token(someone_else)
    phone = _signed_in_browser(accepting_user)

    # when
    response = phone.post("/api/v1/me/sign-out-everywhere/")

    # then
    assert response.json() == {"ended": 0}
    assert APIClient().get(f"{APP}/auth/session", HTTP_X_SESSION_TOKEN=their_token).status_code == 200


def test_sign_out_everywhere_needs_a_signed_in_user():
    # when
    response = APIClient().post("/api/v1/me/sign-out-everywhere/")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "not_authenticated"


def test_the_sessions_page_signs_out_the_other_sessions():
    # given
    user = _verified(UserFactory())
    laptop = _signed_in_browser(user)
    token = _app_token(user)
    phone = _signed_in_browser(user)
    page = phone.get(reverse("usersessions_list"))
    assert "Sign Out" in page.content.decode() or "sign out" in page.content.decode().lower()

    # when
    response = phone.post(reverse("usersessions_list"))

    # then
    assert response.status_code == 302
    assert laptop.get(reverse("account_email")).status_code == 302
    assert APIClient().get(f"{APP}/auth/session", HTTP_X_SESSION_TOKEN=token).status_code == 410
    assert phone.get(reverse("account_email")).status_code == 200


# --- a second factor for staff ---


def test_staff_without_a_second_factor_are_sent_to_set_one_up(client):
    # given
    staff = StaffFactory(second_factor=False)
    client.force_login(staff)

    # when
    response = client.get(reverse("admin:index"))

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    assert response["Location"].startswith("/accounts/2fa/")


def test_staff_with_a_second_factor_use_the_admin(client):
    # given
    client.force_login(StaffFactory())

    # when
    response = client.get(reverse("admin:index"))

    # then
    assert response.status_code == 200


def test_shoppers_without_a_second_factor_are_not_sent_to_set_one_up(client):
    # given
    client.force_login(UserFactory())

    # when
    shop = client.get("/")
    admin = client.get(reverse("admin:index"))

    # then
    assert shop.status_code == 200
    assert admin.status_code == 302
    assert not admin["Location"].startswith("/accounts/2fa/")


def test_the_admin_login_form_hands_over_to_the_login_that_asks_for_the_second_factor(client):
    # when
    response = client.get(reverse("admin:login"))

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_sign_in_with_password_and_authenticator_code_then_reach_the_admin(client):
    # given
    staff = _verified(StaffFactory())

    # when: the password alone is not enough
    response = client.post(reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("admin:index")).status_code == 302

    # and the code from the authenticator app completes the sign-in
    response = client.post(reverse("mfa_authenticate"), {"code": _totp_code(STAFF_TOTP_SECRET)})

    # then
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_wrong_authenticator_code_does_not_sign_staff_in(client):
    # given
    staff = _verified(StaffFactory())
    client.post(reverse("account_login"), {"login": staff.email, "password": DEFAULT_PASSWORD})
    right = _totp_code(STAFF_TOTP_SECRET)

    # when
    response = client.post(reverse("mfa_authenticate"), {"code": "000000" if right != "000000" else "111111"})

    # then
    assert response.status_code == 200
    assert client.get(reverse("admin:index")).status_code == 302


def test_staff_set_up_an_authenticator_and_recovery_codes_then_reach_the_admin():
    # given: a staff member signed in without a second factor yet
    staff = _verified(StaffFactory(second_factor=False))
    browser = _signed_in_browser(staff)
    assert browser.get(reverse("admin:index"))["Location"] == reverse("mfa_activate_totp")
    # setting up a factor asks for the password again first, as allauth does
    browser.post(reverse("account_reauthenticate"), {"password": DEFAULT_PASSWORD})
    page = browser.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret

    # when
    response = browser.post(reverse("mfa_activate_totp"), {"code": _totp_code(secret)})

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert set(Authenticator.objects.filter(user=staff).values_list("type", flat=True)) == {
        Authenticator.Type.TOTP,
        Authenticator.Type.RECOVERY_CODES,
    }
    assert browser.get(reverse("admin:index")).status_code == 200
