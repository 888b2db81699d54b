"""Checkout: turn the signed-in shopper's cart into an order, never overselling.

``order_place`` runs in one transaction. Lock order, the same as the cart writers' (``shop.services.cart``)
and the restock of ``orders.services.status``, so none of them can deadlock another: the cart row, then
the variant rows by id. With the variants locked, the stock read is the stock written: two buyers of the
last unit queue on the variant row and the second sees zero. The database's ``stock >= 0`` constraint
backs this up. Any refusal raises before anything is written, or rolls back what was: stock, cart and
orders are exactly as before.
"""

from dataclasses import asdict, dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils.translation import gettext, gettext_lazy

from core.errors import DomainError
from core.task_queue import task_enqueue
from orders.codes import ErrorCode, OrderEventKind
from orders.models import ActorKind, Address, Order, OrderLine
from orders.selectors.orders import order_detail_preload
from orders.services.addresses import address_create
from orders.services.order_numbers import order_number_generate
from orders.services.status import order_event_record
from privacy.selectors.minors import user_is_restricted
from shop.models import Cart, CartItem, ProductVariant
from shop.pricing.context import pricing_context_load, quote_for_variants
from shop.pricing.quote import Quote
from shop.promotions.vouchers import voucher_lock, voucher_use_record
from shop.services.cart import InsufficientStock, ProductUnavailable
from shop.services.catalog_version import catalog_version_bump

# Attempts of one checkout: an order number already taken (about one in a billion) or a cart changed under it.
_ATTEMPTS = 5
SNAPSHOT_ADDRESS_FIELDS = ("recipient_name", "phone", "region", "city", "district", "street", "postcode")


class CartEmpty(DomainError):
    code = ErrorCode.CART_EMPTY
    default_detail = gettext_lazy("Your cart is empty.")


class GuardianConsentRequired(DomainError):
    code = ErrorCode.GUARDIAN_CONSENT_REQUIRED
    status_code = 403
    default_detail = gettext_lazy("Orders from an account under 18 need a guardian's consent first.")


@dataclass(frozen=True)
class DeliveryAddress:
    """The address an order ships to: from the address book, or typed in at checkout (validated)."""

    recipient_name: str
    phone: str
    region: str
    city: str
    district: str
    street: str
    postcode: str

    @classmethod
    def from_address(cls, address: Address) -> "DeliveryAddress":
        return cls(**{name: getattr(address, name) for name in SNAPSHOT_ADDRESS_FIELDS})


@dataclass(frozen=True)
class Invoice:
    title: str = ""
    tax_id: str = ""
    email: str = ""


def ensure_user_may_order(*, user) -> None:
    """The one place checkout asks the privacy app whether ``user`` is a minor still waiting for a
    guardian's consent (promise A8). Raises ``GuardianConsentRequired`` (403)."""
    if user_is_restricted(user=user):
        raise GuardianConsentRequired()


def _existing_for_key(*, user, idempotency_key: str, guest_email: str = "") -> Order | None:
    if not idempotency_key:
        return None
    if user is None:
        # A guest's key is theirs only together with their email (guests share the null user).
        return Order.objects.filter(
            user__isnull=True, guest_email__iexact=guest_email, idempotency_key=idempotency_key
        ).first()
    return Order.objects.filter(user=user, idempotency_key=idempotency_key).first()


def _take_cart(*, user, guest_cart_id: int | None) -> list[CartItem]:
    """The cart's items, ordered by variant, each with its cart, variant, product and category, the cart row
    and the variant rows locked (``FOR UPDATE OF``, taken in variant order: the cart writers' lock order). One
    query. Empty when the cart is empty or missing.

    The items are those of the snapshot the query began with: after waiting for another checkout of the same
    cart they may be gone. ``_stock_take`` deletes them and checks it deleted exactly these."""
    items = CartItem.objects.select_related("cart", "variant__product__category").select_for_update(
        of=("cart", "variant")
    )
    if user is None:
        items = items.filter(cart_id=guest_cart_id, cart__user__isnull=True)
    else:
        items = items.filter(cart__user=user)
    return list(items.order_by("variant_id"))


class _CartChanged(Exception):
    """The cart changed while this checkout waited for its lock (another checkout took it): start again."""


def _stock_take(*, cart: Cart, items: list[CartItem]) -> None:
    """Empty the cart and take its quantities from the (locked) variants' stock: one statement on PostgreSQL.
    Raises ``_CartChanged`` when the rows deleted are not the items priced (another request changed the cart
    between this one's snapshot and its lock); the caller rolls back."""
    if connection.vendor != "postgresql":
        taken = sorted((item.variant_id, item.quantity) for item in CartItem.objects.filter(cart=cart))
        if taken == sorted((item.variant_id, item.quantity) for item in items):
            for item in items:
                ProductVariant.objects.filter(pk=item.variant_id).update(stock=F("stock") - item.quantity)
            CartItem.objects.filter(cart=cart).delete()
    else:
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH taken AS (DELETE FROM shop_cartitem WHERE cart_id = %s RETURNING variant_id, quantity) "
                "UPDATE shop_productvariant AS variant SET stock = variant.stock - taken.quantity "
                "FROM taken WHERE variant.id = taken.variant_id RETURNING variant.id, taken.quantity",
                [cart.pk],
            )
            taken = sorted(cursor.fetchall())
    if taken != sorted((item.variant_id, item.quantity) for item in items):
        raise _CartChanged()


