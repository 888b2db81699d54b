"""Which profile fields each kind of provider offers, where they sit in its answer, and how to keep only
the granted ones (promise A7). Pure functions over allauth's provider and ``SocialLogin`` objects.

A provider's answer holds much more than the three fields the shop could import (GitHub sends a bio,
company and location; WeChat sex, province and city; an OpenID Connect ID token a dozen claims).
``restrict_sociallogin`` cuts ``SocialAccount.extra_data`` down to the keys of the granted fields and
drops the provider's email addresses unless ``email`` is granted, so nothing else is ever stored.

A social app can narrow what is offered with ``"profile_fields": [...]`` in its settings (admin), for an
identity provider that has no profile picture, say.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from privacy.binding.models import ProfileField
from privacy.masking import FULL_MASK

# Every field the shop could import, in the order the forms show them.
ALL_FIELDS: tuple[str, ...] = tuple(ProfileField.values)
NICKNAME_MAX_LENGTH = 40


@dataclass(frozen=True)
class ProviderProfile:
    """Where one kind of provider keeps each profile field, and the OAuth scopes each needs.

    ``keys`` maps a profile field to the keys of the provider's answer that hold it (the first non-empty
    one is the value). ``sections`` are sub-dictionaries of ``extra_data`` that hold the profile (OpenID
    Connect keeps ``userinfo`` and ``id_token``); empty when the profile is at the top level.
    """

    keys: Mapping[str, tuple[str, ...]]
    sections: tuple[str, ...] = ()
    base_scope: tuple[str, ...] = ()
    field_scopes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name in ALL_FIELDS if name in self.keys)

    def scope(self, fields: Iterable[str]) -> list[str]:
        """The scopes to ask for when only ``fields`` may be imported: the provider is not even asked for more."""
        scope = list(self.base_scope)
        for name in fields:
            scope += [item for item in self.field_scopes.get(name, ()) if item not in scope]
        return scope


PROVIDER_PROFILES: dict[str, ProviderProfile] = {
    "openid_connect": ProviderProfile(
        keys={
            ProfileField.AVATAR: ("picture",),
            ProfileField.NICKNAME: ("nickname", "preferred_username"),
            ProfileField.EMAIL: ("email", "email_verified"),
        },
        sections=("userinfo", "id_token"),
        base_scope=("openid",),
        field_scopes={
            ProfileField.AVATAR: ("profile",),
            ProfileField.NICKNAME: ("profile",),
            ProfileField.EMAIL: ("email",),
        },
    ),
    "github": ProviderProfile(
        keys={
            ProfileField.AVATAR: ("avatar_url",),
            ProfileField.NICKNAME: ("login",),
            ProfileField.EMAIL: ("email",),
        },
        # The public profile needs no scope; the (private) email addresses need user:email.
        field_scopes={ProfileField.EMAIL: ("user:email",)},
    ),
    "weixin": ProviderProfile(
        keys={ProfileField.AVATAR: ("headimgurl",), ProfileField.NICKNAME: ("nickname",)},
        # WeChat's website login has one scope, which always includes the nickname and picture.
        base_scope=("snsapi_login",),
    ),
}
# A provider type without a profile here offers nothing: it can sign a user in, but imports no field.
NO_PROFILE = ProviderProfile(keys={})


@dataclass(frozen=True)
class OfferedProfile:
    """The values a provider sent for the importable fields (only ever held in memory)."""

    nickname: str = ""
    email: str = ""
    email_verified: bool = False
    avatar_url: str = ""

    def value(self, name: str) -> str:
        return {
            ProfileField.NICKNAME: self.nickname,
            ProfileField.EMAIL: self.email,
            ProfileField.AVATAR: self.avatar_url,
        }[name]

    @property
    def present_fields(self) -> tuple[str, ...]:
        return tuple(name for name in ALL_FIELDS if self.value(name))


def profile_for(provider) -> ProviderProfile:
    """The profile description of an allauth provider instance (by its type, ``provider.id``)."""
    return PROVIDER_PROFILES.get(provider.id, NO_PROFILE)


def display_name(provider) -> str:
    """The provider's name as users see it: its social app's name (set in the admin), else allauth's."""
    app = getattr(provider, "app", None)
    return (app.name if app is not None and app.name else "") or provider.name


def offered_fields(provider) -> tuple[str, ...]:
    """The fields ``provider`` offers: its type's, narrowed by its social app's ``profile_fields`` setting."""
    fields = profile_for(provider).fields
    app = getattr(provider, "app", None)
    narrowed = app.settings.get("profile_fields") if app is not None and app.settings else None
    if narrowed is None:
        return fields
    return tuple(name for name in fields if name in narrowed)


