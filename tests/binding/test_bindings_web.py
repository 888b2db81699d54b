"""The privacy centre's third-party accounts page: what is bound, choosing fields before the redirect,
unbinding after re-authentication, and its refusals."""

import pytest
from allauth.socialaccount.models import SocialAccount

from privacy.binding.models import GrantChannel, GrantStatus, ThirdPartyGrant
from tests.accounts.factories import DEFAULT_PASSWORD, UserFactory
from tests.binding.conftest import PROVIDER_ID, scope_of
from tests.binding.factories import ActiveGrantFactory

pytestmark = pytest.mark.django_db

PAGE = "/privacy/third-party/"


def _unbind_url(grant) -> str:
    return f"{PAGE}{grant.pk}/unbind/"


def test_the_page_needs_a_signed_in_user(client):
    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_lists_bindings_with_masked_ids_and_what_each_may_import(client, oidc_app):
    # given
    grant = ActiveGrantFactory(fields=["nickname", "email"])
    client.force_login(grant.user)

    # when
    response = client.get(PAGE)

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert grant.uid_masked in html
    assert grant.social_account.uid not in html
    assert "nickname, email address" in html
    assert f'action="{_unbind_url(grant)}"' in html


def test_choosing_fields_records_a_pending_grant_and_sends_the_user_to_the_provider(client, oidc_app, idp):
    # given
    user = UserFactory()
    client.force_login(user)

    # when
    response = client.post(PAGE, {"provider": PROVIDER_ID, "import_fields": ["avatar", "email"]})

    # then
    assert response.status_code == 302
    assert response["Location"].startswith(f"{idp.base_url}/authorize?")
    assert sorted(scope_of(response["Location"])) == ["email", "openid", "profile"]
    grant = ThirdPartyGrant.objects.get(user=user)
    assert (grant.status, grant.fields, grant.channel) == (GrantStatus.PENDING, ["avatar", "email"], GrantChannel.WEB)


def test_choosing_nothing_binds_for_signing_in_only_and_asks_for_the_subject_only(client, oidc_app):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post(PAGE, {"provider": PROVIDER_ID})

    # then
    assert scope_of(response["Location"]) == ["openid"]
    assert ThirdPartyGrant.objects.get().fields == []


@pytest.mark.parametrize(
    "data",
    [
        {"provider": "nosuchprovider", "import_fields": ["email"]},
        {"provider": PROVIDER_ID, "import_fields": ["phone"]},
    ],
)
def test_a_bad_choice_is_shown_again_and_records_nothing(client, oidc_app, data):
    # given
    client.force_login(UserFactory())

    # when
    response = client.post(PAGE, data)

    # then
    assert response.status_code == 400
    assert not ThirdPartyGrant.objects.exists()


def test_a_field_the_app_does_not_offer_is_refused_next_to_the_form(client, oidc_app):
    # given
    oidc_app.settings = {**oidc_app.settings, "profile_fields": ["nickname"]}
    oidc_app.save()
    client.force_login(UserFactory())

    # when
    response = client.post(PAGE, {"provider": PROVIDER_ID, "import_fields": ["email"]})

    # then
    assert response.status_code == 400
    assert "import_fields" in response.context["forms"][0]["form"].errors
    assert not ThirdPartyGrant.objects.exists()


def test_unbinding_asks_to_confirm_the_password_then_unbinds(client, oidc_app):
    # given
    grant = ActiveGrantFactory()
    client.force_login(grant.user)

    # when
    response = client.post(_unbind_url(grant))

    # then the user is sent to confirm their password first
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    assert SocialAccount.objects.filter(pk=grant.social_account_id).exists()

    # when they confirm it, the suspended request is carried out
    done = client.post(response["Location"], {"password": DEFAULT_PASSWORD})

    # then
    assert done.status_code == 302
    grant.refresh_from_db()
    assert grant.status == GrantStatus.CLOSED
    assert not SocialAccount.objects.exists()


def test_someone_elses_binding_cannot_be_unbound(client):
    # given
    grant = ActiveGrantFactory()
    client.force_login(UserFactory())
    client.post("/accounts/reauthenticate/", {"password": DEFAULT_PASSWORD})

    # when
    response = client.post(_unbind_url(grant))

    # then
    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE


def test_the_last_way_to_sign_in_is_kept_with_an_explanation(client):
    # given a user who signs in only with this binding
    grant = ActiveGrantFactory(user=UserFactory(password=None))
    client.force_login(grant.user)

    # when
    response = client.post(_unbind_url(grant), follow=True)

    # then
    assert "only way you can sign in" in response.content.decode()
    assert "set a password" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.ACTIVE
