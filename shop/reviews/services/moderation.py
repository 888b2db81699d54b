"""Staff moderation of reviews: approve, reject, hide and unhide with a reason the author sees, the
merchant's public reply, and dismissing reports of a review that is fine as it is.

All status changes go through ``review_moderate``, which checks the transition, keeps the rating summary
in step, and closes the review's open reports (staff have looked at it).
"""

from enum import StrEnum

from django.db import transaction
from django.utils import timezone

from shop.reviews.errors import InvalidModeration, InvalidReview, ReviewNotFound
from shop.reviews.models import Review, ReviewStatus
from shop.reviews.selectors import open_reports
from shop.reviews.services.rating import Counted, rating_apply

REASON_MAX_LENGTH = Review._meta.get_field("moderation_reason").max_length
REPLY_MAX_LENGTH = 2000


class ModerationAction(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    HIDE = "hide"
    UNHIDE = "unhide"


# action -> (statuses it applies to, status it leads to, whether a reason is required)
TRANSITIONS: dict[ModerationAction, tuple[frozenset[str], str, bool]] = {
    ModerationAction.APPROVE: (
        frozenset({ReviewStatus.PENDING, ReviewStatus.REJECTED}),
        ReviewStatus.PUBLISHED,
        False,
    ),
    ModerationAction.REJECT: (frozenset({ReviewStatus.PENDING}), ReviewStatus.REJECTED, True),
    ModerationAction.HIDE: (frozenset({ReviewStatus.PUBLISHED}), ReviewStatus.HIDDEN, True),
    ModerationAction.UNHIDE: (frozenset({ReviewStatus.HIDDEN}), ReviewStatus.PUBLISHED, False),
}


def _locked(review_id: int) -> Review:
    review = Review.objects.select_for_update().filter(pk=review_id).first()
    if review is None:
        raise ReviewNotFound()
    return review


def _reason_clean(reason: str, *, required: bool) -> str:
    cleaned = (reason or "").strip()
    if required and not cleaned:
        raise InvalidReview(fields={"reason": ["Say why: the author will see it."]})
    if len(cleaned) > REASON_MAX_LENGTH:
        raise InvalidReview(fields={"reason": [f"Write at most {REASON_MAX_LENGTH} characters."]})
    return cleaned


@transaction.atomic
def review_moderate(*, review_id: int, action: ModerationAction | str, reason: str = "") -> Review:
    """Apply a moderation ``action`` to a review and return it.

    ``reject`` (pending -> rejected) and ``hide`` (published -> hidden) need a ``reason``, which the
    author sees; ``approve`` (pending or rejected -> published) and ``unhide`` (hidden -> published)
    clear it. Only published reviews count in the product's rating, which moves in this transaction.
    Closes the review's open reports. Locks the review row.

    Raises ``ReviewNotFound``, ``InvalidReview`` (missing or too long ``reason``, unknown ``action``)
    and ``InvalidModeration`` (the review's status does not allow the action; ``from_status`` says which).
    """
    try:
        action = ModerationAction(action)
    except ValueError:
        raise InvalidReview(fields={"action": [f"Unknown moderation action {action!r}."]}) from None
    allowed_from, to_status, needs_reason = TRANSITIONS[action]
    reason = _reason_clean(reason, required=needs_reason)
    review = _locked(review_id)
    if review.status not in allowed_from:
        raise InvalidModeration(from_status=review.status, action=str(action))
    before = Counted.of(status=review.status, rating=review.rating)
    now = timezone.now()
    review.status = to_status
    review.moderation_reason = reason if needs_reason else ""
    review.moderated_at = now
    review.save(update_fields=["status", "moderation_reason", "moderated_at", "updated_at"])
    rating_apply(product_id=review.product_id, before=before, after=Counted.of(status=to_status, rating=review.rating))
    open_reports().filter(review_id=review.pk).update(resolved_at=now)
    return review


@transaction.atomic
def review_reports_dismiss(*, review_id: int) -> int:
    """Close a review's open reports without changing it (staff found nothing wrong). Returns how many
    were closed; idempotent. Raises ``ReviewNotFound``."""
    review = _locked(review_id)
    return open_reports().filter(review_id=review.pk).update(resolved_at=timezone.now())


@transaction.atomic
def review_reply_set(*, review_id: int, text: str) -> Review:
    """Set the merchant's public reply under a review; blank text removes it. Raises ``ReviewNotFound``
    and ``InvalidReview`` (a reply over ``REPLY_MAX_LENGTH`` characters)."""
    cleaned = (text or "").strip()
    if len(cleaned) > REPLY_MAX_LENGTH:
        raise InvalidReview(fields={"reply": [f"Write at most {REPLY_MAX_LENGTH} characters."]})
    review = _locked(review_id)
    if cleaned != review.reply:
        review.reply = cleaned
        review.replied_at = timezone.now() if cleaned else None
        review.save(update_fields=["reply", "replied_at", "updated_at"])
    return review
