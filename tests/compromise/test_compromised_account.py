"""A compromised account (promise G6): reported signed in (website, app) or signed out by email link, it is
locked at once, every session and app token ends, a password reset is asked, and staff see the report."""

import re

import pytest
from django.core import mail
from django.test import Client
from rest_framework.test import APIClient

from privacy.compromise.models import CompromiseReport, ReportChannel
from tests.accounts.factories import DEFAULT_PASSWORD, StaffFactory, UserFactory
from tests.cancellation.conftest import app_token

pytestmark = [pytest.mark.promise("G6"), pytest.mark.django_db]


def _web_login(user) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    return client


def _link(message) -> str:
    return re.search(r"http://testserver(/\S+)", message.body).group(1)


@pytest.mark.postgres
def test_signed_in_report_locks_the_account_ends_every_session_and_token_and_a_reset_unlocks_it():
    # given a shopper signed in on the website, on a second browser and in the app
    user = UserFactory()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    browser, other_browser = _web_login(user), _web_login(user)
    token = app_token(user)
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 200
    mail.outbox.clear()

    # when they report the account compromised on the website
    response = browser.post("/privacy/compromised/")

    # then the account is locked: no session or token works, the old password fails
    assert response.status_code == 200 and "Your account is locked" in response.content.decode()
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401
    assert other_browser.get("/privacy/").status_code == 302
    assert browser.get("/privacy/").status_code == 302
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert Client().post("/accounts/login/", {"login": user.email, "password": DEFAULT_PASSWORD}).status_code == 200
    report = CompromiseReport.objects.get(user=user)
    assert (report.channel, report.reset_email_sent, report.resolved_at) == (ReportChannel.SIGNED_IN, True, None)
    assert report.sessions_ended >= 3

    # when they follow the emailed reset link and choose a new password
    reset = Client()
    page = reset.get(_link(mail.outbox[-1]), follow=True)
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else _link(mail.outbox[-1])
    new_password = "a-brand-new-password-2026"
    done = reset.post(form_url, {"password1": new_password, "password2": new_password})

    # then the report is resolved and the new password works
    assert done.status_code == 302
    report.refresh_from_db()
    assert report.resolved_at is not None
    assert Client().login(email=user.email, password=new_password)


def test_signed_out_report_by_email_link_locks_the_account():
    # given a signed-out shopper and their app token on a stolen phone
    user = UserFactory()
    token = app_token(user)
    mail.outbox.clear()
    anonymous = Client()

    # when they ask for the link, and an unknown address asks too
    first = anonymous.post("/privacy/compromised/", {"email": user.email.upper()})
    second = anonymous.post("/privacy/compromised/", {"email": "nobody@example.com"})

    # then both get the same answer and only the account holder gets an email
    answer = "If an account has this address, we emailed it a link."
    assert first.status_code == second.status_code == 200
    assert answer in first.content.decode() and answer in second.content.decode()
    assert [m.to for m in mail.outbox] == [[user.email]]
    link = _link(mail.outbox[0])

    # when the link is opened (nothing changes on GET) and confirmed
    assert "Yes, lock my account" in anonymous.get(link).content.decode()
    assert not CompromiseReport.objects.exists()
    locked = anonymous.post(link)

    # then the account is locked and the token is dead
    assert "Your account is locked" in locked.content.decode()
    assert CompromiseReport.objects.get(user=user).channel == ReportChannel.EMAIL_LINK
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401


def test_a_tampered_link_locks_nothing():
    # given
    user = UserFactory()
    Client().post("/privacy/compromised/", {"email": user.email})
    link = _link(mail.outbox[-1])

    # when
    response = Client().post(link[:-3] + "xyz/")

    # then
    assert response.status_code == 400
    assert not CompromiseReport.objects.exists()
    user.refresh_from_db()
    assert user.has_usable_password()


def test_an_app_reports_through_the_api_and_staff_see_the_report(client):
    # given a shopper signed in in the app
    user = UserFactory()
    token = app_token(user)

    # when the app reports the account compromised
    response = APIClient().post("/api/v1/privacy/compromised/", HTTP_X_SESSION_TOKEN=token)

    # then it is locked and the token ends
    assert response.status_code == 202 and response.json()["status"] == "locked"
    assert APIClient().get("/api/v1/me/", HTTP_X_SESSION_TOKEN=token).status_code == 401

    # and a signed-out app asks for the link, with an invalid body refused in the error shape
    bad = APIClient().post("/api/v1/privacy/compromised/", {}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"
    assert APIClient().post("/api/v1/privacy/compromised/", {"email": user.email}, format="json").status_code == 202

    # and staff see the report in the admin, by account id
    client.force_login(StaffFactory())
    page = client.get("/admin/compromise/compromisereport/").content.decode()
    assert "Signed in, in the app" in page and user.email not in page


def test_the_account_stays_locked_for_every_sign_in_method_until_the_reset_link_is_used():
    # given a reported account whose password was set again some other way (not through the emailed link)
    user = UserFactory()
    user.emailaddress_set.create(email=user.email, verified=True, primary=True)
    Client().post("/privacy/compromised/", {"email": user.email})
    Client().post(_link(mail.outbox[-1]))
    user.set_password("set-another-way-2026")
    user.save()

    # when they sign in with it, on the website and in the app
    web = Client().post("/accounts/login/", {"login": user.email, "password": "set-another-way-2026"})
    app = APIClient().post(
        "/_allauth/app/v1/auth/login", {"email": user.email, "password": "set-another-way-2026"}, format="json"
    )

    # then both are refused while the report is open
    assert web.status_code == 302 and "inactive" in web["Location"]
    assert app.status_code == 401
