"""Catalog reads: the category tree, the product list (search, filters, ordering) and one product.

The API and the website call the same functions, so both show the same products in the same order.
Every function issues a fixed number of queries whatever the number of rows: aggregates are computed
in SQL and related rows come from ``prefetch_related``, never from a loop.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache as shared_cache
from django.db import connection
from django.db.models import (
    CharField,
    Exists,
    Expression,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.db.models.query import ModelIterable
from django.utils.translation import gettext, gettext_lazy

from core.errors import DomainError, NotFound
from shop.codes import ErrorCode
from shop.models import Category, Product, ProductImage, ProductVariant
from shop.selectors.catalog_version import catalog_version

# Accepted ``ordering`` values and their labels on the website.
PRODUCT_ORDERINGS = {
    "price": gettext_lazy("Price, low to high"),
    "-price": gettext_lazy("Price, high to low"),
    "newest": gettext_lazy("Newest first"),
    "title": gettext_lazy("Title, A to Z"),
    "-title": gettext_lazy("Title, Z to A"),
}
SEARCH_CONFIG = "english"


class UnknownCategory(DomainError):
    """A category filter names a slug that does not exist; rendered like any invalid query parameter."""

    code = ErrorCode.INVALID
    status_code = 400
    default_detail = gettext_lazy("The submitted data is not valid.")


@dataclass
class CategoryNode:
    """One category of the tree, with its children in display order."""

    id: int
    name: str
    slug: str
    parent_id: int | None
    children: list["CategoryNode"] = field(default_factory=list)


def _categories() -> list[Category]:
    """Every category (few, and they change rarely): one query, then kept in the cache per catalog version,
    which every category change moves (``shop.services.catalog_version``)."""
    version = catalog_version()
    key = f"catalog:categories:{version}"
    categories = shared_cache.get(key) if version is not None else None
    if categories is None:
        categories = list(Category.objects.only("id", "name", "slug", "parent_id", "position"))
        if version is not None:
            shared_cache.set(key, categories, timeout=3600)
    return categories


def category_tree() -> list[CategoryNode]:
    """The whole tree as root nodes with nested ``children``, from one query.

    Categories are few and change rarely, so loading them all and linking them in Python is cheaper
    than any per-level query.
    """
    categories = _categories()
    nodes = {c.id: CategoryNode(id=c.id, name=c.name, slug=c.slug, parent_id=c.parent_id) for c in categories}
    roots: list[CategoryNode] = []
    for category in categories:
        node = nodes[category.id]
        parent = nodes.get(category.parent_id) if category.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def category_subtree_ids(*, slug: str) -> list[int]:
    """Ids of the category named by ``slug`` and of all its descendants, at any depth (one query).

    Raises ``UnknownCategory`` when no category has this slug.
    """
    categories = _categories()
    start = next((c for c in categories if c.slug == slug), None)
    if start is None:
        raise UnknownCategory(fields={"category": [f"Unknown category “{slug}”."]})
    children: dict[int | None, list[int]] = defaultdict(list)
    for category in categories:
        children[category.parent_id].append(category.id)
    ids, pending = [], [start.id]
    while pending:
        current = pending.pop()
        ids.append(current)
        pending.extend(children[current])
    return ids


def category_ancestors(*, category_id: int) -> list[Category]:
    """The ancestors of a category, root first, excluding the category itself (one query)."""
    by_id = {c.id: c for c in _categories()}
    ancestors: list[Category] = []
    current = by_id.get(category_id)
    seen = {category_id}
    while current is not None and current.parent_id and current.parent_id not in seen:
        seen.add(current.parent_id)
        current = by_id.get(current.parent_id)
        if current is not None:
            ancestors.append(current)
    ancestors.reverse()
    return ancestors


def _active_variant_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}is_active": True})


def _active_variants_of_row() -> QuerySet[ProductVariant]:
    """The active variants of the product on the current row of the outer query."""
    return ProductVariant.objects.filter(_active_variant_q(), product=OuterRef("pk"))


class ProductQuerySet(QuerySet):
    """Products whose slices (the pages a paginator takes) select the page's ids first, in the same statement.

    ``qs[a:b]`` runs as ``... WHERE id IN (SELECT id ... ORDER BY ... LIMIT b - a OFFSET a) ORDER BY ...``.
    The inner select reads only what filtering and ordering need, so newest-first walks the ``created_at``
    index and a skipped OFFSET row costs an index step; the per-product subqueries of ``products_active``
    then run for the rows of the page alone, not for every skipped row. The outer query keeps the
    filters and the ordering, so the page holds the same rows in the same order as a plain slice (slicing
    the page again nests one more such selection: still one statement, same rows).
    """

    def __getitem__(self, k):
        if (
            not isinstance(k, slice)
            or k.step is not None
            or self._result_cache is not None
            or self._iterable_class is not ModelIterable
            or self.query.is_sliced
        ):
            return super().__getitem__(k)
        return self.filter(pk__in=self.values("pk")[k])


def _product_summary() -> dict[str, Expression]:
    """The per-product annotations of ``products_active``: correlated subqueries over one product's rows."""
    variants = _active_variants_of_row()
    stock = variants.order_by().values("product").annotate(total=Sum("stock")).values("total")
    first_image = ProductImage.objects.filter(product=OuterRef("pk")).order_by("position", "id").values("image")
    return {
        # ORDER BY ... LIMIT 1 rather than MIN(): one probe of the variants' active-price index per product,
        # which sorting 10,000 products by price does for every one of them.
        "price_min": Subquery(variants.order_by("price").values("price")[:1]),
        "price_max": Subquery(variants.order_by("-price").values("price")[:1]),
        "total_stock": Coalesce(Subquery(stock), Value(0), output_field=IntegerField()),
        "first_image": Subquery(first_image[:1], output_field=CharField()),
    }


