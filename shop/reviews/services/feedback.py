"""What other shoppers do with a published review: report it to the moderators (once, with a reason
from a list) or mark it helpful (once)."""

from django.db import IntegrityError, transaction
from django.db.models import F

from shop.reviews.errors import AlreadyReported, AlreadyVoted, InvalidReview, OwnReview, ReviewNotFound
from shop.reviews.models import HelpfulVote, ReportReason, Review, ReviewReport, ReviewStatus

NOTE_MAX_LENGTH = ReviewReport._meta.get_field("note").max_length


def _published(review_id: int) -> Review:
    review = Review.objects.filter(pk=review_id, status=ReviewStatus.PUBLISHED).only("id", "user_id").first()
    if review is None:
        raise ReviewNotFound()
    return review


@transaction.atomic
def review_report(*, user, review_id: int, reason: str, note: str = "") -> ReviewReport:
    """Report a published review of someone else, once; the review joins the moderation queue.

    Raises ``ReviewNotFound`` (no such published review), ``OwnReview``, ``InvalidReview`` (a reason not
    in ``ReportReason``, a note over ``NOTE_MAX_LENGTH``) and ``AlreadyReported`` (a second report by the
    same shopper, even after staff closed the first).
    """
    if reason not in ReportReason.values:
        raise InvalidReview(fields={"reason": [f"Choose one of: {', '.join(ReportReason.values)}."]})
    note = (note or "").strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidReview(fields={"note": [f"Write at most {NOTE_MAX_LENGTH} characters."]})
    review = _published(review_id)
    if review.user_id == user.pk:
        raise OwnReview()
    try:
        with transaction.atomic():
            return ReviewReport.objects.create(review=review, reporter=user, reason=reason, note=note)
    except IntegrityError:
        raise AlreadyReported() from None


@transaction.atomic
def review_mark_helpful(*, user, review_id: int) -> int:
    """Record that ``user`` found a published review of someone else helpful, once; returns the review's
    new helpful count (kept on the review for the "most helpful" ordering, by a relative update).

    Raises ``ReviewNotFound``, ``OwnReview`` and ``AlreadyVoted``.
    """
    review = _published(review_id)
    if review.user_id == user.pk:
        raise OwnReview()
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(review=review, voter=user)
    except IntegrityError:
        raise AlreadyVoted() from None
    Review.objects.filter(pk=review.pk).update(helpful_count=F("helpful_count") + 1)
    return Review.objects.filter(pk=review.pk).values_list("helpful_count", flat=True).get()
