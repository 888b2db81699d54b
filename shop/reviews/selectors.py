"""Review reads: a product's published reviews, one review for its reader, a shopper's own reviews, the
order lines they may review, and the moderation queue.

Every list issues a fixed number of queries whatever its length: the author and the order line come
by join, the photos by one prefetch.
"""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from core.errors import NotFound
from orders.models import OrderLine, OrderStatus
from shop.models import Product
from shop.reviews.errors import NotABuyer, ReviewNotFound
from shop.reviews.models import ProductRating, Review, ReviewImage, ReviewReport, ReviewStatus

# Accepted ``ordering`` values of a product's review list, and their labels on the website.
REVIEW_ORDERINGS = {
    "newest": pgettext_lazy("review ordering", "Newest first"),
    "helpful": gettext_lazy("Most helpful first"),
    "-rating": gettext_lazy("Highest rating first"),
    "rating": gettext_lazy("Lowest rating first"),
}
DEFAULT_REVIEW_ORDERING = "newest"
_NEWEST = ("-created_at", "-id")
_ORDER_BY = {
    "newest": _NEWEST,
    "helpful": ("-helpful_count", *_NEWEST),
    "-rating": ("-rating", *_NEWEST),
    "rating": ("rating", *_NEWEST),
}
# Orders whose lines can be reviewed: the buyer has the goods.
REVIEWABLE_ORDER_STATUSES = (OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED)

# What showing a review reads: never the author's email or name, only their nickname and avatar.
_SHOWN_FIELDS = (
    "id",
    "user_id",
    "order_line_id",
    "product_id",
    "rating",
    "text",
    "status",
    "created_at",
    "edited_at",
    "moderation_reason",
    "moderated_at",
    "helpful_count",
    "reply",
    "replied_at",
    "user__id",
    "user__nickname",
    "user__avatar",
    "order_line__id",
    "order_line__attributes",
    "product__id",
    "product__slug",
    "product__title",
)


def _shown(queryset: QuerySet[Review]) -> QuerySet[Review]:
    return (
        queryset.select_related("user", "order_line", "product")
        .only(*_SHOWN_FIELDS)
        .prefetch_related(Prefetch("images", queryset=ReviewImage.objects.order_by("position", "id")))
    )


def product_for_reviews(*, slug: str) -> Product:
    """The active product ``slug`` (its id and title only). Raises ``NotFound``."""
    product = Product.objects.filter(slug=slug, is_active=True).only("id", "slug", "title").first()
    if product is None:
        raise NotFound(gettext("No such product."))
    return product


def reviews_published(*, product_id: int, ordering: str = DEFAULT_REVIEW_ORDERING) -> QuerySet[Review]:
    """The published reviews of ``product_id`` in one of ``REVIEW_ORDERINGS`` (newest for anything else),
    each with its author's nickname and avatar, the variant bought and its photos (two queries a page)."""
    order_by = _ORDER_BY.get(ordering, _ORDER_BY[DEFAULT_REVIEW_ORDERING])
    return _shown(Review.objects.filter(product_id=product_id, status=ReviewStatus.PUBLISHED)).order_by(*order_by)


def review_get_visible(*, review_id: int, user) -> Review:
    """Review ``review_id`` as ``user`` may see it: their own in any status, anyone's once published.

    Raises ``ReviewNotFound`` otherwise, exactly as for a review that does not exist.
    """
    visible = Q(status=ReviewStatus.PUBLISHED)
    if user is not None and user.is_authenticated:
        visible |= Q(user=user)
    review = _shown(Review.objects.filter(visible, pk=review_id)).first()
    if review is None:
        raise ReviewNotFound()
    return review


def reviews_of_user(*, user) -> QuerySet[Review]:
    """``user``'s own reviews, newest first, in every status, with the reason of a moderation."""
    return _shown(Review.objects.filter(user=user)).order_by(*_NEWEST)


def review_own_get(*, user, review_id: int) -> Review:
    """``user``'s review ``review_id`` (any status). Raises ``ReviewNotFound`` for anyone else's."""
    review = _shown(Review.objects.filter(user=user, pk=review_id)).first()
    if review is None:
        raise ReviewNotFound()
    return review


def order_line_reviewable(*, user, order_line_id: int) -> OrderLine:
    """The order line ``order_line_id`` of ``user``'s delivered or completed order, with its variant's
    product. One query. Raises ``NotABuyer`` for another shopper's line, an undelivered order or an
    unknown line alike (nothing tells which)."""
    line = (
        OrderLine.objects.select_related("order", "variant__product")
        .filter(pk=order_line_id, order__user=user, order__status__in=REVIEWABLE_ORDER_STATUSES)
        .first()
        if user is not None and user.is_authenticated
        else None
    )
    if line is None:
        raise NotABuyer()
    return line


def review_of_order_line(*, user, order_line_id: int) -> Review | None:
    """``user``'s review of the order line, if they wrote one."""
    return Review.objects.filter(user=user, order_line_id=order_line_id).only("id").first()


def product_rating_of(product: Product) -> ProductRating | None:
    """The product's rating summary, or None before its first published review. No query after a
    selector that joined it (``select_related("rating")``)."""
    return getattr(product, "rating", None)


def open_reports() -> QuerySet[ReviewReport]:
    return ReviewReport.objects.filter(resolved_at__isnull=True)


def reviews_needing_moderation() -> QuerySet[Review]:
    """Reviews waiting for approval, and reviews with a report staff have not acted on, oldest first."""
    reported = Exists(open_reports().filter(review=OuterRef("pk")))
    return Review.objects.filter(Q(status=ReviewStatus.PENDING) | reported).order_by("created_at", "id")
