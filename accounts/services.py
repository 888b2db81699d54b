"""Writes to the user's own account: profile and sessions. The website and the API call the same functions."""

import unicodedata

from allauth.usersessions.adapter import get_adapter as get_usersessions_adapter
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy

from accounts.codes import ErrorCode
from accounts.models import User
from core.errors import DomainError
from core.image_metadata import image_without_metadata
from core.image_validation import validate_image

NICKNAME_MAX_LENGTH = 40
# Invisible or layout-breaking characters: C0/C1 controls, format characters (bidi overrides,
# zero-width spaces), surrogates, private use, unassigned, and line/paragraph separators.
_REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Zero-width (non-)joiners are format characters that emoji and several scripts need.
_ALLOWED_FORMAT_CHARACTERS = {"\u200c", "\u200d"}


class InvalidProfile(DomainError):
    code = ErrorCode.INVALID
    default_detail = gettext_lazy("The submitted data is not valid.")


def nickname_clean(nickname: str) -> str:
    """Return the nickname as it will be stored: NFC-normalised, surrounding whitespace stripped.

    Raises ``InvalidProfile`` (``fields["nickname"]``) when it is empty, longer than 40 characters, or
    holds control or other invisible characters. Pure: touches no database.
    """
    cleaned = unicodedata.normalize("NFC", nickname).strip()
    message = None
    if not cleaned:
        message = "Enter a nickname."
    elif len(cleaned) > NICKNAME_MAX_LENGTH:
        message = f"Use at most {NICKNAME_MAX_LENGTH} characters."
    elif any(
        unicodedata.category(char) in _REFUSED_CATEGORIES and char not in _ALLOWED_FORMAT_CHARACTERS for char in cleaned
    ):
        message = "Use visible characters only; control characters are not allowed."
    if message:
        raise InvalidProfile(fields={"nickname": [message]})
    return cleaned


def user_update_profile(*, user: User, nickname: str) -> User:
    """Set the user's public nickname and return the user.

    The nickname goes through ``nickname_clean`` (raises ``InvalidProfile``). Idempotent: an unchanged
    nickname writes nothing. Writes only the ``nickname`` column, so a concurrent change of another
    column (last login, password) is never overwritten.
    """
    cleaned = nickname_clean(nickname)
    if cleaned != user.nickname:
        with transaction.atomic():
            user.nickname = cleaned
            user.save(update_fields=["nickname"])
    return user


def user_set_language(*, user: User, language: str) -> User:
    """Save the language the user chose with the site's switcher (one of ``settings.LANGUAGES``). Idempotent;
    writes only the ``language`` column."""
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"unknown language {language!r}")
    if language != user.language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
    return user


def user_update_avatar(*, user: User, image=None, remove: bool = False) -> User:
    """Replace (or with ``remove``, drop) the user's public avatar and return the user.

    The upload is validated (type, size, dimensions; raises Django's ``ValidationError``) and stored
    re-encoded without metadata under a random name. The previous file is deleted from storage after the
    commit, so a rolled-back change never loses the old picture.
    """
    if image is None and not remove:
        return user
    if image is not None:
        validate_image(image)
    previous = user.avatar.name if user.avatar else ""
    with transaction.atomic():
        if image is not None:
            cleaned = image_without_metadata(image)
            user.avatar.save(cleaned.name, cleaned, save=False)
        else:
            user.avatar = ""
        user.save(update_fields=["avatar"])
        if previous and previous != user.avatar.name:
            storage = user.avatar.storage
            transaction.on_commit(lambda: storage.delete(previous))
    return user


def user_nickname_import(*, user: User, nickname: str) -> bool:
    """Set the nickname a third-party provider offered (the user granted it, ``privacy.binding``); True when
    it changed. A nickname ``nickname_clean`` refuses is not imported (the binding goes on without it)."""
    try:
        cleaned = nickname_clean(nickname)
    except InvalidProfile:
        return False
    if cleaned == user.nickname:
        return False
    user_update_profile(user=user, nickname=cleaned)
    return True


def user_avatar_import(*, user: User, content) -> bool:
    """Make a picture downloaded from a third-party provider the user's avatar, validated and stripped of
    metadata like an upload (``user_update_avatar``); False when it is refused."""
    try:
        user_update_avatar(user=user, image=content)
    except (ValidationError, ValueError):
        return False
    return True


def user_sign_out_everywhere(*, user: User, keep_session_key: str | None) -> int:
    """End every session and app token of ``user`` except the one with ``keep_session_key``; returns how many.

    Website sessions and headless app tokens are both sessions that ``allauth.usersessions`` recorded at
    sign-in; each is deleted from the session store (the token stops working at once) with its record.
    Idempotent: a second call finds nothing left to end. Sessions made outside allauth's sign-in (Django's
    ``login()`` alone) are not recorded and not ended; the shop signs no one in that way.
    """
    sessions = [
        session
        for session in UserSession.objects.filter(user_id=user.pk)
        if not keep_session_key or session.session_key != keep_session_key
    ]
    get_usersessions_adapter().end_sessions(sessions)
    return len(sessions)
