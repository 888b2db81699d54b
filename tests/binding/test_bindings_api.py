"""The third-party accounts API: what can be bound, starting a binding, the list, unbinding; and every
refusal (anonymous, policy not accepted, bad input, someone else's binding, the last way to sign in)."""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from rest_framework.test import APIClient

from privacy.binding.models import GrantChannel, GrantStatus, ThirdPartyGrant
from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.binding.conftest import PROVIDER_ID, scope_of
from tests.binding.factories import ActiveGrantFactory, SocialAccountFactory, SocialTokenFactory
from tests.privacy.factories import PolicyVersionFactory

pytestmark = pytest.mark.django_db

BINDINGS = "/api/v1/privacy/third-party-accounts/"
PROVIDERS = f"{BINDINGS}providers/"


def _signed_in(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _reauthenticated(user) -> APIClient:
    client = _signed_in(user)
    response = client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart")
    assert response.status_code == 302, response.content
    return client


@pytest.fixture
def weixin_app():
    return SocialApp.objects.create(provider="weixin", name="WeChat", client_id="wx-app-id", secret="wx-secret")


# --- providers ------------------------------------------------------------------------------------


def test_the_providers_and_the_fields_each_offers_are_listed(oidc_app, weixin_app):
    # when
    response = _signed_in(UserFactory()).get(PROVIDERS)

    # then
    assert response.status_code == 200
    assert response.json() == [
        {"id": PROVIDER_ID, "name": "Fake IdP", "fields": ["avatar", "nickname", "email"]},
        {"id": "weixin", "name": "WeChat", "fields": ["avatar", "nickname"]},
    ]


def test_an_app_setting_narrows_what_a_provider_offers(oidc_app):
    # given
    oidc_app.settings = {**oidc_app.settings, "profile_fields": ["email"]}
    oidc_app.save()

    # when
    response = _signed_in(UserFactory()).get(PROVIDERS)

    # then
    assert response.json()[0]["fields"] == ["email"]


def test_an_anonymous_caller_sees_nothing():
    # when
    responses = [APIClient().get(PROVIDERS), APIClient().get(BINDINGS), APIClient().post(BINDINGS, {})]

    # then
    assert [response.status_code for response in responses] == [403, 403, 403]
    assert {response.json()["code"] for response in responses} == {"not_authenticated"}


def test_a_user_who_must_accept_a_new_policy_is_gated(oidc_app, accepting_user):
    # given a new material version the user has not accepted
    PolicyVersionFactory(version="2026-09", material=True)
    client = _signed_in(accepting_user)

    # when
    responses = [client.get(BINDINGS), client.post(BINDINGS, {"provider": PROVIDER_ID}, format="json")]

    # then
    assert [response.status_code for response in responses] == [403, 403]
    assert {response.json()["code"] for response in responses} == {"policy_acceptance_required"}
    assert not ThirdPartyGrant.objects.exists()


# --- starting a binding ---------------------------------------------------------------------------


def test_starting_a_binding_records_the_choice_with_the_policy_and_narrows_the_scopes(
    oidc_app, accepting_user, published_policy
):
    # when
    response = _signed_in(accepting_user).post(BINDINGS, {"provider": PROVIDER_ID, "fields": ["email"]}, format="json")

    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    grant = ThirdPartyGrant.objects.get()
    assert body["id"] == grant.pk
    assert (grant.user, grant.status, grant.fields, grant.channel) == (
        accepting_user,
        GrantStatus.PENDING,
        ["email"],
        GrantChannel.API,
    )
    assert grant.policy_version == published_policy
    assert body["policy_version"] == published_policy.version
    assert sorted(scope_of(body["authorize_url"])) == ["email", "openid"]
    assert body["expires_at"] is not None


def test_a_new_choice_for_the_same_provider_replaces_the_pending_one(oidc_app, accepting_user):
    # given
    client = _signed_in(accepting_user)
    first = client.post(BINDINGS, {"provider": PROVIDER_ID, "fields": ["email"]}, format="json").json()

    # when
    second = client.post(BINDINGS, {"provider": PROVIDER_ID, "fields": ["nickname"]}, format="json").json()

    # then only the latest can complete
    assert ThirdPartyGrant.objects.get(pk=first["id"]).status == GrantStatus.CLOSED
    assert ThirdPartyGrant.objects.get(pk=second["id"]).status == GrantStatus.PENDING


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"provider": "nosuchprovider", "fields": []}, 400, "unknown_provider"),
        ({"provider": "weixin", "fields": ["email"]}, 400, "field_not_offered"),
        ({"provider": PROVIDER_ID, "fields": ["phone"]}, 400, "invalid"),
        ({"provider": PROVIDER_ID, "fields": "email"}, 400, "invalid"),
        ({"fields": ["email"]}, 400, "invalid"),
        ({"provider": PROVIDER_ID, "callback_url": "https://evil.example/steal"}, 400, "invalid"),
    ],
)
def test_a_bad_start_is_refused_and_records_nothing(oidc_app, weixin_app, accepting_user, body, status, code):
    # when
    response = _signed_in(accepting_user).post(BINDINGS, body, format="json")

    # then
    assert response.status_code == status
    assert response.json()["code"] == code
    assert not ThirdPartyGrant.objects.exists()


