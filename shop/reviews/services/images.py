"""Photos of a review: validated like every upload of the site, then stored without their metadata."""

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions

from core.image_metadata import image_without_metadata
from core.image_validation import validate_image, validate_request_pixels
from shop.reviews.conf import max_images
from shop.reviews.errors import InvalidReview
from shop.reviews.models import ReviewImage


def review_images_limit_check(*, total: int) -> None:
    """Raise ``InvalidReview`` naming ``images`` when a review would carry more than ``REVIEWS_MAX_IMAGES``."""
    limit = max_images()
    if total > limit:
        raise InvalidReview(fields={"images": [f"A review can have at most {limit} photos."]})


def review_images_clean(*, uploads: Sequence, existing: int = 0) -> list[ContentFile]:
    """Validate ``uploads`` (type, byte size, dimensions) and re-encode each without metadata (GPS EXIF,
    camera serials, text chunks), under a random name.

    ``existing`` is the number of photos the review keeps; the total may not exceed ``REVIEWS_MAX_IMAGES``.
    Raises ``InvalidReview`` naming ``images`` and each refused file by its position. Writes nothing.
    """
    review_images_limit_check(total=existing + len(uploads))
    problems = []
    for number, upload in enumerate(uploads, start=1):
        try:
            validate_image(upload)
        except ValidationError as error:
            problems += [f"Photo {number}: {message}" for message in error.messages]
    if not problems:
        try:
            validate_request_pixels(uploads)
        except ValidationError as error:
            problems += error.messages
    if problems:
        raise InvalidReview(fields={"images": problems})
    cleaned = []
    for number, upload in enumerate(uploads, start=1):
        try:
            cleaned.append(image_without_metadata(upload))
        except ValidationError as error:
            problems += [f"Photo {number}: {message}" for message in error.messages]
    if problems:
        raise InvalidReview(fields={"images": problems})
    return cleaned


def review_images_store(
    *, review_id: int, images: Sequence[ContentFile], stored: list[str], first_position: int = 0
) -> None:
    """Store the cleaned ``images`` as photos of ``review_id``, adding each stored file's name to ``stored``
    as soon as it is written (so that a caller whose transaction fails can delete the files)."""
    for offset, content in enumerate(images):
        width, height = get_image_dimensions(content)
        photo = ReviewImage(review_id=review_id, position=first_position + offset, width=width, height=height)
        photo.image.save(content.name, content, save=False)
        stored.append(photo.image.name)
        photo.save()


def stored_files_delete(names: Sequence[str]) -> None:
    """Delete stored photo files by name (a missing file is no error)."""
    storage = ReviewImage._meta.get_field("image").storage
    for name in names:
        storage.delete(name)
