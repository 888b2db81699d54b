"""``{% product_reviews product %}``: the rating summary and a page of published reviews on the product
page. A template tag, so the catalog's view and templates need no import of this app.

Reads ``?reviews_ordering=`` and ``?reviews_page=`` from the request. Three queries (count, page,
photos) whatever the number of reviews; the summary comes joined with the product
(``products_active`` selects ``rating``).
"""

from django import template
from django.core.paginator import Paginator

from shop.reviews.display import author_avatar_name, author_nickname, variant_label
from shop.reviews.models import RATINGS
from shop.reviews.selectors import DEFAULT_REVIEW_ORDERING, REVIEW_ORDERINGS, product_rating_of, reviews_published

register = template.Library()

REVIEWS_PER_PAGE = 10


def _histogram(summary) -> list[dict]:
    counts = summary.histogram if summary is not None else dict.fromkeys(RATINGS, 0)
    total = sum(counts.values())
    return [
        {"stars": stars, "count": counts[stars], "percent": round(100 * counts[stars] / total) if total else 0}
        for stars in reversed(RATINGS)
    ]


@register.inclusion_tag("reviews/_product_reviews_block.html", takes_context=True)
def product_reviews(context, product) -> dict:
    request = context.get("request")
    query = request.GET if request is not None else {}
    ordering = query.get("reviews_ordering") or DEFAULT_REVIEW_ORDERING
    if ordering not in REVIEW_ORDERINGS:
        ordering = DEFAULT_REVIEW_ORDERING
    reviews = reviews_published(product_id=product.pk, ordering=ordering)
    page = Paginator(reviews, REVIEWS_PER_PAGE).get_page(query.get("reviews_page"))
    user = getattr(request, "user", None)
    summary = product_rating_of(product)
    return {
        "product": product,
        "summary": summary,
        "histogram": _histogram(summary),
        "stars_shown": int(summary.average.to_integral_value()) if summary is not None and summary.average else 0,
        "page": page,
        "ordering": ordering,
        "orderings": REVIEW_ORDERINGS,
        "signed_in": bool(user and user.is_authenticated),
        "user_id": user.pk if user is not None and user.is_authenticated else None,
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag
def review_author(review) -> dict:
    """``{"nickname", "avatar"}`` of a review's author: all a page may show of them."""
    avatar = author_avatar_name(review.user)
    return {"nickname": author_nickname(review.user), "avatar": review.user.avatar.url if avatar else ""}


@register.filter
def review_variant(review) -> str:
    return variant_label(review.order_line.attributes)
