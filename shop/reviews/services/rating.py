"""Keeping each product's rating summary (``ProductRating``) equal to what its published reviews say.

Every change of a review calls ``rating_apply`` with the review's rating and status before and after, in
the transaction that changes the review. The summary moves by relative SQL updates (``count = count + 1``),
so concurrent reviews of one product never lose a change, and the catalog reads the result with a join.
``product_rating_recompute`` rebuilds one product's summary from its reviews, for repairs and checks.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, NullIf

from shop.reviews.models import RATINGS, ProductRating, Review, ReviewStatus
from shop.services.catalog_version import catalog_version_bump


@dataclass(frozen=True)
class Counted:
    """What one review contributes to its product's summary: its rating, if it is published."""

    rating: int | None

    @classmethod
    def of(cls, *, status: str, rating: int) -> "Counted":
        return cls(rating if status == ReviewStatus.PUBLISHED else None)


NOT_COUNTED = Counted(None)


def rating_apply(*, product_id: int, before: Counted, after: Counted) -> None:
    """Move ``product_id``'s summary from counting ``before`` to counting ``after`` (either may count nothing).

    One ``INSERT ... ON CONFLICT DO NOTHING`` (the summary row of a first review) and one relative
    ``UPDATE``, which also locks the row until the caller's transaction ends; no query when nothing
    changes. Call it inside the transaction that changes the review.
    """
    if before == after:
        return
    count_delta = (after.rating is not None) - (before.rating is not None)
    sum_delta = (after.rating or 0) - (before.rating or 0)
    changes = {}
    for stars in RATINGS:
        delta = (after.rating == stars) - (before.rating == stars)
        if delta:
            changes[f"stars_{stars}"] = F(f"stars_{stars}") + delta
    new_count = F("count") + count_delta
    new_sum = F("rating_sum") + sum_delta
    # The right-hand sides all read the row as it was before this UPDATE (SQL semantics).
    changes.update(
        count=new_count,
        rating_sum=new_sum,
        average=Cast(new_sum, FloatField()) / NullIf(new_count, 0),
    )
    if after.rating is not None:
        ProductRating.objects.bulk_create([ProductRating(product_id=product_id)], ignore_conflicts=True)
    ProductRating.objects.filter(product_id=product_id).update(**changes)
    # The catalog shows the summary: its reads must not answer from before this change.
    catalog_version_bump()


def rating_average(*, rating_sum: int, count: int) -> Decimal | None:
    """The average rounded to two places, half away from zero as PostgreSQL rounds; None without ratings."""
    if not count:
        return None
    return (Decimal(rating_sum) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@transaction.atomic
def product_rating_recompute(*, product_id: int) -> ProductRating:
    """Rebuild ``product_id``'s summary from its published reviews and return it. Idempotent; locks the
    summary row. Two queries plus the row's creation for a product rated for the first time."""
    published = Review.objects.filter(product_id=product_id, status=ReviewStatus.PUBLISHED)
    figures = published.aggregate(
        count=Count("pk"),
        rating_sum=Sum("rating", default=0),
        **{f"stars_{stars}": Count("pk", filter=Q(rating=stars)) for stars in RATINGS},
    )
    summary, _ = ProductRating.objects.select_for_update().get_or_create(product_id=product_id)
    for name, value in figures.items():
        setattr(summary, name, value)
    summary.average = rating_average(rating_sum=summary.rating_sum, count=summary.count)
    summary.save()
    catalog_version_bump()
    return summary
