"""The order state machine: the one place an order's status changes.

Allowed transitions (anything else raises ``InvalidTransition``, a 409 ``invalid_transition``)::

    pending_payment -> paid | cancelled
    paid            -> awaiting_pickup | cancelled | refunded
    awaiting_pickup -> shipped | refunded
    shipped         -> delivered
    delivered       -> completed | partially_refunded | refunded
    completed       -> partially_refunded | refunded
    partially_refunded -> refunded

Decisions: an order handed to a carrier (``awaiting_pickup``) can no longer be *cancelled*, because a
shipment is booked; the merchant refunds it instead, which also restocks because the goods never left.
A completed order can still be refunded (an after-sale return), in full or in part
(``partially_refunded``, see ``orders.services.refunds``); a partially refunded order stays so until the
rest is refunded too. A parcel in transit (``shipped``) cannot
be refunded until it is delivered. ``cancelled`` and ``refunded`` are final.

Stock goes back whenever the goods never left the warehouse: on cancel, and on refund from ``paid`` or
``awaiting_pickup``. A refund after delivery does not restock: the goods come back, if ever, by hand.
"""

from collections.abc import Callable, Collection

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, NotFound
from orders.codes import ErrorCode, OrderEventKind
from orders.models import ActorKind, Order, OrderEvent, OrderLine, OrderStatus
from shop.models import ProductVariant
from shop.promotions.vouchers import voucher_use_release
from shop.services.catalog_version import catalog_version_bump

S = OrderStatus

