"""Cart writes: create the caller's cart, add, change and remove lines, merge a visitor's cart at login.

Lock order, the same in every writer so two of them can never deadlock: the cart row(s) first, then
the variant rows (by id), then the cart's item rows. Locking the variant while its stock is checked
keeps the check true until the line is written.
"""

from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import DomainError, NotFound
from shop.codes import ErrorCode
from shop.models import Cart, CartItem, ProductVariant
from shop.selectors.cart import CART_NOTICES_SESSION_KEY, CART_SESSION_KEY, CartNotice


class InvalidQuantity(DomainError):
    code = ErrorCode.INVALID
    default_detail = gettext_lazy("The submitted data is not valid.")


class InsufficientStock(DomainError):
    code = ErrorCode.INSUFFICIENT_STOCK
    default_detail = gettext_lazy("Not enough stock for this quantity.")


class ProductUnavailable(DomainError):
    code = ErrorCode.PRODUCT_UNAVAILABLE
    default_detail = gettext_lazy("This product is not available.")


def _validate_quantity(quantity: int) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise InvalidQuantity(fields={"quantity": ["Enter a whole number of at least 1."]})


def _lock_cart(cart: Cart) -> Cart:
    locked = Cart.objects.select_for_update().filter(pk=cart.pk).first()
    if locked is None:
        raise NotFound(gettext("This cart no longer exists."))
    return locked


def _lock_variant(variant_id: int) -> ProductVariant:
    variant = ProductVariant.objects.select_for_update(of=("self",)).select_related("product").filter(pk=variant_id)
    locked = variant.first()
    if locked is None:
        raise ProductUnavailable()
    return locked


def _ensure_on_sale(variant: ProductVariant) -> None:
    if not (variant.is_active and variant.product.is_active):
        raise ProductUnavailable(gettext("%(product)s is not available.") % {"product": variant.product.title})


def _ensure_in_stock(variant: ProductVariant, quantity: int) -> None:
    if quantity <= variant.stock:
        return
    if variant.stock == 0:
        message = f"{variant.product.title} is out of stock."
    else:
        message = f"Only {variant.stock} of {variant.product.title} in stock."
    raise InsufficientStock(message, fields={"quantity": [message]}, available=variant.stock)


def _touch(cart: Cart) -> None:
    """``updated_at`` is the cart's last activity; retention of abandoned carts reads it."""
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())


def cart_get_or_create_for_request(*, user, session: SessionBase) -> Cart:
    """The caller's cart, created if missing: a user's one cart (``Cart.user``, safe against a
    concurrent create), or a visitor's cart whose id is then kept in ``session``."""
    if user.is_authenticated:
        cart, _ = Cart.objects.get_or_create(user=user)
        return cart
    cart_id = session.get(CART_SESSION_KEY)
    cart = Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id is not None else None
    if cart is None:
        cart = Cart.objects.create()
        session[CART_SESSION_KEY] = cart.pk
    return cart


def cart_add_item(*, cart: Cart, variant: ProductVariant, quantity: int) -> CartItem:
    """Add ``quantity`` of ``variant``; a variant already in the cart has its quantities summed.

    One transaction locking the cart and the variant. Raises ``InvalidQuantity`` (not a positive
    integer), ``ProductUnavailable`` (variant or product off sale), ``InsufficientStock`` (the summed
    quantity exceeds the stock; ``available`` carries the stock) and leaves the cart unchanged then.
    """
    _validate_quantity(quantity)
    with transaction.atomic():
        cart = _lock_cart(cart)
        variant = _lock_variant(variant.pk)
        _ensure_on_sale(variant)
        item = CartItem.objects.select_for_update().filter(cart=cart, variant=variant).first()
        wanted = quantity + (item.quantity if item else 0)
        _ensure_in_stock(variant, wanted)
        if item is None:
            item = CartItem.objects.create(cart=cart, variant=variant, quantity=wanted)
        else:
            item.quantity = wanted
            item.save(update_fields=["quantity"])
        _touch(cart)
    return item


def cart_update_item(*, cart: Cart, item_id: int, quantity: int) -> CartItem:
    """Set the quantity of line ``item_id`` of ``cart``.

    One transaction locking the cart, the variant and the line. Raises ``NotFound`` when the line is
    not in this cart (whoever else's it is), and the errors of ``cart_add_item``.
    """
    _validate_quantity(quantity)
    with transaction.atomic():
        cart = _lock_cart(cart)
        variant_id = CartItem.objects.filter(cart=cart, pk=item_id).values_list("variant_id", flat=True).first()
        if variant_id is None:
            raise NotFound(gettext("This item is not in your cart."))
        variant = _lock_variant(variant_id)
        _ensure_on_sale(variant)
        _ensure_in_stock(variant, quantity)
        item = CartItem.objects.select_for_update().get(cart=cart, pk=item_id)
        item.quantity = quantity
        item.save(update_fields=["quantity"])
        _touch(cart)
    return item


def cart_remove_item(*, cart: Cart, item_id: int) -> None:
    """Remove line ``item_id`` from ``cart``. Raises ``NotFound`` when the line is not in this cart."""
    with transaction.atomic():
        cart = _lock_cart(cart)
        deleted, _ = CartItem.objects.filter(cart=cart, pk=item_id).delete()
        if not deleted:
            raise NotFound(gettext("This item is not in your cart."))
        _touch(cart)