# What a list item shows (``ProductListSerializer``): no description, no search vector, no timestamps.
_LIST_COLUMNS = (
    "id", "slug", "title", "brand", "category_id", "created_at",
    "category__id", "category__slug", "category__name", "category__parent_id",
    "rating__product_id", "rating__count", "rating__average",
    "rating__stars_1", "rating__stars_2", "rating__stars_3", "rating__stars_4", "rating__stars_5",
)  # fmt: skip


@cache
def _active_products(*, with_images: bool, for_list: bool = False) -> ProductQuerySet:
    # Built once and cloned per call, as a DRF view clones its ``queryset`` attribute: resolving the
    # subqueries takes longer than PostgreSQL takes to run them for a page. Never evaluated itself.
    queryset = (
        ProductQuerySet(model=Product)
        .filter(is_active=True)
        # ``rating``: the summary the reviews app keeps per product (a reverse one-to-one), joined.
        .select_related("category", "rating")
        .defer("search_vector")
        .annotate(**_product_summary())
    )
    if for_list:
        queryset = queryset.only(*_LIST_COLUMNS)
    if with_images:
        queryset = queryset.prefetch_related(
            Prefetch("images", queryset=ProductImage.objects.order_by("position", "id"))
        )
    return queryset


def products_active(*, with_images: bool = False, for_list: bool = False) -> ProductQuerySet:
    """Active products with their price range, stock and first image computed in SQL, ready to serialise.

    Each product carries ``price_min``, ``price_max`` (over active variants; ``None`` without any),
    ``total_stock`` (over active variants; in stock when above 0), ``first_image`` (the stored name of
    its first image in display order; ``None`` without any), its category and its rating summary
    (``rating``, joined; absent before the first published review). ``with_images`` also
    prefetches all its images in display order, for the pages that show them. Add annotations in
    ``_product_summary`` to show them on both the list and the detail. ``for_list`` loads only the columns a
    list item shows (no description).

    The figures are correlated subqueries, not a join with ``GROUP BY``: PostgreSQL computes them only
    for the rows it returns, ``count()`` leaves them out, and a slice computes them for its page alone
    (``ProductQuerySet``).
    """
    return _active_products(with_images=with_images, for_list=for_list).all()


def _search(queryset: QuerySet[Product], q: str) -> QuerySet[Product]:
    if connection.vendor == "postgresql":
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        return queryset.filter(search_vector=query).annotate(rank=SearchRank(F("search_vector"), query))
    # SQLite has no search vector: every word must appear in the title or the description.
    for word in q.split():
        queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return queryset


