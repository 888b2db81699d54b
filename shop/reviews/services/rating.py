"""Keeping each product's rating summary (``ProductRating``) equal to what its published reviews say.

Every change of a review calls ``rating_apply`` with the review's rating and status before and after, in
the transaction that changes the review. The summary moves by relative SQL updates (``count = count + 1``),
so concurrent reviews of one product never lose a change, and the catalog reads the result with a join.
``product_rating_recompute`` rebuilds one product's summary from its reviews, for repairs and checks, and
``product_ratings_recompute`` many at once with a constant number of queries: the account erasure, whose bulk
delete of reviews passes no service, calls it once per erased account (``ratings_after_erasure``).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Count, F, FloatField, Q, Sum
from django.db.models.functions import Cast, NullIf

from orders.models import OrderLine
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


def _figures_by_product(product_ids: list[int]) -> dict[int, dict]:
    rows = (
        Review.objects.filter(product_id__in=product_ids, status=ReviewStatus.PUBLISHED)
        .values("product_id")
        .annotate(
            count=Count("pk"),
            rating_sum=Sum("rating", default=0),
            **{f"stars_{stars}": Count("pk", filter=Q(rating=stars)) for stars in RATINGS},
        )
    )
    return {row.pop("product_id"): row for row in rows}


_SUMMARY_FIELDS = ("count", "rating_sum", *(f"stars_{stars}" for stars in RATINGS))


@transaction.atomic
def product_ratings_recompute(*, product_ids) -> int:
    """Rebuild the summaries of ``product_ids`` that already have one; returns how many changed.

    Three queries whatever the number of products (lock the summaries, count the published reviews per
    product, write the changed ones back), so a bulk delete of many reviews costs one pass per affected product
    together, not one per review. Idempotent; locks the summary rows.
    """
    summaries = list(ProductRating.objects.select_for_update().filter(product_id__in=product_ids))
    if not summaries:
        return 0
    figures = _figures_by_product([summary.product_id for summary in summaries])
    empty = dict.fromkeys(_SUMMARY_FIELDS, 0)
    changed = []
    for summary in summaries:
        now = figures.get(summary.product_id, empty)
        average = rating_average(rating_sum=now["rating_sum"], count=now["count"])
        if any(getattr(summary, name) != now[name] for name in _SUMMARY_FIELDS) or summary.average != average:
            for name in _SUMMARY_FIELDS:
                setattr(summary, name, now[name])
            summary.average = average
            changed.append(summary)
    ProductRating.objects.bulk_update(changed, [*_SUMMARY_FIELDS, "average"])
    return len(changed)


def ratings_after_erasure(*, user_id: int) -> None:
    """Erasure handler (``privacy.erasure_hooks``): after the registry's rules ran, the summaries of the
    products the erased account bought stop counting reviews the erasure deleted (``REVIEWS_ON_ACCOUNT_ERASURE
    = "delete"``). The orders keep their link to the anonymised account, so they say which products."""
    bought = (
        OrderLine.objects.filter(order__user_id=user_id, variant__isnull=False)
        .values_list("variant__product_id", flat=True)
        .distinct()
    )
    product_ratings_recompute(product_ids=bought)