def scope_for(provider, fields: Iterable[str]) -> list[str]:
    """The OAuth scopes to request from ``provider`` for a grant of ``fields``."""
    return profile_for(provider).scope(fields)


def _nested(profile: ProviderProfile, extra_data: Mapping[str, Any]) -> bool:
    """Whether ``extra_data`` keeps the profile in sections (OpenID Connect's redirect flow) rather than at
    the top level (its token flow stores the ID token's claims as they are)."""
    return any(isinstance(extra_data.get(name), Mapping) for name in profile.sections)


def _sections(profile: ProviderProfile, extra_data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    if not _nested(profile, extra_data):
        return [extra_data]
    return [extra_data[name] for name in profile.sections if isinstance(extra_data.get(name), Mapping)]


def _first_value(profile: ProviderProfile, extra_data: Mapping[str, Any], name: str) -> Any:
    """The first non-empty value of ``name``'s keys, section by section (OpenID Connect: userinfo first)."""
    for section in _sections(profile, extra_data):
        for key in profile.keys.get(name, ()):
            if section.get(key) not in (None, ""):
                return section[key]
    return None


def _web_url(value: Any) -> str:
    text = str(value or "").strip()
    return text if text.startswith(("https://", "http://")) else ""


def minimise_extra_data(provider, extra_data: Mapping[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """``extra_data`` with nothing but the keys of ``fields`` (and their sections). Everything else the
    provider sent (real names, locations, ID token claims...) is dropped."""
    profile = profile_for(provider)
    kept_keys = {key for name in fields for key in profile.keys.get(name, ())}
    if not isinstance(extra_data, Mapping):
        return {}
    if not _nested(profile, extra_data):
        return {key: value for key, value in extra_data.items() if key in kept_keys}
    minimised = {}
    for name in profile.sections:
        section = extra_data.get(name)
        if isinstance(section, Mapping):
            kept = {key: value for key, value in section.items() if key in kept_keys}
            if kept:
                minimised[name] = kept
    return minimised


def offered_profile(sociallogin) -> OfferedProfile:
    """The importable values in ``sociallogin`` as it stands (call before ``restrict_sociallogin``)."""
    profile = profile_for(sociallogin.provider)
    extra_data = sociallogin.account.extra_data or {}
    nickname = _first_value(profile, extra_data, ProfileField.NICKNAME)
    avatar = _first_value(profile, extra_data, ProfileField.AVATAR)
    email, verified = "", False
    if ProfileField.EMAIL in profile.keys:
        addresses = sorted(sociallogin.email_addresses, key=lambda address: not address.primary)
        if addresses:
            email, verified = addresses[0].email, bool(addresses[0].verified)
    return OfferedProfile(
        nickname=str(nickname or "").strip()[:NICKNAME_MAX_LENGTH],
        email=(email or "").strip().lower(),
        email_verified=verified,
        avatar_url=_web_url(avatar),
    )


def restrict_sociallogin(sociallogin, fields: Iterable[str]) -> None:
    """Cut ``sociallogin`` down to ``fields``, in place: ``extra_data`` keeps only their keys, and the
    provider's email addresses stay only if ``email`` is among them (then only the primary one)."""
    fields = tuple(fields)
    provider = sociallogin.provider
    sociallogin.account.extra_data = minimise_extra_data(provider, sociallogin.account.extra_data or {}, fields)
    if ProfileField.EMAIL in fields and ProfileField.EMAIL in profile_for(provider).keys:
        addresses = sorted(sociallogin.email_addresses, key=lambda address: not address.primary)
        sociallogin.email_addresses = addresses[:1]
    else:
        sociallogin.email_addresses = []


def stored_avatar_url(social_account) -> str:
    """The avatar URL kept in a binding's (already minimised) ``extra_data``, or ``""``."""
    provider = social_account.get_provider()
    return _web_url(_first_value(profile_for(provider), social_account.extra_data or {}, ProfileField.AVATAR))


def mask_uid(uid: str) -> str:
    """An account id at a provider, shown so its owner recognises it and nobody else learns it:
    ``"4f1c2d9a-..."`` -> ``"4f****9a"``; ids under 8 characters are masked whole."""
    text = str(uid or "").strip()
    if len(text) < 8:
        return FULL_MASK if text else ""
    return f"{text[:2]}{FULL_MASK}{text[-2:]}"
