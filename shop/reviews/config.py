"""The reviews settings, read when needed (tests change them) and checked for known values."""

from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class Moderation(StrEnum):
    PUBLISH = "publish"  # a review shows at once; staff can still hide it
    APPROVE_FIRST = "approve_first"  # a review waits in the moderation queue until staff approve it


class OnAccountErasure(StrEnum):
    ANONYMISE = "anonymise"  # the review stays, shown as "Anonymous" (the account's nickname and avatar are erased)
    DELETE = "delete"  # the review and its photos go


def _choice(name: str, enum: type[StrEnum], default: StrEnum) -> StrEnum:
    value = getattr(settings, name, default.value)
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(f'"{item.value}"' for item in enum)
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.") from None


def moderation() -> Moderation:
    """``REVIEWS_MODERATION``; raises ``ImproperlyConfigured`` for an unknown value."""
    return _choice("REVIEWS_MODERATION", Moderation, Moderation.PUBLISH)


def on_account_erasure() -> OnAccountErasure:
    """``REVIEWS_ON_ACCOUNT_ERASURE``; raises ``ImproperlyConfigured`` for an unknown value."""
    return _choice("REVIEWS_ON_ACCOUNT_ERASURE", OnAccountErasure, OnAccountErasure.ANONYMISE)


def edit_window() -> timedelta:
    """How long after posting its author may edit a review (``REVIEWS_EDIT_WINDOW`` seconds, default 30 days)."""
    return timedelta(seconds=getattr(settings, "REVIEWS_EDIT_WINDOW", 30 * 24 * 60 * 60))


def text_length_limits() -> tuple[int, int]:
    """``(REVIEWS_TEXT_MIN_LENGTH, REVIEWS_TEXT_MAX_LENGTH)``, in characters after trimming."""
    return getattr(settings, "REVIEWS_TEXT_MIN_LENGTH", 10), getattr(settings, "REVIEWS_TEXT_MAX_LENGTH", 2000)


def max_images() -> int:
    """How many photos one review may carry (``REVIEWS_MAX_IMAGES``, default 5)."""
    return getattr(settings, "REVIEWS_MAX_IMAGES", 5)
