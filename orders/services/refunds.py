"""Giving money back: a full refund, or part of it for chosen lines or an amount, with a reason.

Every refund goes to the provider with an idempotency key derived from the order and the refund's
sequence number, computed under the order's row lock: a refund retried after a lost answer is the same
refund at the provider, never a second one. It leaves a ``Payment`` row (status ``refunded``, the
provider's refund reference), a ``Refund`` with the reason and the lines it covered, and an order event.

Partial refunds are for the after-sale (``delivered``, ``completed`` or ``partially_refunded`` orders):
the order becomes ``partially_refunded``, or ``refunded`` once nothing of its payment is left. A line is
never refunded for more units than it has; ``restock`` puts the refunded units back on sale when the
goods came back.
"""

from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum
from django.utils.translation import gettext, gettext_lazy

from core.errors import DomainError, NotFound
from orders.codes import ErrorCode, OrderEventKind
from orders.invoices.models import Invoice
from orders.invoices.services import CreditLine, credit_note_issue
from orders.models import ActorKind, Order, OrderLine, OrderStatus, Payment, PaymentStatus, Refund, RefundLine
from orders.payments import PaymentProviderUnavailable, payment_provider
from orders.services.notifications import order_notification_queue
from orders.services.status import (
    InvalidTransition,
    order_event_record,
    order_transition,
    transition_allowed,
    variants_restock,
)

CENT = Decimal("0.01")
PARTIAL_REFUNDABLE = frozenset({OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED})


class RefundFailed(DomainError):
    code = ErrorCode.REFUND_FAILED
    status_code = 502
    default_detail = gettext_lazy("The payment provider did not accept the refund. The order is unchanged.")


class NothingToRefund(DomainError):
    code = ErrorCode.NOTHING_TO_REFUND
    status_code = 409
    default_detail = gettext_lazy("This order has no captured payment to refund.")


class RefundTooLarge(DomainError):
    code = ErrorCode.REFUND_EXCEEDS_PAYMENT
    default_detail = gettext_lazy("The refund is larger than what is left of the order's payment.")


class RefundLinesInvalid(DomainError):
    code = ErrorCode.INVALID_REFUND_LINES
    default_detail = gettext_lazy("A line is not part of this order, or more units are refunded than it has left.")


def _captured(order: Order) -> Payment:
    captured = order.payments.filter(status=PaymentStatus.SUCCEEDED).order_by("-created_at", "-id").first()
    if captured is None:
        raise NothingToRefund()
    return captured


def refundable_amount(order: Order) -> Decimal:
    """What is left to give back of ``order``'s captured payment (zero when nothing was captured)."""
    captured = order.payments.filter(status=PaymentStatus.SUCCEEDED).order_by("-created_at", "-id").first()
    return Decimal("0.00") if captured is None else captured.amount - captured.amount_refunded


