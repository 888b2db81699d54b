"""Cart reads: find the caller's cart without creating one, and build the priced view of its lines.

A visitor's cart is referenced from their session (``CART_SESSION_KEY``); a signed-in user's cart is
``Cart.user``. Prices are always the variants' current prices, and every amount is a ``Decimal``.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.files.storage import default_storage
from django.db.models import OuterRef, Subquery, Sum

from core.money import CENT as MONEY_CENT
from shop.models import Cart, CartItem, ProductImage, ProductVariant
from shop.pricing.cart import CartPricing, cart_pricing

CART_SESSION_KEY = "shop_cart_id"
CART_NOTICES_SESSION_KEY = "shop_cart_notices"
CENT = MONEY_CENT


@dataclass(frozen=True)
class CartNotice:
    """Something the shopper should know about a line changed behind their back (at login merge)."""

    code: str
    sku: str
    detail: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "sku": self.sku, "detail": self.detail}


@dataclass(frozen=True)
class CartLine:
    id: int
    variant: ProductVariant
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    available: bool
    image_name: str | None
    original_unit_price: Decimal | None = None
    sale_name: str = ""
    line_discount: Decimal = Decimal("0.00")
    tax_rate: Decimal = Decimal("0.00")
    line_net: Decimal = Decimal("0.00")
    line_tax: Decimal = Decimal("0.00")

    @property
    def image_url(self) -> str | None:
        return default_storage.url(self.image_name) if self.image_name else None


@dataclass(frozen=True)
class CartDetail:
    id: int | None
    lines: list[CartLine]
    total_quantity: int
    subtotal: Decimal
    currency: str
    notices: list[CartNotice] = field(default_factory=list)
    pricing: CartPricing | None = None


def cart_get_for_request(*, user, session: SessionBase) -> Cart | None:
    """The caller's cart, or ``None``; never creates one. At most one query (none for a visitor
    whose session names no cart). A session can only name a cart nobody owns."""
    if user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    cart_id = session.get(CART_SESSION_KEY)
    if cart_id is None:
        return None
    return Cart.objects.filter(pk=cart_id, user__isnull=True).first()


def cart_item_count(*, user, session: SessionBase) -> int:
    """Total quantity in the caller's cart for the navigation: one query, none without a cart."""
    if user.is_authenticated:
        items = CartItem.objects.filter(cart__user=user)
    else:
        cart_id = session.get(CART_SESSION_KEY)
        if cart_id is None:
            return 0
        items = CartItem.objects.filter(cart_id=cart_id, cart__user__isnull=True)
    return items.aggregate(total=Sum("quantity"))["total"] or 0


def cart_variant_get(*, reference: int | str) -> ProductVariant | None:
    """The variant a client names by id (an integer) or by SKU (a string; an all-digit string that is
    no SKU is read as an id, as HTML forms send ids as text). Inactive variants are returned too, so
    the caller can say "unavailable" rather than "unknown"."""
    variants = ProductVariant.objects.select_related("product")
    if isinstance(reference, int):
        return variants.filter(pk=reference).first()
    variant = variants.filter(sku=reference).first()
    if variant is None and reference.isascii() and reference.isdigit():
        variant = variants.filter(pk=int(reference)).first()
    return variant


def _line_is_available(item: CartItem) -> bool:
    variant = item.variant
    return variant.is_active and variant.product.is_active and item.quantity <= variant.stock


def cart_detail(*, cart: Cart | None, user=None, region: str = "") -> CartDetail:
    """The priced lines of ``cart`` (an empty cart for ``None``) in a fixed number of queries, whatever the
    number of lines: the lines, then what pricing reads (``shop.pricing``) for ``region`` ("": the
    whole-country zone). ``available`` is false for a line whose variant or product is off sale or whose
    quantity exceeds the stock; such lines still count in the totals, which checkout re-validates."""
    currency = settings.SHOP_CURRENCY
    if cart is None:
        return CartDetail(
            id=None,
            lines=[],
            total_quantity=0,
            subtotal=Decimal("0.00"),
            currency=currency,
            pricing=cart_pricing(cart=None, lines=[], user=user, region=region),
        )
    first_image = ProductImage.objects.filter(product=OuterRef("variant__product")).order_by("position", "id")
    items = (
        CartItem.objects.filter(cart=cart)
        .select_related("variant__product__category")
        .annotate(image_name=Subquery(first_image.values("image")[:1]))
        .order_by("added_at", "id")
    )
    items = list(items)
    pricing = cart_pricing(cart=cart, lines=[(item.variant, item.quantity) for item in items], user=user, region=region)
    lines = [
        CartLine(
            id=item.pk,
            variant=item.variant,
            quantity=item.quantity,
            unit_price=priced.unit_price,
            line_total=priced.line_total,
            available=_line_is_available(item),
            image_name=item.image_name or None,
            original_unit_price=priced.original_unit_price,
            sale_name=priced.sale_name,
            line_discount=priced.line_discount,
            tax_rate=priced.tax_rate,
            line_net=priced.line_net,
            line_tax=priced.line_tax,
        )
        for item, priced in zip(items, pricing.quote.lines, strict=True)
    ]
    return CartDetail(
        id=cart.pk,
        lines=lines,
        total_quantity=sum(line.quantity for line in lines),
        subtotal=pricing.quote.subtotal,
        currency=currency,
        pricing=pricing,
    )
