"""The user's profile as the privacy engine needs it, declared by the app that owns the user model.

The engine names no field of another app's model. The accounts app registers, at startup, a
``ProfileWriter`` (``profile_writer_register``, in its ``AppConfig.ready``) saying which field holds the
date of birth (read to tell a minor, promise A8) and which of its services write the profile fields a
third-party binding imports (nickname, avatar; promise B7). Binding calls those services, never ``user.x = ``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.files import File


@dataclass(frozen=True)
class ProfileWriter:
    # The user model's field holding the date of birth (None when not given), read in queries.
    date_of_birth_field: str
    # ``nickname_import(user=..., nickname=...) -> bool``: set the nickname a provider offered; False when the
    # value is not acceptable (nothing is written) or unchanged.
    nickname_import: Callable[..., bool]
    # ``avatar_import(user=..., content=File) -> bool``: replace the avatar with a downloaded picture; False
    # when the model keeps no avatar or the picture is refused.
    avatar_import: Callable[..., bool]


_registered: list[ProfileWriter] = []


def profile_writer_register(writer: ProfileWriter) -> None:
    """Register the writer; registering the same one again (``ready`` runs again when the installed apps
    are reloaded) changes nothing, a different one is refused: one app owns the user model."""
    if _registered and _registered[0] != writer:
        raise ImproperlyConfigured("Two different profile writers are registered: one app owns the user model.")
    _registered[:] = [writer]


def profile_writer() -> ProfileWriter:
    if not _registered:
        raise ImproperlyConfigured("No app registered a privacy.profile.ProfileWriter for the user model.")
    return _registered[0]


def date_of_birth_field() -> str:
    return profile_writer().date_of_birth_field


def date_of_birth(user: Any) -> date | None:
    """The date of birth of a loaded user, or None."""
    return getattr(user, date_of_birth_field(), None)


def nickname_import(*, user: Any, nickname: str) -> bool:
    return profile_writer().nickname_import(user=user, nickname=nickname)


def avatar_import(*, user: Any, content: File) -> bool:
    return profile_writer().avatar_import(user=user, content=content)
