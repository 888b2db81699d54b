"""What follows a deleted review or photo, whoever deleted it.

Reviews are deleted by their author (``review_delete``), but also by paths this app does not own: the
privacy engine's erasure of an account under ``REVIEWS_ON_ACCOUNT_ERASURE = "delete"`` (a bulk delete
driven by the registry) and cascades from a deleted product, order or user. ``post_delete`` is the one
place all of them pass, so two pieces of derived state are settled here rather than in each caller:

* the product's rating summary stops counting a deleted published review (``rating_apply``, in the
  deleting transaction);
* a deleted photo's file is removed from storage once that transaction commits (never before: a rolled
  back delete must still find its file).
"""

from functools import partial

from django.db import transaction

from shop.reviews.models import Review, ReviewImage
from shop.reviews.services.images import stored_files_delete
from shop.reviews.services.rating import NOT_COUNTED, Counted, rating_apply


def review_deleted(sender, instance: Review, **kwargs) -> None:
    rating_apply(
        product_id=instance.product_id,
        before=Counted.of(status=instance.status, rating=instance.rating),
        after=NOT_COUNTED,
    )


def review_image_deleted(sender, instance: ReviewImage, **kwargs) -> None:
    if instance.image.name:
        transaction.on_commit(partial(stored_files_delete, [instance.image.name]))