def _ordered(queryset: QuerySet[Product], *, ordering: str, searched: bool) -> QuerySet[Product]:
    newest = (F("created_at").desc(), F("id").desc())
    if ordering == "price":
        return queryset.order_by(F("price_min").asc(nulls_last=True), *newest)
    if ordering == "-price":
        return queryset.order_by(F("price_min").desc(nulls_last=True), *newest)
    if ordering == "title":
        return queryset.order_by("title", "id")
    if ordering == "-title":
        return queryset.order_by("-title", "-id")
    if not ordering and searched and "rank" in queryset.query.annotations:
        return queryset.order_by(F("rank").desc(), *newest)
    return queryset.order_by(*newest)


def _narrowed(
    queryset: QuerySet[Product],
    *,
    q: str = "",
    category: str = "",
    min_price: Decimal | None = None,
    max_price: Decimal | None = None,
    in_stock: bool | None = None,
    brand: str = "",
) -> QuerySet[Product]:
    q = (q or "").strip()
    if q:
        queryset = _search(queryset, q)
    if category:
        queryset = queryset.filter(category_id__in=category_subtree_ids(slug=category))
    if min_price is not None or max_price is not None:
        priced = ProductVariant.objects.filter(_active_variant_q(), product=OuterRef("pk"))
        if min_price is not None:
            priced = priced.filter(price__gte=min_price)
        if max_price is not None:
            priced = priced.filter(price__lte=max_price)
        queryset = queryset.filter(Exists(priced))
    if in_stock is not None:
        stocked = Exists(ProductVariant.objects.filter(_active_variant_q(), product=OuterRef("pk"), stock__gt=0))
        queryset = queryset.filter(stocked if in_stock else ~stocked)
    if brand:
        queryset = queryset.filter(brand__iexact=brand.strip())
    return queryset


def products_filter(queryset: QuerySet[Product], *, ordering: str = "", **filters) -> QuerySet[Product]:
    """Narrow and order a product queryset (normally ``products_active()``).

    - ``q``: full-text search (PostgreSQL ``websearch`` syntax, ranked); on SQLite every word must occur
      in the title or the description.
    - ``category``: a slug; products of that category and of all its sub-categories. Raises
      ``UnknownCategory`` for an unknown slug.
    - ``min_price`` / ``max_price``: some active variant is priced within the range.
    - ``in_stock``: some active variant has stock (``True``) or none has (``False``).
    - ``brand``: exact brand, case-insensitive.
    - ``ordering``: one of ``PRODUCT_ORDERINGS``; empty means relevance when searching, else newest.
      ``price`` sorts by the lowest price ("from ...").
    """
    return _ordered(
        _narrowed(queryset, **filters), ordering=ordering or "", searched=bool((filters.get("q") or "").strip())
    )


def product_count(*, ordering: str = "", **filters) -> int:
    """How many active products ``products_filter`` with these filters lists: one ``COUNT`` on the product
    table alone, without the annotations and joins of ``products_active`` (nothing to build or compile twice)."""
    return _narrowed(Product.objects.filter(is_active=True), **filters).count()


def product_list(**filters) -> QuerySet[Product]:
    """Active products narrowed and ordered by ``products_filter`` (same keyword arguments)."""
    return products_filter(products_active(), **filters)


def product_get(*, slug: str) -> Product:
    """One active product for its page: active variants in ``active_variants``, images, price range,
    and ``category.ancestors`` (root first) for the breadcrumbs. Four queries whatever its size.

    Raises ``NotFound`` when no active product has this slug.
    """
    queryset = products_active(with_images=True).prefetch_related(
        Prefetch(
            "variants",
            queryset=ProductVariant.objects.filter(is_active=True).order_by("id"),
            to_attr="active_variants",
        )
    )
    try:
        product = queryset.get(slug=slug)
    except Product.DoesNotExist:
        raise NotFound(gettext("No such product.")) from None
    product.category.ancestors = category_ancestors(category_id=product.category_id)
    return product