def test_an_unreachable_provider_is_reported(accepting_user, settings):
    # given an OpenID Connect app whose discovery URL answers nothing
    settings.SOCIALACCOUNT_REQUESTS_TIMEOUT = 2
    SocialApp.objects.create(
        provider="openid_connect",
        provider_id="gone",
        name="Gone",
        client_id="c",
        secret="s",
        settings={"server_url": "http://127.0.0.1:9"},
    )

    # when
    response = _signed_in(accepting_user).post(BINDINGS, {"provider": "gone", "fields": []}, format="json")

    # then
    assert response.status_code == 502
    assert response.json()["code"] == "provider_unavailable"


# --- the list -------------------------------------------------------------------------------------


def test_the_list_shows_own_bindings_only_with_masked_ids(oidc_app, django_assert_max_num_queries):
    # given two bindings of the user, one pending choice, one closed grant, and someone else's binding
    user = UserFactory()
    mine = [ActiveGrantFactory(user=user, fields=["email"]), ActiveGrantFactory(user=user, fields=[])]
    ThirdPartyGrant.objects.create(user=user, provider=PROVIDER_ID, channel=GrantChannel.API, fields=["avatar"])
    ActiveGrantFactory()
    client = _signed_in(user)

    # when
    with django_assert_max_num_queries(8):
        response = client.get(BINDINGS)

    # then
    assert response.status_code == 200
    body = response.json()
    assert sorted(item["id"] for item in body) == sorted(grant.pk for grant in mine)
    for item in body:
        assert item["status"] == "active"
        assert item["uid"].startswith("ui") and "****" in item["uid"]
        assert item["provider_name"] == "Fake IdP"
    assert {tuple(item["fields"]) for item in body} == {("email",), ()}
    assert all(grant.social_account.uid not in response.content.decode() for grant in mine)


# --- unbinding ------------------------------------------------------------------------------------


def test_unbinding_deletes_the_binding_and_its_tokens_and_closes_the_grant():
    # given
    grant = ActiveGrantFactory()
    SocialTokenFactory(account=grant.social_account)
    other = ActiveGrantFactory(user=grant.user)
    client = _reauthenticated(grant.user)

    # when
    response = client.delete(f"{BINDINGS}{grant.pk}/")

    # then
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    grant.refresh_from_db()
    assert grant.closed_at is not None
    assert grant.social_account is None
    assert not SocialToken.objects.exists()
    assert list(SocialAccount.objects.values_list("pk", flat=True)) == [other.social_account_id]


def test_unbinding_needs_a_recent_reauthentication():
    # given
    grant = ActiveGrantFactory()

    # when
    response = _signed_in(grant.user).delete(f"{BINDINGS}{grant.pk}/")

    # then
    assert response.status_code == 403
    assert response.json()["code"] == "reauthentication_required"
    assert response.json()["reauthenticate_url"] == "/_allauth/browser/v1/auth/reauthenticate"
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE


def test_someone_elses_binding_is_not_found():
    # given
    grant = ActiveGrantFactory()
    stranger = UserFactory()

    # when
    response = _reauthenticated(stranger).delete(f"{BINDINGS}{grant.pk}/")

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "binding_not_found"
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE


def test_a_closed_grant_cannot_be_unbound_again():
    # given
    grant = ActiveGrantFactory()
    ActiveGrantFactory(user=grant.user)
    client = _reauthenticated(grant.user)
    client.delete(f"{BINDINGS}{grant.pk}/")

    # when
    response = client.delete(f"{BINDINGS}{grant.pk}/")

    # then
    assert response.status_code == 404


def test_the_last_way_to_sign_in_cannot_be_unbound_but_one_of_two_can():
    # given a user without a password and with two bindings
    user = UserFactory(password=None)
    assert not user.has_usable_password()
    first, second = ActiveGrantFactory(user=user), ActiveGrantFactory(user=user)
    client = _signed_in(user)

    # when they unbind one, then the other
    ok = client.delete(f"{BINDINGS}{first.pk}/")
    refused = client.delete(f"{BINDINGS}{second.pk}/")

    # then the first goes, the last stays
    assert ok.status_code == 200, ok.json()
    assert refused.status_code == 409
    assert refused.json()["code"] == "last_login_method"
    second.refresh_from_db()
    assert second.status == GrantStatus.ACTIVE
    assert SocialAccount.objects.filter(pk=second.social_account_id).exists()


def test_a_binding_without_grant_of_another_provider_still_counts_as_a_way_to_sign_in():
    # given a passwordless user with a granted binding and one bound elsewhere (no grant recorded)
    user = UserFactory(password=None)
    assert not user.has_usable_password()
    grant = ActiveGrantFactory(user=user)
    SocialAccountFactory(user=user, provider="github")

    # when
    response = _signed_in(user).delete(f"{BINDINGS}{grant.pk}/")

    # then
    assert response.status_code == 200


def test_the_proof_of_signup_is_untouched_by_unbinding(accepting_user):
    # given
    grant = ActiveGrantFactory(user=accepting_user)
    ActiveGrantFactory(user=accepting_user)

    # when
    _reauthenticated(accepting_user).delete(f"{BINDINGS}{grant.pk}/")

    # then
    assert PolicyAcceptance.objects.get(user=accepting_user).channel == Channel.SIGNUP
