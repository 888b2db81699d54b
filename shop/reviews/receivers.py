"""What follows a deleted review photo, whoever deleted it.

Photos are deleted with their review by its author (``review_delete``), by the privacy engine's erasure of an
account under ``REVIEWS_ON_ACCOUNT_ERASURE = "delete"`` (a bulk delete driven by the registry) and by cascades
from a deleted product, order or user. ``post_delete`` is the one place all of them pass, and it only announces
what happened: the file is removed from storage once that transaction commits (never before: a rolled back
delete must still find its file).

The product's rating summary is not kept here: the review services change it with the review
(``shop.reviews.services.rating``), and the erasure recomputes the products it touched once per account
(``ratings_after_erasure``, an erasure handler).
"""

from functools import partial

from django.db import transaction

from shop.reviews.models import ReviewImage
from shop.reviews.services.images import stored_files_delete


def review_image_deleted(sender, instance: ReviewImage, **kwargs) -> None:
    if instance.image.name:
        transaction.on_commit(partial(stored_files_delete, [instance.image.name]))
