"""The other ways in: headless sign-up with a provider, an app binding with the provider's ID token, a
choice that waited too long, and allauth's own disconnect endpoints (refused: unbinding is ours)."""

import time
from datetime import timedelta

import jwt
import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import User
from privacy.binding.models import GrantChannel, GrantCloseReason, GrantStatus, ThirdPartyGrant
from privacy.models import PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.binding.conftest import IDP_EMAIL, IDP_NICKNAME, IDP_SUB, PROVIDER_ID, through_provider
from tests.binding.factories import ActiveGrantFactory

pytestmark = pytest.mark.django_db

BROWSER = "/_allauth/browser/v1"
APP = "/_allauth/app/v1"
BINDINGS_API = "/api/v1/privacy/third-party-accounts/"


def _headless_body(**overrides) -> dict:
    data = {"email": IDP_EMAIL, "date_of_birth": "1991-02-03", "accept_policy": True, "import_fields": ["email"]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.promise("A7")
def test_headless_signup_with_a_provider_needs_the_policy_and_records_the_grant(idp, oidc_app, published_policy):
    # given a single-page app that starts the provider sign-in through allauth headless
    browser = Client()
    start = browser.post(
        f"{BROWSER}/auth/provider/redirect",
        {"provider": PROVIDER_ID, "process": "login", "callback_url": "/spa/callback"},
    )

    # when the provider sends the visitor back
    back = through_provider(browser, start, idp)

    # then the app is told a provider sign-up is pending
    assert back.status_code == 302
    assert back["Location"].startswith("/spa/callback")
    pending = browser.get(f"{BROWSER}/auth/provider/signup")
    assert pending.status_code == 200, pending.content

    # when it submits the sign-up without accepting the policy
    refused = browser.post(
        f"{BROWSER}/auth/provider/signup", _headless_body(accept_policy=None), content_type="application/json"
    )

    # then nothing is created
    assert refused.status_code == 400
    assert "accept_policy" in {error.get("param") for error in refused.json()["errors"]}
    assert not User.objects.exists()

    # when it accepts and allows the email only
    created = browser.post(f"{BROWSER}/auth/provider/signup", _headless_body(), content_type="application/json")

    # then the user is signed in (the provider verified the address), with the proof and the grant
    assert created.status_code == 200, created.json()
    user = User.objects.get(email=IDP_EMAIL)
    assert PolicyAcceptance.objects.filter(user=user, version=published_policy).exists()
    grant = ThirdPartyGrant.objects.get(user=user)
    assert (grant.status, grant.fields, grant.channel) == (GrantStatus.ACTIVE, ["email"], GrantChannel.SIGNUP)
    assert EmailAddress.objects.get(user=user).verified
    assert user.nickname == ""
    assert grant.social_account.extra_data == {
        "userinfo": {"email": IDP_EMAIL, "email_verified": True},
        "id_token": {"email": IDP_EMAIL, "email_verified": True},
    }


@pytest.mark.promise("A7")
def test_headless_signup_refuses_a_field_the_provider_did_not_offer(idp, oidc_app, published_policy):
    # given a pending sign-up with a provider whose app offers only the nickname
    oidc_app.settings = {**oidc_app.settings, "profile_fields": ["nickname"]}
    oidc_app.save()
    browser = Client()
    start = browser.post(
        f"{BROWSER}/auth/provider/redirect",
        {"provider": PROVIDER_ID, "process": "login", "callback_url": "/spa/callback"},
    )
    through_provider(browser, start, idp)

    # when the app asks to import the email anyway
    refused = browser.post(f"{BROWSER}/auth/provider/signup", _headless_body(), content_type="application/json")

    # then
    assert refused.status_code == 400
    assert "import_fields" in {error.get("param") for error in refused.json()["errors"]}
    assert not User.objects.exists()


def _app_token(user) -> str:
    EmailAddress.objects.get_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    response = APIClient().post(f"{APP}/auth/login", {"email": user.email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 200, response.json()
    return response.json()["meta"]["session_token"]


def test_an_app_binds_with_the_providers_signed_id_token_under_its_recorded_choice(
    idp, oidc_app, accepting_user, django_capture_on_commit_callbacks
):
    # given an app signed in with its session token
    token = _app_token(accepting_user)
    app = APIClient(HTTP_X_SESSION_TOKEN=token)

    # when it records the choice of the nickname
    started = app.post(BINDINGS_API, {"provider": PROVIDER_ID, "fields": ["nickname"]}, format="json")

    # then there is no browser URL for it, only where to post the provider's token
    assert started.status_code == 201, started.json()
    assert started.json()["authorize_url"] is None
    token_url = started.json()["token_url"]

    # when it posts the ID token its provider SDK obtained (signed; verified against the provider's JWKS)
    id_token = idp.id_token(idp.user)
    with django_capture_on_commit_callbacks(execute=True):
        bound = app.post(
            token_url,
            {
                "provider": PROVIDER_ID,
                "process": "connect",
                "token": {"client_id": idp.client_id, "id_token": id_token},
            },
            format="json",
        )

    # then the account is bound under the recorded choice, and only the nickname was copied
    assert bound.status_code == 200, bound.json()
    assert idp.hits("/jwks")
    grant = ThirdPartyGrant.objects.get(user=accepting_user)
    assert (grant.status, grant.fields, grant.channel) == (GrantStatus.ACTIVE, ["nickname"], GrantChannel.API)
    assert grant.social_account.uid == IDP_SUB
    accepting_user.refresh_from_db()
    assert accepting_user.nickname == IDP_NICKNAME
    assert not EmailAddress.objects.filter(email=IDP_EMAIL).exists()


def test_an_id_token_not_signed_by_the_provider_binds_nothing(idp, oidc_app, accepting_user):
    # given an app with a recorded choice, and a token with the provider's key id but signed with another key
    now = int(time.time())
    claims = {**idp.user, "iss": idp.base_url, "aud": idp.client_id, "iat": now, "exp": now + 300}
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(claims, other_key, algorithm="RS256", headers={"kid": idp.kid})
    app = APIClient(HTTP_X_SESSION_TOKEN=_app_token(accepting_user))
    app.post(BINDINGS_API, {"provider": PROVIDER_ID, "fields": ["nickname"]}, format="json")

    # when it posts the forged token
    response = app.post(
        f"{APP}/auth/provider/token",
        {"provider": PROVIDER_ID, "process": "connect", "token": {"client_id": idp.client_id, "id_token": forged}},
        format="json",
    )

    # then
    assert response.status_code == 400
    assert not SocialAccount.objects.exists()
    assert ThirdPartyGrant.objects.get(user=accepting_user).status == GrantStatus.PENDING


def test_a_choice_that_waited_too_long_does_not_apply(client, idp, oidc_app, accepting_user, settings):
    # given a choice of the nickname, made longer ago than a choice waits
    settings.PRIVACY_BINDING_PENDING_TTL = 60
    client.force_login(accepting_user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        response = client.post("/privacy/third-party/", {"provider": PROVIDER_ID, "import_fields": ["nickname"]})

    # when the user comes back from the provider two minutes later
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        through_provider(client, response, idp)

    # then the account is bound with nothing imported, and the old choice is closed as abandoned
    grants = {grant.status: grant for grant in ThirdPartyGrant.objects.filter(user=accepting_user)}
    assert grants[GrantStatus.ACTIVE].fields == []
    assert grants[GrantStatus.ACTIVE].channel == GrantChannel.NO_CHOICE
    assert grants[GrantStatus.CLOSED].close_reason == GrantCloseReason.ABANDONED
    accepting_user.refresh_from_db()
    assert accepting_user.nickname != IDP_NICKNAME
    assert set(SocialAccount.objects.get(user=accepting_user).extra_data) == set()


def test_allauths_own_disconnect_endpoint_is_refused_so_the_grant_is_always_closed_by_us():
    # given a bound account
    grant = ActiveGrantFactory()
    browser = Client()
    browser.force_login(grant.user)

    # when the browser client asks allauth headless to disconnect it
    response = browser.delete(
        f"{BROWSER}/account/providers",
        {"provider": grant.provider, "account": grant.social_account.uid},
        content_type="application/json",
    )

    # then allauth refuses, and the binding and its grant are untouched
    assert response.status_code == 400
    assert SocialAccount.objects.filter(pk=grant.social_account_id).exists()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE


def test_a_second_user_cannot_bind_an_account_already_bound_to_someone(
    client, idp, oidc_app, accepting_user, published_policy
):
    # given Alice's provider account is bound to another shopper
    owner = UserFactory()
    owner_account = SocialAccount.objects.create(user=owner, provider=PROVIDER_ID, uid=IDP_SUB, extra_data={})
    client.force_login(accepting_user)

    # when this shopper binds the same provider account
    response = client.post("/privacy/third-party/", {"provider": PROVIDER_ID, "import_fields": ["nickname"]})
    through_provider(client, response, idp)

    # then the binding stays with its owner and nothing is copied to anyone
    assert SocialAccount.objects.get(uid=IDP_SUB).user == owner
    assert ThirdPartyGrant.objects.get(user=accepting_user).status == GrantStatus.PENDING
    assert not ThirdPartyGrant.objects.filter(social_account=owner_account).exists()
    owner.refresh_from_db()
    accepting_user.refresh_from_db()
    assert IDP_NICKNAME not in (owner.nickname, accepting_user.nickname)
    assert SocialAccount.objects.get(uid=IDP_SUB).extra_data == {}
