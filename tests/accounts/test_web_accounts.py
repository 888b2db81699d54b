"""The website account journeys, through django-allauth's real views and our templates."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-passphrase-2026"


def _link_in_last_email(path_prefix: str) -> str:
    body = mail.outbox[-1].body
    match = re.search(rf"https?://[^/\s]+({re.escape(path_prefix)}\S+)", body)
    assert match, f"no {path_prefix} link in the email"
    return match.group(1)


def _is_logged_in(client) -> bool:
    return client.get(reverse("account_email")).status_code == 200


@pytest.mark.promise("A2")
def test_signup_sends_a_verification_email_and_its_link_logs_the_user_in(client):
    # given
    signup = {
        "email": "newcomer@example.com",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "date_of_birth": "1990-01-01",
    }

    # when
    response = client.post(reverse("account_signup"), signup)

    # then the account exists, unverified, and the shopper is told to check their inbox
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="newcomer@example.com").exists()
    assert not _is_logged_in(client)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["newcomer@example.com"]

    # when the link is followed and confirmed
    confirm_path = _link_in_last_email("/accounts/confirm-email/")
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert b"newcomer@example.com" in page.content
    response = client.post(confirm_path)

    # then the address is verified and the user is logged in
    assert response.status_code == 302
    user = User.objects.get(email="newcomer@example.com")
    assert user.emailaddress_set.get().verified
    assert _is_logged_in(client)


def test_signup_page_renders_every_form_field_with_a_label(client):
    # when
    response = client.get(reverse("account_signup"))

    # then
    html = response.content.decode()
    assert response.status_code == 200
    form = response.context["form"]
    for field in form.visible_fields():
        assert f'<label for="{field.id_for_label}">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert 'action="/" method="get"' in html or 'method="get" action="/"' in html


def test_signup_refuses_a_password_shorter_than_12_characters(client):
    # given
    short = "Sh0rt-pass!"
    assert len(short) == 11

    # when
    response = client.post(
        reverse("account_signup"), {"email": "short@example.com", "password1": short, "password2": short}
    )

    # then the form comes back with the error next to the password field
    assert response.status_code == 200
    assert not User.objects.filter(email="short@example.com").exists()
    assert "password1" in response.context["form"].errors
    html = response.content.decode()
    assert 'id="id_password1_error"' in html
    assert "at least 12 characters" in html
    assert len(mail.outbox) == 0


def test_login_with_a_verified_email_and_logout_with_post(client):
    # given
    user = UserFactory(email="buyer@example.com")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    # when
    response = client.post(reverse("account_login"), {"login": "buyer@example.com", "password": DEFAULT_PASSWORD})

    # then
    assert response.status_code == 302
    assert _is_logged_in(client)
    home_nav = client.get(reverse("account_email")).content.decode()
    assert f'action="{reverse("account_logout")}"' in home_nav

    # when logging out by GET, nothing happens
    client.get(reverse("account_logout"))
    assert _is_logged_in(client)

    # when logging out by POST
    response = client.post(reverse("account_logout"))

    # then
    assert response.status_code == 302
    assert not _is_logged_in(client)


def test_login_with_a_wrong_password_shows_the_error_with_the_form(client):
    # given
    user = UserFactory(email="buyer@example.com")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    # when
    response = client.post(reverse("account_login"), {"login": "buyer@example.com", "password": "not-the-password"})

    # then
    assert response.status_code == 200
    assert not _is_logged_in(client)
    html = response.content.decode()
    assert 'class="notice notice-error" role="alert"' in html
    assert "not correct" in html
    # the email stays filled in so the shopper only retypes the password
    assert 'value="buyer@example.com"' in html


def test_login_of_an_unverified_address_sends_a_new_verification_instead(client):
    # given
    user = UserFactory(email="pending@example.com")
    user.emailaddress_set.create(email=user.email, verified=False, primary=True)

    # when
    response = client.post(reverse("account_login"), {"login": "pending@example.com", "password": DEFAULT_PASSWORD})

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert not _is_logged_in(client)
    assert len(mail.outbox) == 1


def test_password_reset_by_email_link_sets_a_new_password(client):
    # given
    user = UserFactory(email="forgetful@example.com")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)

    # when the shopper asks for a reset
    response = client.post(reverse("account_reset_password"), {"email": "forgetful@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    reset_path = _link_in_last_email("/accounts/password/reset/key/")

    # and sets a new password on the page the link opens
    page = client.get(reset_path, follow=True)
    assert page.status_code == 200
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else reset_path
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})

    # then the old password no longer works and the new one does
    assert response.status_code == 302
    client.logout()
    client.post(reverse("account_login"), {"login": "forgetful@example.com", "password": DEFAULT_PASSWORD})
    assert not _is_logged_in(client)
    client.post(reverse("account_login"), {"login": "forgetful@example.com", "password": NEW_PASSWORD})
    assert _is_logged_in(client)


def test_password_reset_refuses_a_short_new_password(client):
    # given
    user = UserFactory(email="forgetful@example.com")
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    client.post(reverse("account_reset_password"), {"email": "forgetful@example.com"})
    page = client.get(_link_in_last_email("/accounts/password/reset/key/"), follow=True)
    form_path = page.redirect_chain[-1][0]

    # when
    response = client.post(form_path, {"password1": "tooshort-1", "password2": "tooshort-1"})

    # then
    assert response.status_code == 200
    assert 'id="id_password1_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)


def test_account_pages_use_the_site_layout(client):
    # when
    response = client.get(reverse("account_login"))

    # then the shell (header, notices, footer) wraps allauth's page
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>" in html and "· PrivaShop</title>" in html
    assert 'class="site-header"' in html
    assert 'href="/privacy/policy/"' in html
    assert 'href="/privacy/cookies/"' in html
    assert 'href="/cart/"' in html
    assert "Menu:" not in html  # allauth's bare default layout is not used
