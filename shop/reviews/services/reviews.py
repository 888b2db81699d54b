"""A buyer's reviews: post, edit within the window, delete at any time.

Each service owns its transaction and keeps the product's rating summary in step with the review
(``shop.reviews.services.rating``). Photos are re-encoded without metadata before anything is written;
files written by a transaction that then fails are deleted again.
"""

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.utils import timezone

from privacy.selectors.minors import user_is_restricted
from shop.reviews.conf import Moderation, moderation, text_length_limits
from shop.reviews.display import review_is_editable
from shop.reviews.errors import (
    AlreadyReviewed,
    EditWindowClosed,
    GuardianConsentRequired,
    InvalidReview,
    ReviewNotFound,
)
from shop.reviews.models import RATING_MAX, RATING_MIN, Review, ReviewImage, ReviewStatus
from shop.reviews.selectors import order_line_reviewable
from shop.reviews.services.images import (
    review_images_clean,
    review_images_limit_check,
    review_images_store,
    stored_files_delete,
)
from shop.reviews.services.rating import NOT_COUNTED, Counted, rating_apply

T = TypeVar("T")


def review_rating_clean(rating) -> int:
    """``rating`` as an integer from 1 to 5. Raises ``InvalidReview`` naming ``rating``."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not RATING_MIN <= rating <= RATING_MAX:
        raise InvalidReview(fields={"rating": [f"Give a rating from {RATING_MIN} to {RATING_MAX} stars."]})
    return rating


def review_text_clean(text: str) -> str:
    """``text`` trimmed, within ``REVIEWS_TEXT_MIN_LENGTH`` and ``REVIEWS_TEXT_MAX_LENGTH``. Raises
    ``InvalidReview`` naming ``text``."""
    cleaned = (text or "").strip()
    shortest, longest = text_length_limits()
    if len(cleaned) < shortest:
        raise InvalidReview(fields={"text": [f"Write at least {shortest} characters."]})
    if len(cleaned) > longest:
        raise InvalidReview(fields={"text": [f"Write at most {longest} characters."]})
    return cleaned


def _refuse_restricted(user) -> None:
    if user_is_restricted(user=user):
        raise GuardianConsentRequired()


def _deleting_files_on_failure(work: Callable[[list[str]], T]) -> T:
    """Run ``work(stored)`` in a transaction; if it fails, delete the files it listed in ``stored``."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            return work(stored)
    except BaseException:
        stored_files_delete(stored)
        raise


def review_create(
    *, user, order_line_id: int, rating: int, text: str, images: Sequence = (), product_id: int | None = None
) -> Review:
    """Post ``user``'s review of one of their order lines, with up to ``REVIEWS_MAX_IMAGES`` photos.

    Published at once or left pending, as ``REVIEWS_MODERATION`` says; a published review counts in
    the product's rating summary in the same transaction. ``product_id``, when given (the API's route names
    the product), must be the line's product.

    Raises ``GuardianConsentRequired`` (a minor without a guardian's consent), ``NotABuyer`` (not the
    buyer's line of a delivered or completed order), ``InvalidReview`` (rating, text, photos, or a line
    of another product), ``AlreadyReviewed`` (the line has its review; ``review`` says which). Safe
    against a double submit: the database keeps one review per line.
    """
    _refuse_restricted(user)
    line = order_line_reviewable(user=user, order_line_id=order_line_id)
    line_product_id = line.variant.product_id if line.variant is not None else None
    if line_product_id is None or (product_id is not None and line_product_id != product_id):
        raise InvalidReview(fields={"order_line": ["This purchase is not of this product."]})
    existing = Review.objects.filter(order_line_id=line.pk).values_list("pk", flat=True).first()
    if existing is not None:
        raise AlreadyReviewed(review=existing)
    rating = review_rating_clean(rating)
    text = review_text_clean(text)
    cleaned_images = review_images_clean(uploads=images)
    status = ReviewStatus.PUBLISHED if moderation() is Moderation.PUBLISH else ReviewStatus.PENDING

    def create(stored: list[str]) -> Review:
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    user=user, order_line=line, product_id=line_product_id, rating=rating, text=text, status=status
                )
        except IntegrityError:
            raise AlreadyReviewed(
                review=Review.objects.filter(order_line_id=line.pk).values_list("pk", flat=True).first()
            ) from None
        review_images_store(review_id=review.pk, images=cleaned_images, stored=stored)
        rating_apply(product_id=line_product_id, before=NOT_COUNTED, after=Counted.of(status=status, rating=rating))
        return review

    return _deleting_files_on_failure(create)