def _check_lines(items: list[CartItem]) -> None:
    unavailable = []
    short = []
    for item in items:
        variant = item.variant
        if not (variant.is_active and variant.product.is_active):
            unavailable.append({"sku": variant.sku, "title": variant.product.title})
        elif variant.stock < item.quantity:
            short.append({"sku": variant.sku, "requested": item.quantity, "available": variant.stock})
    if unavailable:
        skus = ", ".join(line["sku"] for line in unavailable)
        raise ProductUnavailable(
            gettext("No longer available: %(skus)s. Remove them from your cart.") % {"skus": skus}, lines=unavailable
        )
    if short:
        skus = ", ".join(line["sku"] for line in short)
        raise InsufficientStock(gettext("Not enough stock for: %(skus)s.") % {"skus": skus}, lines=short)


class _OrderConflict(Exception):
    """The order's insert hit a unique constraint: its number was taken, or its idempotency key won a race."""


def _create_order(*, user, idempotency_key: str, guest_email: str = "", **fields: Any) -> Order:
    """Insert the order under a fresh number, without a savepoint (one query): a clash raises
    ``_OrderConflict`` and the caller rolls the whole attempt back."""
    try:
        return Order.objects.create(
            number=order_number_generate(),
            user=user,
            guest_email=guest_email,
            idempotency_key=idempotency_key,
            **fields,
        )
    except IntegrityError as exc:
        raise _OrderConflict() from exc


def order_place(
    *,
    user,
    delivery: DeliveryAddress,
    note: str = "",
    invoice: Invoice | None = None,
    idempotency_key: str = "",
    shipping_method_id: int | None = None,
    voucher_code: str | None = None,
    guest_cart_id: int | None = None,
    guest_email: str = "",
    save_to_book: bool = False,
) -> tuple[Order, bool]:
    """Place an order for everything in ``user``'s cart; returns ``(order, created)``.

    A guest (``user=None``) orders the visitor cart ``guest_cart_id`` with ``guest_email`` as the only
    thing asked besides the delivery address (promise A2); see ``orders.services.guest``.

    Idempotent per ``(user, idempotency_key)``: a key already used returns its order with
    ``created=False``, never a second order, also when two requests with the key race (the second
    waits on the cart lock and then finds the first's order). One transaction locking the cart, then
    the variants by id: stock is checked and decremented, titles, SKUs, attributes, prices and the
    address are copied onto the order and its lines, the cart is emptied, a ``placed`` event recorded,
    and the confirmation email queued after commit.

    Raises ``GuardianConsentRequired`` (403) for a restricted minor, ``CartEmpty`` (400 ``cart_empty``),
    ``ProductUnavailable`` (400 ``product_unavailable``) and ``InsufficientStock`` (400
    ``insufficient_stock``), the last two with ``lines`` naming each line at fault; nothing changes then.

    Prices come from the one calculation (``shop.pricing``): sales, the voucher (``voucher_code``, else the
    cart's; ``""`` for none), the shipping method (``shipping_method_id``, else the cart's choice, else the
    cheapest that serves the address) and tax per line, all frozen on the order. The voucher row is locked
    after the variants, so its last uses go to one order each. Also raises ``ShippingMethodUnavailable``,
    ``ShippingUnavailable`` and the voucher errors (``voucher_not_found``, ``voucher_expired``,
    ``voucher_min_spend``, ``voucher_used_up``).

    ``save_to_book`` adds ``delivery`` to the user's address book in the same transaction (``address_create``):
    a refused checkout saves no address, and an address that cannot be saved places no order.
    """
    if user is not None:
        ensure_user_may_order(user=user)
    invoice = invoice or Invoice()
    attempt = partial(
        _place,
        user=user,
        delivery=delivery,
        note=note,
        invoice=invoice,
        idempotency_key=idempotency_key,
        shipping_method_id=shipping_method_id,
        voucher_code=voucher_code,
        guest_cart_id=guest_cart_id,
        guest_email=guest_email,
        save_to_book=save_to_book,
    )
    for _ in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return attempt()
        except (_OrderConflict, _CartChanged, CartEmpty) as exc:
            # Rolled back. A replay, or the loser of a race with the same key: the key's order is the answer.
            existing = _existing_for_key(user=user, idempotency_key=idempotency_key, guest_email=guest_email)
            if existing is not None:
                return existing, False
            if isinstance(exc, CartEmpty):
                raise
    raise RuntimeError("Could not place the order: its number or its cart kept changing.")


