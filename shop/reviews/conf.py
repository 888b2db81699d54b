"""The reviews settings with their defaults (``core.conf``), read when needed (tests change them) and checked
for known values."""

from datetime import timedelta
from enum import StrEnum

from django.core.exceptions import ImproperlyConfigured

from core.conf import AppSetting, AppSettings


class Moderation(StrEnum):
    PUBLISH = "publish"  # a review shows at once; staff can still hide it
    APPROVE_FIRST = "approve_first"  # a review waits in the moderation queue until staff approve it


class OnAccountErasure(StrEnum):
    ANONYMISE = "anonymise"  # the review stays, shown as "Anonymous" (the account's nickname and avatar are erased)
    DELETE = "delete"  # the review and its photos go


class ReviewsSettings(AppSettings):
    REVIEWS_MODERATION = AppSetting(
        "publish",
        '"publish": a buyer\'s review shows at once; "approve_first": it waits in the admin\'s moderation queue.',
    )
    REVIEWS_EDIT_WINDOW = AppSetting(
        30 * 24 * 60 * 60, "Seconds after posting during which the author may still edit a review (deleting: always)."
    )
    REVIEWS_ON_ACCOUNT_ERASURE = AppSetting(
        "anonymise",
        'When an account is erased, its reviews stay as "Anonymous" ("anonymise") or go with their photos ("delete").',
    )
    REVIEWS_TEXT_MIN_LENGTH = AppSetting(10, "Fewest characters a review's text may have.")
    REVIEWS_TEXT_MAX_LENGTH = AppSetting(2000, "Most characters a review's text may have.")
    REVIEWS_MAX_IMAGES = AppSetting(5, "Most photos one review may carry.")


reviews_settings = ReviewsSettings()


def _choice(name: str, enum: type[StrEnum]) -> StrEnum:
    value = reviews_settings[name]
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(f'"{item.value}"' for item in enum)
        raise ImproperlyConfigured(f"{name} must be one of {allowed}, not {value!r}.") from None


def moderation() -> Moderation:
    """``REVIEWS_MODERATION``; raises ``ImproperlyConfigured`` for an unknown value."""
    return _choice("REVIEWS_MODERATION", Moderation)


def on_account_erasure() -> OnAccountErasure:
    """``REVIEWS_ON_ACCOUNT_ERASURE``; raises ``ImproperlyConfigured`` for an unknown value."""
    return _choice("REVIEWS_ON_ACCOUNT_ERASURE", OnAccountErasure)


def edit_window() -> timedelta:
    """How long after posting its author may edit a review (``REVIEWS_EDIT_WINDOW`` seconds)."""
    return timedelta(seconds=reviews_settings.REVIEWS_EDIT_WINDOW)


def text_length_limits() -> tuple[int, int]:
    """``(REVIEWS_TEXT_MIN_LENGTH, REVIEWS_TEXT_MAX_LENGTH)``, in characters after trimming."""
    return reviews_settings.REVIEWS_TEXT_MIN_LENGTH, reviews_settings.REVIEWS_TEXT_MAX_LENGTH


def max_images() -> int:
    """How many photos one review may carry (``REVIEWS_MAX_IMAGES``)."""
    return reviews_settings.REVIEWS_MAX_IMAGES
