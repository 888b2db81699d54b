"""Writes of third-party binding (promise A7): record what a user allows, bind, import only that, unbind.

The flow, whichever way it starts (privacy centre page, API, sign-up with a provider):

1. ``grant_request`` records the user's choice of fields as a *pending* grant, with the policy version in
   effect, before the user leaves for the provider; ``binding_redirect`` sends them there, asking the
   provider for no more scopes than the choice needs.
2. At the callback ``accounts.adapters.SocialAccountAdapter`` calls ``binding_connect`` (or
   ``binding_record_signup`` for a new account): in one transaction the binding (allauth's
   ``SocialAccount``) is saved with nothing but the granted fields, the grant becomes *active* and points
   to it, and the granted fields are imported (nickname, email address, and the avatar by a task).
3. ``binding_unbind`` closes the grant and deletes the binding and its tokens, unless it is the user's
   last way to sign in.

Nothing here is given a field value in a log line or a task argument: ids only.
"""

import logging
from collections.abc import Iterable
from datetime import datetime
from functools import partial

import requests
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialToken
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.oauth2.provider import OAuth2Provider
from django.contrib.auth import get_user_model
from django.core.exceptions import (
    ImproperlyConfigured,
    MultipleObjectsReturned,
    ObjectDoesNotExist,
)
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from core.task_queue import task_enqueue
from privacy import profile
from privacy.binding.avatar import AvatarRefused, avatar_download
from privacy.binding.errors import BindingNotFound, FieldNotOffered, LastLoginMethod, ProviderUnreachable
from privacy.binding.models import GrantChannel, GrantCloseReason, GrantStatus, ProfileField, ThirdPartyGrant
from privacy.binding.profile import (
    NO_PROFILE,
    OfferedProfile,
    mask_uid,
    offered_fields,
    offered_profile,
    profile_for,
    restrict_sociallogin,
    scope_for,
    stored_avatar_url,
)
from privacy.binding.selectors import grant_active_fields, grant_pending_latest
from privacy.hashing import keyed_hash
from privacy.selectors.policy import policy_version_current

logger = logging.getLogger(__name__)


def _lock_user(user_id: int):
    """Lock the user's row: binding and unbinding of one user run one at a time, so two unbinds cannot
    each see the other binding and leave the user with no way to sign in."""
    return get_user_model().objects.select_for_update().get(pk=user_id)


def _ordered_fields(fields: Iterable[str]) -> list[str]:
    chosen = set(fields)
    return [name for name in ProfileField.values if name in chosen]


def grant_request(
    *, user_id: int, provider, fields: Iterable[str], channel: str, now: datetime | None = None
) -> ThirdPartyGrant:
    """Record that user ``user_id`` allows ``fields`` to be imported from ``provider`` (an allauth provider
    instance), as a pending grant with the policy version in effect. An earlier pending choice for the same
    provider is closed (abandoned): only the latest choice can complete.

    Raises ``FieldNotOffered`` if a field is not among those the provider offers.
    """
    now = now or timezone.now()
    requested = set(fields)
    chosen = _ordered_fields(requested)
    offered = offered_fields(provider)
    if len(chosen) != len(requested) or any(name not in offered for name in chosen):
        raise FieldNotOffered(fields={"fields": [f"Offered by this provider: {', '.join(offered) or 'none'}."]})
    with transaction.atomic():
        ThirdPartyGrant.objects.pending().filter(user_id=user_id, provider=provider.sub_id).update(
            status=GrantStatus.CLOSED, close_reason=GrantCloseReason.ABANDONED, closed_at=now
        )
        return ThirdPartyGrant.objects.create(
            user_id=user_id,
            provider=provider.sub_id,
            fields=chosen,
            policy_version=policy_version_current(now=now),
            channel=channel,
            status=GrantStatus.PENDING,
            requested_at=now,
        )


