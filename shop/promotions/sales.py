"""Automatic sales: which are running, and what they do to a price."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from core.money import ZERO, money_percent_of
from shop.promotions.models import Sale, SaleKind
from shop.selectors.catalog_version import CatalogState, catalog_state


@dataclass(frozen=True)
class SaleRule:
    name: str
    kind: str
    value: Decimal
    product_ids: frozenset[int]
    category_ids: frozenset[int]

    def covers(self, product_id: int, category_ids: tuple[int, ...]) -> bool:
        return product_id in self.product_ids or any(category_id in self.category_ids for category_id in category_ids)

    def apply(self, price: Decimal) -> Decimal:
        if self.kind == SaleKind.PERCENTAGE:
            reduced = price - money_percent_of(price, self.value)
        elif self.kind == SaleKind.FIXED_AMOUNT:
            reduced = price - self.value
        else:
            reduced = self.value
        return max(min(reduced, price), ZERO)


def running_sales(*, now=None) -> list[SaleRule]:
    """The sales running at ``now`` (default: now), with the ids they cover: three queries (one when none run)."""
    now = now or timezone.now()
    sales = (
        Sale.objects.filter(is_active=True, starts_at__lte=now)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
        .prefetch_related("products", "categories")
    )
    return [
        SaleRule(
            name=sale.name,
            kind=sale.kind,
            value=sale.value,
            product_ids=frozenset(product.pk for product in sale.products.all()),
            category_ids=frozenset(category.pk for category in sale.categories.all()),
        )
        for sale in sales
    ]


def running_sales_now(state: CatalogState | None = None) -> list[SaleRule]:
    """``running_sales()`` kept with the catalog state (``shop.selectors.catalog_version``; pass it when the
    caller has it): a sale edited moves the catalog version, one starting or ending moves the state, so the
    copy is never stale. No query while the state stays; three (one when none run) once per state."""
    state = state or catalog_state()
    if state is None:
        return running_sales()
    return state.derive("running_sales", running_sales)


def product_category_ids(product) -> tuple[int, ...]:
    """The categories a sale on which covers ``product``: its own and its parent (needs ``category`` loaded)."""
    category = product.category
    return (category.pk, category.parent_id) if category.parent_id else (category.pk,)


def sale_price(
    price: Decimal, *, product_id: int, category_ids: tuple[int, ...], sales: list[SaleRule]
) -> tuple[Decimal, SaleRule | None]:
    """The lowest price any running sale gives ``price``, with that sale; ``(price, None)`` without one."""
    best, best_rule = price, None
    for rule in sales:
        if rule.covers(product_id, category_ids):
            reduced = rule.apply(price)
            if reduced < best:
                best, best_rule = reduced, rule
    return best, best_rule


@dataclass(frozen=True)
class SaleDisplay:
    """What a catalog page shows of a running sale: its name and the reduced price range."""

    name: str
    price_min: Decimal
    price_max: Decimal


def sales_mark_products(products, *, sales: list[SaleRule]) -> None:
    """Set ``product.sale`` (a ``SaleDisplay`` or ``None``) on products carrying ``price_min``/``price_max``
    and their ``category``. No query."""
    for product in products:
        product.sale = None
        if not sales or product.price_min is None:
            continue
        category_ids = product_category_ids(product)
        low, rule = sale_price(product.price_min, product_id=product.pk, category_ids=category_ids, sales=sales)
        if rule is not None:
            high, _ = sale_price(product.price_max, product_id=product.pk, category_ids=category_ids, sales=sales)
            product.sale = SaleDisplay(name=rule.name, price_min=low, price_max=high)


def sales_mark_variants(product, variants, *, sales: list[SaleRule]) -> None:
    """Set ``variant.sale_price`` (``None`` without a sale) on ``product``'s variants. No query."""
    if not sales:
        for variant in variants:
            variant.sale_price = None
        return
    category_ids = product_category_ids(product)
    for variant in variants:
        price, rule = sale_price(variant.price, product_id=product.pk, category_ids=category_ids, sales=sales)
        variant.sale_price = price if rule is not None else None
