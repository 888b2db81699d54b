""" "Recently viewed" and "recommended for you" (promises A4, G3): history has a purpose.

For a user whose personalisation consent is on *now*, both lists come from their own browsing history
(recorded only under that consent): the products they viewed last, and active products of the categories
they viewed that they have not seen yet. Everyone else (signed out, consent off or withdrawn, even with
history left over) gets the non-personalised version: no "recently viewed", and the newest products
for everyone alike (seed 004 §3.3). The consent is read at every call, so a withdrawal counts at once.
"""

from dataclasses import dataclass, field

from django.db.models import Max

from privacy.purposes import PERSONALISATION
from privacy.selectors.consent import consent_is_granted
from shop.models import HistoryEntry, HistoryKind, Product
from shop.selectors.catalog import products_active

LIST_SIZE = 8


@dataclass(frozen=True)
class Recommendations:
    personalised: bool
    recently_viewed: list[Product] = field(default_factory=list)
    recommended: list[Product] = field(default_factory=list)


def _newest(*, exclude: set[int], limit: int) -> list[Product]:
    return list(products_active().exclude(pk__in=exclude).order_by("-created_at", "-id")[:limit])


def recommendations_for(*, user, limit: int = LIST_SIZE) -> Recommendations:
    """The lists to show ``user`` (anonymous allowed). A handful of queries, whatever the history's size."""
    user_id = user.pk if user is not None and user.is_authenticated else None
    if user_id is None or not consent_is_granted(user_id=user_id, purpose=PERSONALISATION):
        return Recommendations(personalised=False, recommended=_newest(exclude=set(), limit=limit))
    viewed = (
        HistoryEntry.objects.filter(user_id=user_id, kind=HistoryKind.VIEW, product__isnull=False)
        .values("product_id")
        .annotate(last=Max("created_at"))
        .order_by("-last")
    )
    viewed_ids = [row["product_id"] for row in viewed[:50]]
    by_id = {product.pk: product for product in products_active().filter(pk__in=viewed_ids[:limit])}
    recently_viewed = [by_id[pk] for pk in viewed_ids[:limit] if pk in by_id]
    categories = set(Product.objects.filter(pk__in=viewed_ids).values_list("category_id", flat=True))
    recommended = list(
        products_active()
        .filter(category_id__in=categories)
        .exclude(pk__in=viewed_ids)
        .order_by("-created_at", "-id")[:limit]
    )
    if len(recommended) < limit:
        taken = set(viewed_ids) | {product.pk for product in recommended}
        recommended += _newest(exclude=taken, limit=limit - len(recommended))
    return Recommendations(personalised=True, recently_viewed=recently_viewed, recommended=recommended)