def _merge_into_user_cart(*, anonymous_cart_id: int, user) -> list[CartNotice]:
    visitor_carts = Cart.objects.filter(pk=anonymous_cart_id, user__isnull=True)
    if not visitor_carts.exists():
        return []
    with transaction.atomic():
        user_cart, _ = Cart.objects.get_or_create(user=user)
        user_cart = _lock_cart(user_cart)
        anonymous_cart = visitor_carts.select_for_update().first()
        if anonymous_cart is None:
            return []
        incoming = list(CartItem.objects.filter(cart=anonymous_cart).order_by("added_at", "id"))
        variants = {
            variant.pk: variant
            for variant in ProductVariant.objects.select_for_update(of=("self",))
            .select_related("product")
            .filter(pk__in=[item.variant_id for item in incoming])
            .order_by("pk")
        }
        existing = {item.variant_id: item for item in CartItem.objects.select_for_update().filter(cart=user_cart)}
        notices: list[CartNotice] = []
        to_create: list[CartItem] = []
        to_update: list[CartItem] = []
        for item in incoming:
            variant = variants[item.variant_id]
            title = variant.product.title
            if not (variant.is_active and variant.product.is_active):
                notices.append(
                    CartNotice("product_unavailable", variant.sku, f"{title} is no longer available and was removed.")
                )
                continue
            if variant.stock <= 0:
                notices.append(CartNotice("out_of_stock", variant.sku, f"{title} is out of stock and was removed."))
                continue
            current = existing.get(variant.pk)
            wanted = item.quantity + (current.quantity if current else 0)
            quantity = min(wanted, variant.stock)
            if quantity < wanted:
                notices.append(
                    CartNotice(
                        "quantity_capped",
                        variant.sku,
                        f"Only {variant.stock} of {title} in stock: the quantity in your cart is now {quantity}.",
                    )
                )
            if current is None:
                to_create.append(CartItem(cart=user_cart, variant=variant, quantity=quantity))
            else:
                current.quantity = quantity
                to_update.append(current)
        CartItem.objects.bulk_create(to_create)
        CartItem.objects.bulk_update(to_update, ["quantity"])
        anonymous_cart.delete()
        _touch(user_cart)
    return notices


VISITOR_CART_TOKEN_HEADER = "X-Cart-Token"
_VISITOR_CART_SALT = "shop.cart.visitor"
_VISITOR_CART_TOKEN_MAX_AGE = 30 * 24 * 60 * 60


def visitor_cart_token(*, cart_id: int) -> str:
    """A signed reference to a visitor's cart, for app clients whose login runs in another session than
    their anonymous browsing (allauth headless app sessions): they send it back in ``X-Cart-Token`` with
    the login or signup request."""
    return signing.dumps(cart_id, salt=_VISITOR_CART_SALT)


def visitor_cart_id_from_request(request: HttpRequest) -> int | None:
    """The visitor cart an ``X-Cart-Token`` header names, when its signature holds."""
    token = request.headers.get(VISITOR_CART_TOKEN_HEADER, "") if hasattr(request, "headers") else ""
    if not token:
        return None
    try:
        cart_id = signing.loads(token, salt=_VISITOR_CART_SALT, max_age=_VISITOR_CART_TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None
    return cart_id if isinstance(cart_id, int) else None


def cart_merge_on_login(*, request: HttpRequest, user) -> list[CartNotice]:
    """Move the visitor's session cart into ``user``'s cart, right after they logged in.

    The visitor's cart is the one the session names or, for an app client that logs in through the
    headless API (a new token session), the one its ``X-Cart-Token`` header names (a signed cart id from
    the cart API's ``visitor_token``; only a cart nobody owns is ever merged).

    Quantities of a variant in both carts are summed and capped at the stock; lines whose variant or
    product is off sale or out of stock are dropped. One transaction locking the user's cart and its
    lines, the visitor's cart and the variants; the visitor's cart row is deleted. Each capped or
    dropped line gives a notice, kept in the session for the API's next cart read and added as a
    website warning message. Idempotent: without a visitor cart in the session it does nothing (and
    creates no cart).
    """
    session = getattr(request, "session", None)
    cart_id = session.get(CART_SESSION_KEY) if session is not None else None
    from_header = cart_id is None
    if from_header:
        cart_id = visitor_cart_id_from_request(request)
    if cart_id is None:
        return []
    notices = _merge_into_user_cart(anonymous_cart_id=cart_id, user=user)
    if session is None:
        return notices
    if not from_header:
        del session[CART_SESSION_KEY]
    if notices:
        session[CART_NOTICES_SESSION_KEY] = [
            *session.get(CART_NOTICES_SESSION_KEY, []),
            *(notice.as_dict() for notice in notices),
        ]
        for notice in notices:
            messages.warning(request, notice.detail, fail_silently=True)
    return notices


def cart_notices_pop(*, session: SessionBase) -> list[CartNotice]:
    """The merge notices waiting in ``session``, removed so they are reported once."""
    if CART_NOTICES_SESSION_KEY not in session:
        return []
    return [CartNotice(**notice) for notice in session.pop(CART_NOTICES_SESSION_KEY)]