def binding_redirect(
    *, request, provider, grant: ThirdPartyGrant, next_url: str | None = None, headless: bool = False
) -> HttpResponse:
    """The redirect that sends the user to ``provider`` to bind an account under ``grant`` (allauth's
    connect flow; its state is kept in ``request.session``). The provider is asked only for the scopes
    the grant needs. ``headless``: allauth then returns the user to ``next_url`` (an API client's page).

    Raises ``ProviderUnreachable`` when the provider's configuration cannot be fetched.
    """
    kwargs = {"headless": True} if headless else {}
    if isinstance(provider, OAuth2Provider) and profile_for(provider) is not NO_PROFILE:
        kwargs["scope"] = scope_for(provider, grant.fields)
    try:
        response = provider.redirect(request, AuthProcess.CONNECT, next_url=next_url, **kwargs)
    except requests.RequestException as exc:
        raise ProviderUnreachable() from exc
    if response.status_code != 302:
        raise ProviderUnreachable()
    return response


def _grant_activate(grant: ThirdPartyGrant, *, account: SocialAccount, now: datetime) -> None:
    ThirdPartyGrant.objects.active().filter(social_account=account).exclude(pk=grant.pk).update(
        status=GrantStatus.CLOSED, close_reason=GrantCloseReason.REPLACED, closed_at=now
    )
    grant.social_account = account
    grant.provider = account.provider
    grant.uid_hash = keyed_hash(f"{account.provider}:{account.uid}")
    grant.uid_masked = mask_uid(account.uid)
    grant.status = GrantStatus.ACTIVE
    grant.bound_at = now
    grant.save()


def _email_import(*, user, email: str, verified: bool) -> None:
    """Add ``email`` to the user's addresses, verified if the provider says so. An address another account
    uses is never taken over; one the user has already is only marked verified."""
    addresses = EmailAddress.objects.filter(email__iexact=email)
    own = addresses.filter(user_id=user.pk).first()
    if own is not None:
        if verified and not own.verified:
            own.verified = True
            own.save(update_fields=["verified"])
        return
    taken = addresses.exists() or get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
    if taken:
        logger.info("Third-party email not imported for user %s: another account uses it.", user.pk)
        return
    has_primary = EmailAddress.objects.filter(user_id=user.pk, primary=True).exists()
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=not has_primary)


def _queue_avatar_import(grant_id: int) -> None:
    # Imported here: the task module imports this one.
    from privacy.binding.tasks import import_avatar

    task_enqueue(import_avatar, grant_id)


def _profile_import(*, user, grant: ThirdPartyGrant, offered: OfferedProfile) -> None:
    """Copy the fields ``grant`` allows, and only those, from ``offered`` to the user."""
    granted = set(grant.fields)
    if ProfileField.NICKNAME in granted and offered.nickname:
        profile.nickname_import(user=user, nickname=offered.nickname)
    if ProfileField.EMAIL in granted and offered.email:
        _email_import(user=user, email=offered.email, verified=offered.email_verified)
    if ProfileField.AVATAR in granted and offered.avatar_url:
        # Network I/O after the commit, in a task: the binding never waits for (or fails with) a download.
        transaction.on_commit(partial(_queue_avatar_import, grant.pk))


def binding_connect(*, request, sociallogin) -> ThirdPartyGrant | None:
    """Bind the account in ``sociallogin`` (allauth's connect flow, at the callback) to the signed-in user
    under their pending grant for that provider, in one transaction: the binding is saved with nothing but
    the granted fields, the grant becomes active, and the granted fields are imported.

    Without a pending grant (bound from allauth's own pages) the grant is empty: nothing is imported.
    Binding again an account the user already has replaces its grant. Does nothing (returns None) for an
    account bound to another user: allauth refuses that connection itself.
    """
    user = request.user
    if sociallogin.is_existing and sociallogin.user.pk != user.pk:
        return None
    now = timezone.now()
    offered = offered_profile(sociallogin)
    provider_id = sociallogin.account.provider
    with transaction.atomic():
        _lock_user(user.pk)
        grant = grant_pending_latest(user_id=user.pk, provider=provider_id, now=now)
        if grant is None:
            grant = ThirdPartyGrant(
                user=user,
                provider=provider_id,
                fields=[],
                policy_version=policy_version_current(now=now),
                channel=GrantChannel.NO_CHOICE,
                requested_at=now,
            )
        # Choices that waited too long never apply: a binding without a fresh choice imports nothing.
        stale = ThirdPartyGrant.objects.pending().filter(user_id=user.pk, provider=provider_id).exclude(pk=grant.pk)
        stale.update(status=GrantStatus.CLOSED, close_reason=GrantCloseReason.ABANDONED, closed_at=now)
        grant.fields = [name for name in grant.fields if name in offered_fields(sociallogin.provider)]
        restrict_sociallogin(sociallogin, grant.fields)
        if sociallogin.is_existing:
            sociallogin.account.save(update_fields=["extra_data"])
        else:
            sociallogin.connect(request, user)
        _grant_activate(grant, account=sociallogin.account, now=now)
        _profile_import(user=user, grant=grant, offered=offered)
    return grant


