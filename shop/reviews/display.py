"""How a review presents its author and what was bought: public pages show a nickname and an avatar,
never an email address or a real name (promise of seed 004 §5)."""

from collections.abc import Mapping
from datetime import datetime

from django.utils import timezone

from shop.reviews.conf import edit_window

ANONYMOUS = "Anonymous"


def author_nickname(user) -> str:
    """The author's nickname, or "Anonymous" when they have none (an erased account has none)."""
    return (getattr(user, "nickname", "") or "").strip() or ANONYMOUS


def author_avatar_name(user) -> str:
    """The stored name of the author's avatar, or "" without one."""
    avatar = getattr(user, "avatar", None)
    return avatar.name if avatar else ""


def variant_label(attributes: Mapping | None) -> str:
    """The variant bought, for display: ``{"size": "M", "colour": "blue"}`` -> ``"Size M, blue"``.

    A bare size ("M", "42") says little on its own, so it is named; colours and other values speak for
    themselves.
    """
    parts = []
    for key, value in (attributes or {}).items():
        text = str(value).strip()
        if not text:
            continue
        parts.append(f"Size {text}" if str(key).lower() == "size" else text)
    return ", ".join(parts)


def editable_until(review) -> datetime:
    """The moment after which the author can no longer edit ``review`` (``REVIEWS_EDIT_WINDOW``)."""
    return review.created_at + edit_window()


def review_is_editable(review, *, now: datetime | None = None) -> bool:
    return (now or timezone.now()) <= editable_until(review)
