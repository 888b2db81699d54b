"""The grant as a record: erased with the account, shown masked in the admin, and an avatar task that
respects a grant closed in the meantime."""

import pytest
from allauth.socialaccount.models import SocialAccount, SocialToken
from django.urls import reverse

from privacy.binding.models import GrantStatus, ThirdPartyGrant
from privacy.binding.tasks import import_avatar
from privacy.services.erasure import user_erase_personal_data
from tests.accounts.factories import StaffFactory
from tests.binding.factories import ActiveGrantFactory, SocialTokenFactory

pytestmark = pytest.mark.django_db


def test_erasing_the_user_deletes_grants_bindings_and_tokens():
    # given
    grant = ActiveGrantFactory()
    SocialTokenFactory(account=grant.social_account)
    ThirdPartyGrant.objects.create(user=grant.user, provider="github", channel="api", fields=["email"])
    survivor = ActiveGrantFactory()

    # when
    summary = user_erase_personal_data(user_id=grant.user_id)

    # then
    assert summary.deleted["binding.ThirdPartyGrant"] == 2
    assert list(ThirdPartyGrant.objects.all()) == [survivor]
    assert list(SocialAccount.objects.all()) == [survivor.social_account]
    assert not SocialToken.objects.exists()


def test_the_avatar_task_leaves_a_grant_closed_in_the_meantime_alone(idp, oidc_app):
    # given a grant of the avatar, closed before the task ran
    grant = ActiveGrantFactory(fields=["avatar"])
    grant.social_account.extra_data = {"userinfo": {"picture": f"{idp.base_url}/avatar.png"}}
    grant.social_account.save()
    ThirdPartyGrant.objects.filter(pk=grant.pk).update(status=GrantStatus.CLOSED, closed_at=grant.bound_at)

    # when
    stored = import_avatar.delay(grant.pk).get()

    # then
    assert stored is False
    assert not idp.hits("/avatar.png")


def test_the_avatar_task_stores_a_granted_avatar_and_is_idempotent(idp, oidc_app, django_capture_on_commit_callbacks):
    # given an active grant of the avatar on a binding of the configured provider
    grant = ActiveGrantFactory(fields=["avatar"])
    grant.social_account.extra_data = {"userinfo": {"picture": f"{idp.base_url}/avatar.png"}}
    grant.social_account.save()

    # when it runs twice (each run commits: the accounts service deletes a replaced file after the commit)
    with django_capture_on_commit_callbacks(execute=True):
        first = import_avatar.delay(grant.pk).get()
    grant.user.refresh_from_db()
    first_name = grant.user.avatar.name
    with django_capture_on_commit_callbacks(execute=True):
        second = import_avatar.delay(grant.pk).get()

    # then the second run replaces the picture and removes the first file
    grant.user.refresh_from_db()
    assert (first, second) == (True, True)
    assert grant.user.avatar.name != first_name
    assert not grant.user.avatar.storage.exists(first_name)
    assert grant.user.avatar.storage.exists(grant.user.avatar.name)


def test_the_avatar_task_does_nothing_once_the_provider_is_removed_from_the_admin(idp, oidc_app):
    # given
    grant = ActiveGrantFactory(fields=["avatar"])
    grant.social_account.extra_data = {"userinfo": {"picture": f"{idp.base_url}/avatar.png"}}
    grant.social_account.save()
    oidc_app.delete()

    # when
    stored = import_avatar.delay(grant.pk).get()

    # then
    assert stored is False
    assert not idp.hits("/avatar.png")


def test_a_grant_without_the_avatar_never_fetches_it(idp, oidc_app):
    # given
    grant = ActiveGrantFactory(fields=["nickname"])
    grant.social_account.extra_data = {"userinfo": {"picture": f"{idp.base_url}/avatar.png"}}
    grant.social_account.save()

    # when
    stored = import_avatar.delay(grant.pk).get()

    # then
    assert stored is False
    assert not idp.hits("/avatar.png")


def test_the_admin_shows_grants_and_bindings_masked(client, oidc_app):
    # given
    grant = ActiveGrantFactory()
    SocialTokenFactory(account=grant.social_account, token="tok-secret-value")
    client.force_login(StaffFactory())

    # when
    pages = [
        client.get(reverse("admin:binding_thirdpartygrant_changelist")),
        client.get(reverse("admin:binding_thirdpartygrant_change", args=[grant.pk])),
        client.get(reverse("admin:socialaccount_socialaccount_changelist")),
        client.get(reverse("admin:socialaccount_socialaccount_change", args=[grant.social_account_id])),
        client.get(reverse("admin:socialaccount_socialtoken_changelist")),
    ]

    # then
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        assert grant.social_account.uid not in html
        assert grant.uid_hash not in html
        assert "tok-secret-value" not in html
