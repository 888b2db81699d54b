"""The whole third-party journey against a real OpenID Connect provider on loopback (promise A7):
sign up with it (accepting the policy, choosing fields), bind it to an existing account, sign in with it,
list the bindings, unbind (re-authentication; never the last way to sign in). Only granted fields are
ever copied, and the provider is not even asked for the others."""

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from rest_framework.test import APIClient

from accounts.models import User
from privacy.binding.models import GrantChannel, GrantCloseReason, GrantStatus, ThirdPartyGrant
from privacy.models import Channel, PolicyAcceptance
from tests.accounts.factories import DEFAULT_PASSWORD
from tests.binding.conftest import (
    IDP_EMAIL,
    IDP_NICKNAME,
    IDP_SUB,
    PROVIDER_ID,
    scope_of,
    through_authorize_url,
    through_provider,
)

pytestmark = pytest.mark.django_db

LOGIN = f"/accounts/oidc/{PROVIDER_ID}/login/"
SIGNUP = "/accounts/3rdparty/signup/"
BINDINGS_PAGE = "/privacy/third-party/"
BINDINGS_API = "/api/v1/privacy/third-party-accounts/"


def _signup_form(**overrides) -> dict:
    data = {"email": IDP_EMAIL, "date_of_birth": "1990-04-01", "accept_policy": "on", "import_fields": ["nickname"]}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_signing_up_with_the_provider_needs_the_policy_and_imports_only_what_was_ticked(
    client, idp, oidc_app, published_policy, settings, django_capture_on_commit_callbacks
):
    # given the shop keeps tokens, to show that they go with the binding
    settings.SOCIALACCOUNT_STORE_TOKENS = True

    # when a visitor signs in with the provider for the first time
    response = through_provider(client, client.post(LOGIN), idp)

    # then no account exists yet: the sign-up form asks for the policy and which fields to import
    assert response.status_code == 302
    assert response["Location"] == SIGNUP
    page = client.get(SIGNUP)
    html = page.content.decode()
    assert 'name="accept_policy"' in html
    assert 'name="import_fields"' in html
    assert f"Nickname ({IDP_NICKNAME})" in html
    assert not User.objects.exists()
    # nothing from the provider is pre-filled before the user chose
    assert page.context["form"]["email"].value() in (None, "")

    # when the form is sent without accepting the policy
    refused = client.post(SIGNUP, _signup_form(accept_policy=None))

    # then the account is not created
    assert refused.status_code == 200
    assert "accept_policy" in refused.context["form"].errors
    assert not User.objects.exists()

    # when the visitor accepts, keeps the provider's email as their address and allows only the nickname
    with django_capture_on_commit_callbacks(execute=True):
        created = client.post(SIGNUP, _signup_form())

    # then the account exists with the proof of acceptance and an active grant of the nickname only
    assert created.status_code == 302
    user = User.objects.get(email=IDP_EMAIL)
    assert not user.has_usable_password()
    assert PolicyAcceptance.objects.get(user=user).channel == Channel.SIGNUP
    grant = ThirdPartyGrant.objects.get(user=user)
    assert (grant.status, grant.fields, grant.channel) == (GrantStatus.ACTIVE, ["nickname"], GrantChannel.SIGNUP)
    assert grant.policy_version == published_policy
    assert grant.social_account.uid == IDP_SUB
    assert grant.uid_masked == "9f****1c"
    assert user.nickname == IDP_NICKNAME
    # the email was not granted: the address typed on the form is not taken as verified by the provider
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [(IDP_EMAIL, False)]
    # the stored profile holds the nickname and nothing else the provider sent
    assert grant.social_account.extra_data == {
        "userinfo": {"nickname": IDP_NICKNAME, "preferred_username": "alice.liddell"},
        "id_token": {"nickname": IDP_NICKNAME, "preferred_username": "alice.liddell"},
    }
    assert not idp.hits("/avatar.png")
    assert SocialToken.objects.filter(account__user=user).count() == 1

    # when the user, who has no password, unbinds their only binding through the API
    api = APIClient()
    api.force_login(user)
    response = api.delete(f"{BINDINGS_API}{grant.pk}/")

    # then it is refused: they could no longer sign in
    assert response.status_code == 409
    assert response.json()["code"] == "last_login_method"
    assert SocialAccount.objects.filter(user=user).exists()


