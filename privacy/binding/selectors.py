"""Reads about third-party bindings: which providers can be bound, and what each grant allows."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.socialaccount.adapter import get_adapter as get_socialaccount_adapter
from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils import timezone

from privacy.binding.errors import ProviderNotAvailable
from privacy.binding.models import ThirdPartyGrant
from privacy.binding.profile import display_name, offered_fields


@dataclass(frozen=True)
class ProviderOffer:
    """A provider a user can bind, as the privacy centre shows it before the redirect."""

    id: str
    name: str
    fields: tuple[str, ...]


def pending_grant_ttl() -> timedelta:
    """How long a pending grant waits for the provider to send the user back (allauth's own state lives
    as long: ``PRIVACY_BINDING_PENDING_TTL``, 600 s by default)."""
    return timedelta(seconds=settings.PRIVACY_BINDING_PENDING_TTL)


def binding_providers(*, request) -> list[ProviderOffer]:
    """Every provider configured in the admin (allauth social apps) that signs in by redirect, with the
    fields it offers, by name."""
    providers = get_socialaccount_adapter(request).list_providers(request)
    offers = [
        ProviderOffer(id=provider.sub_id, name=display_name(provider), fields=offered_fields(provider))
        for provider in providers
        if provider.supports_redirect
    ]
    return sorted(offers, key=lambda offer: (offer.name.lower(), offer.id))


def binding_provider_get(*, request, provider_id: str):
    """The allauth provider instance named ``provider_id`` (a social app's provider id, or a provider
    type with one app). Raises ``ProviderNotAvailable`` for anything else."""
    try:
        provider = get_socialaccount_adapter(request).get_provider(request, provider_id)
    except (ObjectDoesNotExist, MultipleObjectsReturned, ImproperlyConfigured) as exc:
        # No such app, two apps for one provider type, or an unknown provider type.
        raise ProviderNotAvailable() from exc
    if not provider.supports_redirect:
        raise ProviderNotAvailable()
    return provider


def grants_bound(*, user_id: int) -> QuerySet[ThirdPartyGrant]:
    """The user's bindings in force: active grants whose binding still exists, newest first."""
    return (
        ThirdPartyGrant.objects.active()
        .filter(user_id=user_id, social_account__isnull=False)
        .select_related("policy_version")
        .order_by("-bound_at", "-id")
    )


def grant_pending_latest(*, user_id: int, provider: str, now: datetime | None = None) -> ThirdPartyGrant | None:
    """The user's latest choice for ``provider`` that is still waiting for the provider, if not too old."""
    since = (now or timezone.now()) - pending_grant_ttl()
    return (
        ThirdPartyGrant.objects.pending()
        .filter(user_id=user_id, provider=provider, requested_at__gte=since)
        .order_by("-requested_at", "-id")
        .first()
    )


def grant_fields_at_callback(*, provider: str, uid: str, user_id: int | None) -> tuple[str, ...] | None:
    """The profile fields that may be kept of what ``provider`` just sent about account ``uid``.

    None when that account is not bound yet: the sign-up form or the connect flow restricts it before
    anything is stored. Otherwise the binding's active grant, plus the signed-in owner's pending new
    choice for that provider (a re-binding that may ask for more). Two queries at most.
    """
    account = SocialAccount.objects.filter(provider=provider, uid=uid).only("pk", "user_id").first()
    if account is None:
        return None
    fields: set[str] = set()
    active = ThirdPartyGrant.objects.active().filter(social_account_id=account.pk).only("fields").first()
    if active is not None:
        fields.update(active.fields)
    if user_id is not None and user_id == account.user_id:
        pending = grant_pending_latest(user_id=user_id, provider=provider)
        if pending is not None:
            fields.update(pending.fields)
    return tuple(sorted(fields))


def grant_active_fields(*, social_account_id: int) -> tuple[str, ...]:
    """The fields the active grant of a binding allows; none without an active grant."""
    grant = ThirdPartyGrant.objects.active().filter(social_account_id=social_account_id).only("fields").first()
    return tuple(grant.fields) if grant is not None else ()