def _status_after_edit(status: str) -> str:
    # An edit of a review staff turned down, or under approve-first moderation, goes back to the queue.
    if status == ReviewStatus.PUBLISHED and moderation() is Moderation.PUBLISH:
        return ReviewStatus.PUBLISHED
    return ReviewStatus.PENDING


def review_update(
    *,
    user,
    review_id: int,
    rating: int | None = None,
    text: str | None = None,
    images: Sequence = (),
    remove_image_ids: Sequence[int] = (),
) -> Review:
    """Change ``user``'s own review while ``REVIEWS_EDIT_WINDOW`` lasts: rating, text, photos to add
    (``images``) and photos to drop (``remove_image_ids``). ``None``/empty leaves a part as it is.

    A changed review of a published status stays published under ``publish`` moderation; under
    ``approve_first``, or when staff had rejected or hidden it, it goes back to the moderation queue.
    The rating summary follows in the same transaction; dropped photos' files are deleted once it commits.
    Locks the review row.

    Raises ``ReviewNotFound`` (not the user's), ``GuardianConsentRequired``, ``EditWindowClosed``,
    ``InvalidReview`` (rating, text, photos, or photo ids not of this review).
    """
    _refuse_restricted(user)
    current = Review.objects.filter(pk=review_id, user=user).only("id", "created_at").first()
    if current is None:
        raise ReviewNotFound()
    if not review_is_editable(current):
        raise EditWindowClosed()
    rating = review_rating_clean(rating) if rating is not None else None
    text = review_text_clean(text) if text is not None else None
    remove_ids = set(remove_image_ids)
    photo_ids = set(ReviewImage.objects.filter(review_id=review_id).values_list("pk", flat=True))
    if unknown := remove_ids - photo_ids:
        raise InvalidReview(fields={"remove_images": [f"No such photo on this review: {sorted(unknown)}."]})
    cleaned_images = review_images_clean(uploads=images, existing=len(photo_ids - remove_ids))

    def update(stored: list[str]) -> Review:
        review = Review.objects.select_for_update().filter(pk=review_id).first()
        if review is None:  # deleted meanwhile
            raise ReviewNotFound()
        kept = ReviewImage.objects.filter(review_id=review_id).exclude(pk__in=remove_ids)
        kept_count = kept.count()
        review_images_limit_check(total=kept_count + len(cleaned_images))
        changed = (
            (rating is not None and rating != review.rating)
            or (text is not None and text != review.text)
            or bool(remove_ids)
            or bool(cleaned_images)
        )
        if not changed:
            return review
        before = Counted.of(status=review.status, rating=review.rating)
        review.rating = rating if rating is not None else review.rating
        review.text = text if text is not None else review.text
        new_status = _status_after_edit(review.status)
        if new_status != review.status:
            review.status = new_status
            review.moderation_reason = ""
            review.moderated_at = None
        review.edited_at = timezone.now()
        review.save()
        if remove_ids:
            # Row by row so that each photo's file is deleted after the commit (shop.reviews.receivers).
            for photo in ReviewImage.objects.filter(review_id=review_id, pk__in=remove_ids):
                photo.delete()
        last = kept.order_by("-position").values_list("position", flat=True).first()
        review_images_store(
            review_id=review_id, images=cleaned_images, stored=stored, first_position=0 if last is None else last + 1
        )
        rating_apply(
            product_id=review.product_id, before=before, after=Counted.of(status=review.status, rating=review.rating)
        )
        return review

    return _deleting_files_on_failure(update)


@transaction.atomic
def review_delete(*, user, review_id: int) -> None:
    """Delete ``user``'s own review at any time, with its photos, reports and votes.

    The row goes at once and the product's rating summary stops counting it, in this transaction; the photo
    files are deleted from storage as soon as it commits (``shop.reviews.receivers``, which every deletion of
    a photo passes through). Locks the review row. Raises ``ReviewNotFound`` for anyone else's review or one
    already deleted.
    """
    review = Review.objects.select_for_update().filter(pk=review_id, user=user).first()
    if review is None:
        raise ReviewNotFound()
    counted = Counted.of(status=review.status, rating=review.rating)
    review.delete()
    rating_apply(product_id=review.product_id, before=counted, after=NOT_COUNTED)