def binding_record_signup(
    *, user, sociallogin, fields: Iterable[str], offered: OfferedProfile, policy_version
) -> ThirdPartyGrant:
    """Record the grant of a sign-up with a provider, once allauth has saved the new user and binding
    (``sociallogin`` already restricted to ``fields``), and import those fields. The caller owns the
    transaction, so the account never exists without its grant."""
    now = timezone.now()
    grant = ThirdPartyGrant(
        user=user,
        provider=sociallogin.account.provider,
        fields=_ordered_fields(name for name in fields if name in offered_fields(sociallogin.provider)),
        policy_version=policy_version,
        channel=GrantChannel.SIGNUP,
        requested_at=now,
    )
    _grant_activate(grant, account=sociallogin.account, now=now)
    _profile_import(user=user, grant=grant, offered=offered)
    return grant


def binding_login_restrict(*, sociallogin) -> None:
    """On a sign-in with an existing binding, make sure its stored profile holds no field outside its
    active grant (the provider sends its whole profile at every sign-in)."""
    account = sociallogin.account
    before = account.extra_data
    restrict_sociallogin(sociallogin, grant_active_fields(social_account_id=account.pk))
    if account.extra_data != before:
        account.save(update_fields=["extra_data"])


def binding_unbind(*, user_id: int, grant_id: int, now: datetime | None = None) -> ThirdPartyGrant:
    """Unbind: close the active grant ``grant_id`` of user ``user_id`` (``closed_at``) and delete its binding
    and the binding's tokens. Checks, then acts, under a lock on the user's row.

    Raises ``BindingNotFound`` for a grant that is not an active binding of this user (another user's
    included) and ``LastLoginMethod`` when the user has no usable password and no other binding.
    """
    now = now or timezone.now()
    with transaction.atomic():
        user = _lock_user(user_id)
        grant = (
            ThirdPartyGrant.objects.select_for_update()
            .filter(pk=grant_id, user_id=user_id, status=GrantStatus.ACTIVE, social_account__isnull=False)
            .first()
        )
        if grant is None:
            raise BindingNotFound()
        account_id = grant.social_account_id
        other_bindings = SocialAccount.objects.filter(user_id=user_id).exclude(pk=account_id).exists()
        if not user.has_usable_password() and not other_bindings:
            raise LastLoginMethod()
        grant.status = GrantStatus.CLOSED
        grant.close_reason = GrantCloseReason.UNBOUND
        grant.closed_at = now
        grant.social_account = None
        grant.save(update_fields=["status", "close_reason", "closed_at", "social_account"])
        SocialToken.objects.filter(account_id=account_id).delete()
        SocialAccount.objects.filter(pk=account_id).delete()
    return grant


def avatar_import(*, grant_id: int) -> bool:
    """Download the avatar that active grant ``grant_id`` allows and make it the user's avatar (through the
    accounts app's profile writer, ``privacy.profile``).

    Does nothing (returns False) when the grant is no longer active or does not allow the avatar, its
    binding holds no avatar, its provider is no longer configured, or the download is refused (logged by
    grant id and reason code), or the profile writer refuses the picture. Idempotent: running it again fetches
    the same picture again and replaces the stored file.
    """
    grant = (
        ThirdPartyGrant.objects.active()
        .filter(pk=grant_id, social_account__isnull=False)
        .select_related("social_account", "user")
        .first()
    )
    if grant is None or ProfileField.AVATAR not in grant.fields:
        return False
    user = grant.user
    try:
        url = stored_avatar_url(grant.social_account)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ImproperlyConfigured):
        # The provider's social app was removed or changed in the admin since the binding.
        logger.warning("Avatar of grant %s not imported: provider not configured.", grant_id)
        return False
    if not url:
        return False
    try:
        content = avatar_download(url)
    except AvatarRefused as refused:
        logger.warning("Avatar of grant %s not imported: %s.", grant_id, refused.code)
        return False
    return profile.avatar_import(user=user, content=content)