def test_binding_an_existing_account_asks_only_for_the_chosen_fields_and_copies_only_them(
    client, idp, oidc_app, accepting_user, published_policy, settings, django_capture_on_commit_callbacks
):
    # given a shopper with a password, signed in, and a shop that keeps provider tokens
    settings.SOCIALACCOUNT_STORE_TOKENS = True
    user = accepting_user
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    client.force_login(user)

    # when they open the privacy centre's third-party page
    page = client.get(BINDINGS_PAGE)

    # then before any redirect they see what the provider offers
    html = page.content.decode()
    assert page.status_code == 200
    assert "Fake IdP" in html
    for label in ("Avatar (profile picture)", "Nickname", "Email address"):
        assert label in html

    # when they allow the nickname only and continue
    response = client.post(BINDINGS_PAGE, {"provider": PROVIDER_ID, "import_fields": ["nickname"]})

    # then the choice is recorded (pending, with the policy in effect) and the provider is asked for
    # the profile scope only: not for the email
    grant = ThirdPartyGrant.objects.get(user=user)
    assert (grant.status, grant.fields, grant.policy_version) == (GrantStatus.PENDING, ["nickname"], published_policy)
    assert sorted(scope_of(response["Location"])) == ["openid", "profile"]

    # when the provider sends them back
    with django_capture_on_commit_callbacks(execute=True):
        back = through_provider(client, response, idp)

    # then the binding exists under the grant, and only the nickname was copied
    assert back.status_code == 302
    assert back["Location"] == BINDINGS_PAGE
    grant.refresh_from_db()
    user.refresh_from_db()
    account = SocialAccount.objects.get(user=user)
    assert (grant.status, grant.social_account, grant.uid_masked) == (GrantStatus.ACTIVE, account, "9f****1c")
    assert user.nickname == IDP_NICKNAME
    assert not EmailAddress.objects.filter(email=IDP_EMAIL).exists()
    assert not idp.hits("/avatar.png")
    assert "name" not in account.extra_data["userinfo"]
    assert set(account.extra_data["userinfo"]) == {"nickname", "preferred_username"}
    assert SocialToken.objects.filter(account=account).count() == 1

    # when they sign out and sign in again with the provider (which now sends its whole default profile)
    client.logout()
    signed_in = through_provider(client, client.post(LOGIN), idp)

    # then they are signed in as themselves, and the stored profile still holds the granted field only
    assert signed_in.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    assert sorted(idp.authorize_scopes()[-1]) == ["email", "openid", "profile"]
    account.refresh_from_db()
    assert set(account.extra_data["userinfo"]) == {"nickname", "preferred_username"}

    # when they list their bindings
    api = APIClient()
    api.force_login(user)
    listed = api.get(BINDINGS_API)

    # then they see the provider, the masked account id, when it was bound and what it may import
    assert listed.status_code == 200
    [binding] = listed.json()
    assert binding["id"] == grant.pk
    assert (binding["provider"], binding["provider_name"], binding["uid"]) == (PROVIDER_ID, "Fake IdP", "9f****1c")
    assert binding["fields"] == ["nickname"]
    assert binding["policy_version"] == published_policy.version
    assert binding["bound_at"] is not None
    assert IDP_SUB not in listed.content.decode()

    # when they unbind without having confirmed their password recently
    refused = api.delete(f"{BINDINGS_API}{grant.pk}/")

    # then they are asked to re-authenticate first
    assert refused.status_code == 403
    assert refused.json()["code"] == "reauthentication_required"
    assert SocialAccount.objects.filter(pk=account.pk).exists()

    # when they confirm their password and unbind
    reauth = api.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD}, format="multipart")
    assert reauth.status_code == 302
    unbound = api.delete(f"{BINDINGS_API}{grant.pk}/")

    # then the binding and its tokens are gone and the grant is closed, kept as the record of the choice
    assert unbound.status_code == 200, unbound.json()
    assert unbound.json()["status"] == "closed"
    assert unbound.json()["closed_at"] is not None
    grant.refresh_from_db()
    assert (grant.status, grant.close_reason, grant.social_account) == (
        GrantStatus.CLOSED,
        GrantCloseReason.UNBOUND,
        None,
    )
    assert grant.closed_at is not None
    assert not SocialAccount.objects.filter(user=user).exists()
    assert not SocialToken.objects.exists()
    assert api.get(BINDINGS_API).json() == []


def test_a_granted_avatar_and_email_are_imported_from_a_binding_started_by_the_api(
    idp, oidc_app, accepting_user, django_capture_on_commit_callbacks
):
    # given a browser session on the API
    user = accepting_user
    api = APIClient()
    api.force_login(user)

    # when the client records a choice of avatar and email, with a page to come back to
    started = api.post(
        BINDINGS_API,
        {"provider": PROVIDER_ID, "fields": ["email", "avatar"], "callback_url": "/account/bound"},
        format="json",
    )

    # then it gets the provider's URL, asking for exactly what the two fields need
    assert started.status_code == 201, started.json()
    body = started.json()
    assert (body["status"], body["fields"]) == ("pending", ["avatar", "email"])
    assert body["token_url"] == "/_allauth/app/v1/auth/provider/token"
    assert sorted(scope_of(body["authorize_url"])) == ["email", "openid", "profile"]

    # when the browser goes there and comes back
    with django_capture_on_commit_callbacks(execute=True):
        back = through_authorize_url(api, body["authorize_url"], idp)

    # then it lands on the client's page, the provider's verified email is one of the user's addresses
    # and the avatar was fetched, cleaned and stored; the nickname was not granted and is not copied
    assert back.status_code == 302
    assert back["Location"] == "/account/bound"
    user.refresh_from_db()
    assert EmailAddress.objects.get(email=IDP_EMAIL).user == user
    assert EmailAddress.objects.get(email=IDP_EMAIL).verified
    assert user.nickname != IDP_NICKNAME
    assert len(idp.hits("/avatar.png")) == 1
    assert user.avatar.name.startswith("avatars/")
    assert ThirdPartyGrant.objects.get(user=user).status == GrantStatus.ACTIVE
