"""Sign-up asks for the date of birth and the acceptance of the policy in effect, and records the proof."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from rest_framework.test import APIClient

import accounts.signup
from accounts.models import User
from privacy.errors import PolicyVersionNotCurrent
from privacy.models import Channel, PolicyAcceptance

pytestmark = pytest.mark.django_db

EMAIL = "new-shopper@example.com"
PASSWORD = "a-long-enough-passphrase-2026"
HEADLESS_SIGNUP = "/_allauth/app/v1/auth/signup"


def _web_form(**overrides) -> dict:
    data = {
        "email": EMAIL,
        "password1": PASSWORD,
        "password2": PASSWORD,
        "date_of_birth": "1990-05-17",
        "accept_policy": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def _headless_body(**overrides) -> dict:
    data = {"email": EMAIL, "password": PASSWORD, "date_of_birth": "1990-05-17", "accept_policy": True}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_the_web_signup_form_links_the_policy_in_effect(client, published_policy):
    # when
    response = client.get("/accounts/signup/")

    # then
    html = response.content.decode()
    assert 'name="accept_policy"' in html
    assert 'name="date_of_birth"' in html
    assert f'href="/privacy/policy/{published_policy.version}/"' in html


def test_web_signup_with_acceptance_records_the_proof_with_the_user(client, published_policy):
    # when
    response = client.post(
        "/accounts/signup/", _web_form(), REMOTE_ADDR="203.0.113.50", HTTP_USER_AGENT="Mozilla/5.0 (signup test)"
    )

    # then
    assert response.status_code == 302
    user = User.objects.get(email=EMAIL)
    assert user.date_of_birth == datetime.date(1990, 5, 17)
    acceptance = PolicyAcceptance.objects.get()
    assert acceptance.user == user
    assert acceptance.version == published_policy
    assert acceptance.body_digest == published_policy.body_digest
    assert acceptance.channel == Channel.SIGNUP
    assert acceptance.ip_address == "203.0.113.50"
    assert acceptance.user_agent == "Mozilla/5.0 (signup test)"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"accept_policy": None}, "accept_policy"),
        ({"date_of_birth": None}, "date_of_birth"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"date_of_birth": "not-a-date"}, "date_of_birth"),
    ],
)
def test_web_signup_without_acceptance_or_a_valid_date_of_birth_is_refused(client, published_policy, overrides, field):
    # when
    response = client.post("/accounts/signup/", _web_form(**overrides))

    # then
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not User.objects.exists()
    assert not PolicyAcceptance.objects.exists()


def test_headless_signup_with_acceptance_records_the_proof(published_policy):
    # when
    response = APIClient().post(HEADLESS_SIGNUP, _headless_body(), format="json", REMOTE_ADDR="198.51.100.20")

    # then the account exists (pending email verification) with its proof
    assert response.status_code == 401, response.json()
    user = User.objects.get(email=EMAIL)
    assert user.date_of_birth == datetime.date(1990, 5, 17)
    acceptance = PolicyAcceptance.objects.get(user=user)
    assert (acceptance.version, acceptance.channel, acceptance.ip_address) == (
        published_policy,
        Channel.SIGNUP,
        "198.51.100.20",
    )


@pytest.mark.parametrize(
    ("overrides", "param"),
    [
        ({"accept_policy": None}, "accept_policy"),
        ({"accept_policy": False}, "accept_policy"),
        ({"date_of_birth": None}, "date_of_birth"),
    ],
)
def test_headless_signup_without_acceptance_or_date_of_birth_is_refused(published_policy, overrides, param):
    # when
    response = APIClient().post(HEADLESS_SIGNUP, _headless_body(**overrides), format="json")

    # then
    assert response.status_code == 400
    assert param in {error.get("param") for error in response.json()["errors"]}
    assert not User.objects.exists()


def test_signup_works_when_no_policy_is_published_yet(client):
    # when
    response = client.post("/accounts/signup/", _web_form(accept_policy=None))

    # then
    assert response.status_code == 302
    assert User.objects.filter(email=EMAIL).exists()
    assert not PolicyAcceptance.objects.exists()


def test_no_user_is_created_when_the_proof_cannot_be_recorded(client, published_policy, monkeypatch):
    # given recording the acceptance fails (as when another version took effect mid-request)
    def refuse(**kwargs):
        raise PolicyVersionNotCurrent(policy_version="2026-99")

    monkeypatch.setattr(accounts.signup, "policy_accept", refuse)

    # when
    response = client.post("/accounts/signup/", _web_form(), HTTP_REFERER="http://testserver/accounts/signup/")

    # then the user and the proof go together: neither exists, and the refusal is shown on the sign-up page
    assert not User.objects.exists()
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/accounts/signup/"
    shown = [str(message) for message in get_messages(response.wsgi_request)]
    assert shown == [PolicyVersionNotCurrent.default_detail]


def test_a_user_who_signed_up_is_not_gated(client, published_policy):
    # given
    client.post("/accounts/signup/", _web_form())
    user = User.objects.get(email=EMAIL)
    client.force_login(user)

    # when
    response = client.get("/accounts/email/")

    # then
    assert response.status_code == 200
    assert timezone.now() - PolicyAcceptance.objects.get().accepted_at < datetime.timedelta(seconds=10)


def test_the_signup_service_refuses_an_implausible_date_of_birth_and_changes_nothing(published_policy):
    # given
    from accounts.signup import InvalidDateOfBirth, signup_complete
    from tests.accounts.factories import UserFactory

    user = UserFactory(date_of_birth=None)

    # when
    with pytest.raises(InvalidDateOfBirth) as refused:
        signup_complete(
            user=user,
            date_of_birth=timezone.localdate() + datetime.timedelta(days=1),
            policy_version=published_policy.version,
            ip_address=None,
            user_agent="",
        )

    # then
    assert refused.value.fields == {"date_of_birth": ["The date of birth cannot be in the future."]}
    user.refresh_from_db()
    assert user.date_of_birth is None
    assert not PolicyAcceptance.objects.filter(user=user).exists()


def test_the_signup_service_is_idempotent(published_policy):
    # given
    from accounts.signup import signup_complete
    from tests.accounts.factories import UserFactory

    user = UserFactory(date_of_birth=None)
    steps = {
        "user": user,
        "date_of_birth": datetime.date(1990, 5, 17),
        "policy_version": published_policy.version,
        "ip_address": "192.0.2.1",
        "user_agent": "test",
    }

    # when
    signup_complete(**steps)
    signup_complete(**steps)

    # then
    user.refresh_from_db()
    assert user.date_of_birth == datetime.date(1990, 5, 17)
    acceptance = PolicyAcceptance.objects.get(user=user)
    assert acceptance.channel == Channel.SIGNUP