def _place(
    *,
    user,
    delivery: DeliveryAddress,
    note: str,
    invoice: Invoice,
    idempotency_key: str,
    shipping_method_id: int | None,
    voucher_code: str | None,
    guest_cart_id: int | None,
    guest_email: str,
    save_to_book: bool,
) -> tuple[Order, bool]:
    """One attempt of ``order_place``, inside its transaction. Eight queries with a voucher (while the pricing
    snapshot is cached), whatever the number of lines: items with cart and variants locked, the voucher locked
    with the customer's uses, the order, stock and cart in one statement, the lines, the voucher's use, the
    event; and one more when the cart's own voucher is cleared."""
    items = _take_cart(user=user, guest_cart_id=guest_cart_id)
    if user is None and items:
        # Guests share the null user, so no unique constraint backs their key: look under the cart lock.
        existing = _existing_for_key(user=None, idempotency_key=idempotency_key, guest_email=guest_email)
        if existing is not None:
            return existing, False
    if not items:
        raise CartEmpty()
    cart = items[0].cart
    _check_lines(items)

    context = pricing_context_load(region=delivery.region)
    code = cart.voucher_code if voucher_code is None else voucher_code
    voucher = voucher_lock(code=code, user=user) if code else None
    quote = quote_for_variants(
        context=context,
        lines=[(item.variant, item.quantity) for item in items],
        voucher=voucher,
        method_id=shipping_method_id if shipping_method_id is not None else cart.shipping_method_id,
        strict=True,
    )
    lines = _order_lines(items, quote)
    order = _create_order(
        user=user,
        idempotency_key=idempotency_key,
        guest_email=guest_email,
        currency=settings.SHOP_CURRENCY,
        note=note,
        invoice_title=invoice.title,
        invoice_tax_id=invoice.tax_id,
        invoice_email=invoice.email,
        **_order_pricing(quote),
        **{name: getattr(delivery, name) for name in SNAPSHOT_ADDRESS_FIELDS},
    )
    _stock_take(cart=cart, items=items)
    # Stock moved: catalog reads (ETags, the shared cache) must show it on the very next request.
    catalog_version_bump()
    for item in items:
        item.variant.stock -= item.quantity
    for line in lines:
        line.order = order
    OrderLine.objects.bulk_create(lines)
    if voucher is not None:
        voucher_use_record(voucher=voucher, user=user, order=order)
    if cart.voucher_code:
        Cart.objects.filter(pk=cart.pk).update(voucher_code="")
    if save_to_book and user is not None:
        address_create(user=user, **asdict(delivery))
    event = order_event_record(
        order=order, kind=OrderEventKind.PLACED, actor=user, actor_kind=ActorKind.SHOPPER, to_status=order.status
    )
    order_detail_preload(order, lines=lines, events=[event])
    order_id = order.pk
    transaction.on_commit(lambda: _queue_confirmation(order_id))
    return order, True


def _order_pricing(quote: Quote) -> dict[str, Any]:
    """The order's frozen totals, tax split and shipping choice from ``quote``."""
    shipping = quote.shipping
    return {
        "subtotal": quote.subtotal,
        "shipping_total": quote.shipping_total,
        "discount_total": quote.discount_total,
        "total": quote.total,
        "net_total": quote.net_total,
        "tax_total": quote.tax_total,
        "tax_breakdown": quote.tax_breakdown,
        "prices_include_tax": quote.prices_include_tax,
        "voucher_code": quote.voucher_code,
        "shipping_method": shipping.method if shipping else None,
        "shipping_method_name": shipping.method.name if shipping else "",
        "shipping_tax_rate": shipping.tax_rate if shipping else 0,
        "shipping_net": shipping.net if shipping else 0,
        "shipping_tax": shipping.tax if shipping else 0,
    }


def _order_lines(items: list[CartItem], quote: Quote) -> list[OrderLine]:
    priced = {line.key: line for line in quote.lines}
    lines = []
    for item in items:
        variant = item.variant
        line = priced[variant.pk]
        lines.append(
            OrderLine(
                variant=variant,
                product_title=variant.product.title,
                sku=variant.sku,
                attributes=variant.attributes,
                unit_price=line.unit_price,
                original_unit_price=line.original_unit_price,
                quantity=item.quantity,
                line_total=line.line_total,
                line_discount=line.line_discount,
                tax_rate=line.tax_rate,
                line_net=line.line_net,
                line_tax=line.line_tax,
            )
        )
    return lines


def _queue_confirmation(order_id: int) -> None:
    from orders.tasks.lifecycle import order_confirmation_email_send

    task_enqueue(order_confirmation_email_send, order_id)