ALLOWED_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING_PAYMENT: frozenset({S.PAID, S.CANCELLED}),
    S.PAID: frozenset({S.AWAITING_PICKUP, S.CANCELLED, S.REFUNDED}),
    S.AWAITING_PICKUP: frozenset({S.SHIPPED, S.REFUNDED}),
    S.SHIPPED: frozenset({S.DELIVERED}),
    S.DELIVERED: frozenset({S.COMPLETED, S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.COMPLETED: frozenset({S.PARTIALLY_REFUNDED, S.REFUNDED}),
    S.PARTIALLY_REFUNDED: frozenset({S.REFUNDED}),
    S.CANCELLED: frozenset(),
    S.REFUNDED: frozenset(),
}

# The timestamp each status sets when reached.
STATUS_TIMESTAMPS: dict[str, str] = {
    S.PAID: "paid_at",
    S.SHIPPED: "shipped_at",
    S.DELIVERED: "delivered_at",
    S.COMPLETED: "completed_at",
    S.CANCELLED: "cancelled_at",
    S.PARTIALLY_REFUNDED: "refunded_at",
    S.REFUNDED: "refunded_at",
}

# Statuses in which the goods are still in the warehouse: leaving them for cancelled/refunded restocks.
_GOODS_IN_WAREHOUSE = frozenset({S.PENDING_PAYMENT, S.PAID, S.AWAITING_PICKUP})
_RESTOCKING_TARGETS = frozenset({S.CANCELLED, S.REFUNDED})


class InvalidTransition(Conflict):
    code = ErrorCode.INVALID_TRANSITION
    status_code = 409
    default_detail = gettext_lazy("The order cannot move to this status from its current one.")


def transition_allowed(*, from_status: str, to_status: str) -> bool:
    """Whether the state machine allows ``from_status -> to_status`` (a same-status move is not a transition)."""
    return to_status in ALLOWED_TRANSITIONS.get(from_status, frozenset())


def _notification_for(to_status: str) -> Callable[[int], None] | None:
    # Imported here: the tasks module imports the services, and a status change is its only caller.
    from orders.tasks import lifecycle

    return {
        S.PAID: lambda order_id: lifecycle.order_email_send.delay(order_id, "paid"),
        S.SHIPPED: lifecycle.order_shipped_email_send.delay,
        S.DELIVERED: lifecycle.order_delivered_email_send.delay,
        S.CANCELLED: lambda order_id: lifecycle.order_email_send.delay(order_id, "cancelled"),
    }.get(to_status)


def order_event_record(
    *,
    order: Order,
    kind: str,
    actor=None,
    actor_kind: str,
    message: str = "",
    from_status: str = "",
    to_status: str = "",
) -> OrderEvent:
    """Append an event to ``order``'s history (append-only; never edited). ``message`` must hold no
    personal data: it is shown to the shopper and to staff, and kept as long as the order."""
    return OrderEvent.objects.create(
        order=order,
        kind=kind,
        from_status=from_status,
        to_status=to_status,
        actor=actor if actor is not None and getattr(actor, "is_authenticated", False) else None,
        actor_kind=actor_kind,
        message=message[:255],
    )


def _restock(order: Order) -> None:
    """Give the order's quantities back to their variants."""
    quantities: dict[int, int] = {}
    for variant_id, quantity in OrderLine.objects.filter(order=order, variant__isnull=False).values_list(
        "variant_id", "quantity"
    ):
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    variants_restock(quantities)


def variants_restock(quantities: dict[int, int]) -> None:
    """Add ``quantities`` (variant id -> units) back to stock, locking the variants in id order (the same
    order checkout locks them in, so the two can never deadlock). Call inside a transaction."""
    if not quantities:
        return
    locked = ProductVariant.objects.select_for_update().filter(pk__in=quantities).order_by("pk")
    for variant_id in locked.values_list("pk", flat=True):
        ProductVariant.objects.filter(pk=variant_id).update(stock=F("stock") + quantities[variant_id])
    catalog_version_bump()


def order_transition(
    *,
    order: Order | None = None,
    order_id: int | None = None,
    to_status: str,
    actor=None,
    actor_kind: str = ActorKind.SYSTEM,
    message: str = "",
    from_statuses: Collection[str] | None = None,
) -> Order:
    """Move an order (given as ``order`` or ``order_id``) to ``to_status`` and return it, refreshed.

    One transaction that locks the order row (``select_for_update``), checks ``ALLOWED_TRANSITIONS``,
    sets the status's timestamp, records a ``status_changed`` event with the actor, restocks when the
    goods never left (locking the variants in id order), and, after commit, queues the shipped or
    delivered email. Idempotent: moving to the status the order already has does nothing and returns
    the order, so a replayed webhook or a task run twice is harmless. ``from_statuses`` narrows the
    machine for one caller, checked under the lock: the auto-cancel job passes ``{pending_payment}`` so
    that an order paid a moment before is never cancelled by it.

    Raises ``NotFound`` when the order does not exist, ``InvalidTransition`` (409) for a move the state
    machine does not allow.
    """
    if (order is None) == (order_id is None):
        raise TypeError("Pass exactly one of order and order_id.")
    if to_status not in ALLOWED_TRANSITIONS:
        raise InvalidTransition(f"Unknown order status {to_status!r}.")
    pk = order.pk if order is not None else order_id
    with transaction.atomic():
        locked = Order.objects.select_for_update().filter(pk=pk).first()
        if locked is None:
            raise NotFound(gettext("This order does not exist."))
        from_status = locked.status
        if from_status != to_status:
            _apply_transition(
                locked,
                from_status=from_status,
                to_status=to_status,
                actor=actor,
                actor_kind=actor_kind,
                message=message,
                from_statuses=from_statuses,
            )
    if order is not None:
        order.refresh_from_db()
        return order
    return locked


def _apply_transition(
    locked: Order,
    *,
    from_status: str,
    to_status: str,
    actor,
    actor_kind: str,
    message: str,
    from_statuses: Collection[str] | None,
) -> None:
    """The body of ``order_transition`` for a real move; the caller holds the order's row lock."""
    allowed_here = from_statuses is None or from_status in from_statuses
    if not (allowed_here and transition_allowed(from_status=from_status, to_status=to_status)):
        raise InvalidTransition(
            f"An order that is {S(from_status).label.lower()} cannot become {S(to_status).label.lower()}.",
            from_status=from_status,
            to_status=to_status,
        )
    locked.status = to_status
    update_fields = ["status", "updated_at"]
    timestamp_field = STATUS_TIMESTAMPS.get(to_status)
    if timestamp_field:
        setattr(locked, timestamp_field, timezone.now())
        update_fields.append(timestamp_field)
    locked.save(update_fields=update_fields)
    if to_status in _RESTOCKING_TARGETS and from_status in _GOODS_IN_WAREHOUSE:
        _restock(locked)
    if to_status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED) and locked.voucher_code:
        # Never paid for, or all the money given back: the voucher use goes back, so the shopper (and the
        # voucher's total) may use it again. A partial refund keeps it: the order still used the voucher.
        voucher_use_release(order_id=locked.pk)
    order_event_record(
        order=locked,
        kind=OrderEventKind.STATUS_CHANGED,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        actor_kind=actor_kind,
        message=message,
    )
    notify = _notification_for(to_status)
    if notify is not None:
        order_pk = locked.pk
        transaction.on_commit(lambda: notify(order_pk), robust=True)