def refund_at_provider(
    *, order: Order, amount: Decimal | None, reason: str, actor=None, restocked: bool = False
) -> Refund:
    """Refund ``amount`` (``None``: all that is left) of ``order``'s captured payment and record it. Call
    under the order's lock. Raises ``NothingToRefund``, ``RefundTooLarge``, ``RefundFailed``."""
    captured = _captured(order)
    left = captured.amount - captured.amount_refunded
    amount = left if amount is None else amount
    if amount <= 0 or amount > left:
        raise RefundTooLarge(refundable=str(left))
    provider = payment_provider()
    if provider.name != captured.provider:
        raise RefundFailed(
            gettext("The payment was taken by a provider that is no longer configured; refund it there.")
        )
    sequence = order.refunds.count() + 1
    try:
        result = provider.refund(
            reference=captured.reference,
            amount=amount,
            currency=captured.currency,
            idempotency_key=f"refund-{order.number}-{sequence}",
        )
    except PaymentProviderUnavailable as error:
        raise RefundFailed(failure_code=error.code) from None
    if not result.succeeded:
        raise RefundFailed(failure_code=result.failure_code or "refused")
    Payment.objects.filter(pk=captured.pk).update(amount_refunded=F("amount_refunded") + amount)
    refund_payment = Payment.objects.create(
        order=order,
        provider=captured.provider,
        reference=result.reference,
        amount=amount,
        currency=captured.currency,
        status=PaymentStatus.REFUNDED,
    )
    refund = Refund.objects.create(
        order=order,
        payment=refund_payment,
        amount=amount,
        reason=reason[:255],
        restocked=restocked,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    order_event_record(
        order=order,
        kind=OrderEventKind.REFUND,
        actor=actor,
        actor_kind=ActorKind.STAFF if actor is not None else ActorKind.SYSTEM,
        message=f"Refunded {order.currency} {amount}.",
    )
    _credit_note(refund)
    order_notification_queue(
        order_id=order.pk, kind="refunded", key=str(refund.pk), amount=f"{order.currency} {amount}", detail=reason
    )
    return refund


def _credit_note(refund: Refund) -> None:
    """Document ``refund`` with a credit note against the order's invoice (``orders.invoices``): the lines it
    covered and its amount, or, when it gives back all that is left, every line left. Nothing for an order
    without an invoice (paid before invoices existed). Runs in the refund's transaction; a retry of the same
    refund returns the same note (its idempotency key)."""
    invoice = Invoice.objects.filter(order_id=refund.order_id).first()
    if invoice is None:
        return
    lines = [CreditLine(line.order_line_id, line.quantity) for line in refund.lines.all()]
    credited = invoice.credit_notes.aggregate(total=Sum("total"))["total"] or Decimal("0.00")
    if not lines and refund.amount == invoice.total - credited:
        credit_note_issue(order_id=refund.order_id, reason=refund.reason, idempotency_key=f"refund-{refund.pk}")
        return
    credit_note_issue(
        order_id=refund.order_id,
        lines=lines,
        amount=refund.amount,
        reason=refund.reason,
        idempotency_key=f"refund-{refund.pk}",
    )


def _lock(order: Order) -> Order:
    locked = Order.objects.select_for_update().filter(pk=order.pk).first()
    if locked is None:
        raise NotFound(gettext("This order does not exist."))
    return locked


def order_refund(*, order: Order, actor=None, actor_kind: str = ActorKind.STAFF, message: str = "") -> Order:
    """Give back all that is left of the captured payment and move the order to ``refunded``.

    Locks the order. Restocks when the goods never left (see ``orders.services.status``). Raises
    ``InvalidTransition`` (409) when the order cannot become refunded, ``NothingToRefund`` (409),
    ``RefundFailed`` (502). The status check comes first: a refunded order cannot refund again.
    """
    with transaction.atomic():
        locked = _lock(order)
        if not transition_allowed(from_status=locked.status, to_status=OrderStatus.REFUNDED):
            raise InvalidTransition(
                gettext("This order cannot be refunded in its current status."),
                from_status=locked.status,
                to_status=OrderStatus.REFUNDED,
            )
        refund_at_provider(order=locked, amount=None, reason=message or "Refunded in full.", actor=actor)
        OrderLine.objects.filter(order=locked).update(quantity_refunded=F("quantity"))
        order_transition(
            order=locked, to_status=OrderStatus.REFUNDED, actor=actor, actor_kind=actor_kind, message=message
        )
    order.refresh_from_db()
    return order


def _lines_amount(order: Order, lines: dict[int, int]) -> tuple[list[tuple[OrderLine, int, Decimal]], Decimal]:
    by_id = {line.pk: line for line in OrderLine.objects.select_for_update().filter(order=order, pk__in=lines)}
    chosen = []
    for line_id, quantity in lines.items():
        line = by_id.get(line_id)
        if line is None or quantity < 1 or quantity > line.quantity - line.quantity_refunded:
            raise RefundLinesInvalid(line_id=line_id)
        chosen.append((line, quantity, (line.unit_price * quantity).quantize(CENT)))
    return chosen, sum((amount for _, _, amount in chosen), Decimal("0.00"))


def order_refund_partial(
    *,
    order: Order,
    reason: str,
    lines: dict[int, int] | None = None,
    amount: Decimal | None = None,
    restock: bool = False,
    actor=None,
    actor_kind: str = ActorKind.STAFF,
) -> Refund:
    """Refund chosen ``lines`` (order line id -> units) and/or an ``amount`` of an after-sale order.

    With lines and no amount, the lines' value is refunded; with an amount too, the amount is what goes
    back (for example less a restocking fee) and the lines are marked refunded. ``restock`` returns the
    lines' units to stock. The order becomes ``partially_refunded``, or ``refunded`` when nothing of the
    payment is left. Locks the order, then its lines, then the variants. Raises ``InvalidTransition``
    (409), ``RefundLinesInvalid`` (400), ``RefundTooLarge`` (400), ``NothingToRefund`` (409),
    ``RefundFailed`` (502); nothing changes then.
    """
    if not lines and amount is None:
        raise DomainError(
            gettext("Choose lines or an amount to refund."), code="invalid", fields={"lines": ["Required."]}
        )
    with transaction.atomic():
        locked = _lock(order)
        if locked.status not in PARTIAL_REFUNDABLE:
            raise InvalidTransition(
                gettext("Only a delivered or completed order can be refunded in part."),
                from_status=locked.status,
                to_status=OrderStatus.PARTIALLY_REFUNDED,
            )
        chosen, lines_amount = _lines_amount(locked, lines or {})
        refund = refund_at_provider(
            order=locked,
            amount=amount if amount is not None else lines_amount,
            reason=reason,
            actor=actor,
            restocked=restock and bool(chosen),
        )
        quantities: dict[int, int] = {}
        for line, quantity, line_amount in chosen:
            RefundLine.objects.create(refund=refund, order_line=line, quantity=quantity, amount=line_amount)
            OrderLine.objects.filter(pk=line.pk).update(quantity_refunded=F("quantity_refunded") + quantity)
            if line.variant_id is not None:
                quantities[line.variant_id] = quantities.get(line.variant_id, 0) + quantity
        if restock:
            variants_restock(quantities)
        to_status = OrderStatus.REFUNDED if refundable_amount(locked) == 0 else OrderStatus.PARTIALLY_REFUNDED
        if to_status == OrderStatus.REFUNDED:
            OrderLine.objects.filter(order=locked).update(quantity_refunded=F("quantity"))
        order_transition(order=locked, to_status=to_status, actor=actor, actor_kind=actor_kind, message=reason)
    order.refresh_from_db()
    return refund
