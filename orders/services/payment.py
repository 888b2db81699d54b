"""Money-moving order actions: pay, refund, and cancel (which gives a paid order's money back).

Each locks the order row for its whole run, so a payment, a refund, a cancellation and the
auto-cancel job never interleave on one order. The provider is called under that lock (see the
contract in ``orders.payments``). Every attempt leaves a ``Payment`` row, failures included.
"""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from core.errors import DomainError, NotFound
from orders.invoices.services.credit_notes import credit_note_issue_for_refund
from orders.invoices.services.issuing import invoice_issue
from orders.models import ActorKind, Order, OrderStatus, Payment, PaymentStatus
from orders.payments import payment_provider
from orders.services.status import InvalidTransition, order_event_record, order_transition, transition_allowed


class PaymentDeclined(DomainError):
    code = "payment_declined"
    status_code = 402
    default_detail = "The payment was declined. The order is still waiting for payment."


class RefundFailed(DomainError):
    code = "refund_failed"
    status_code = 502
    default_detail = "The payment provider did not accept the refund. The order is unchanged."


class NothingToRefund(DomainError):
    code = "nothing_to_refund"
    status_code = 409
    default_detail = "This order has no captured payment to refund."


def _lock(order: Order) -> Order:
    locked = Order.objects.select_for_update().filter(pk=order.pk).first()
    if locked is None:
        raise NotFound("This order does not exist.")
    return locked


def _start_handoff(order_id: int) -> None:
    # Imported here: the logistics service imports this module's neighbours (status), not the reverse.
    from orders.services.logistics import order_handoff_start

    order_handoff_start(order_id=order_id)


def order_pay(
    *, order: Order, actor=None, actor_kind: str = ActorKind.SHOPPER, options: Mapping[str, Any] | None = None
) -> Order:
    """Take the payment of a ``pending_payment`` order with the configured provider and mark it paid.

    Locks the order; records a ``Payment`` (succeeded or failed) with amount, provider and reference.
    On success the order becomes ``paid``, gets its invoice (``orders.invoices``, in the same transaction)
    and, after commit, the logistics handoff starts. Raises
    ``InvalidTransition`` (409) when the order is not waiting for payment, ``PaymentDeclined`` (402)
    when the provider refuses; the order then stays ``pending_payment`` and the failed attempt is kept.
    """
    options = dict(options or {})
    declined_code = ""
    with transaction.atomic():
        locked = _lock(order)
        if locked.status != OrderStatus.PENDING_PAYMENT:
            raise InvalidTransition(
                "Only an order waiting for payment can be paid.", from_status=locked.status, to_status=OrderStatus.PAID
            )
        provider = payment_provider()
        payment = Payment.objects.create(
            order=locked, provider=provider.name, amount=locked.total, currency=locked.currency
        )
        result = provider.initiate(
            order_number=locked.number, amount=locked.total, currency=locked.currency, options=options
        )
        if result.succeeded:
            payment.reference = result.reference
            result = provider.confirm(
                reference=result.reference, amount=locked.total, currency=locked.currency, options=options
            )
        payment.reference = result.reference or payment.reference
        if result.succeeded:
            payment.status = PaymentStatus.SUCCEEDED
            payment.save(update_fields=["reference", "status", "updated_at"])
            order_transition(
                order=locked,
                to_status=OrderStatus.PAID,
                actor=actor,
                actor_kind=actor_kind,
                message=f"Paid with {provider.name}.",
            )
            # Last in the transaction: the invoice number's lock is held only until the commit just after.
            invoice_issue(order_id=locked.pk)
            order_id = locked.pk
            transaction.on_commit(lambda: _start_handoff(order_id))
        else:
            payment.status = PaymentStatus.FAILED
            payment.failure_code = (result.failure_code or "declined")[:60]
            payment.save(update_fields=["reference", "status", "failure_code", "updated_at"])
            order_event_record(
                order=locked, kind="payment_failed", actor=actor, actor_kind=actor_kind, message=payment.failure_code
            )
            declined_code = payment.failure_code
    if declined_code:
        raise PaymentDeclined(failure_code=declined_code)
    order.refresh_from_db()
    return order


def _refund_captured(*, order: Order) -> Payment:
    """Refund ``order``'s captured payment at the provider and record the refund. Call under the order
    lock. Raises ``NothingToRefund``, or ``RefundFailed`` when the provider refuses."""
    captured = order.payments.filter(status=PaymentStatus.SUCCEEDED).order_by("-created_at", "-id").first()
    if captured is None:
        raise NothingToRefund()
    provider = payment_provider()
    if provider.name != captured.provider:
        raise RefundFailed("The payment was taken by a provider that is no longer configured; refund it there.")
    result = provider.refund(reference=captured.reference, amount=captured.amount, currency=captured.currency)
    if not result.succeeded:
        raise RefundFailed(failure_code=result.failure_code or "refused")
    return Payment.objects.create(
        order=order,
        provider=captured.provider,
        reference=result.reference,
        amount=captured.amount,
        currency=captured.currency,
        status=PaymentStatus.REFUNDED,
    )


def order_refund(*, order: Order, actor=None, actor_kind: str = ActorKind.STAFF, message: str = "") -> Order:
    """Give the captured payment back through the provider and move the order to ``refunded``.

    Locks the order; the refund is a new ``Payment`` row with status ``refunded``, documented by a credit note
    for whatever is left to credit on the invoice (``orders.invoices``). Restocks when the
    goods never left (see ``orders.services.status``). Raises ``InvalidTransition`` (409) when the
    order's status cannot become refunded, ``NothingToRefund`` (409), ``RefundFailed`` (502). Not
    idempotent at the provider, so the status check comes first: a refunded order cannot refund again.
    """
    with transaction.atomic():
        locked = _lock(order)
        if not transition_allowed(from_status=locked.status, to_status=OrderStatus.REFUNDED):
            raise InvalidTransition(
                "This order cannot be refunded in its current status.",
                from_status=locked.status,
                to_status=OrderStatus.REFUNDED,
            )
        _refund_captured(order=locked)
        order_transition(
            order=locked, to_status=OrderStatus.REFUNDED, actor=actor, actor_kind=actor_kind, message=message
        )
        credit_note_issue_for_refund(order_id=locked.pk, reason=message or "Order refunded")
    order.refresh_from_db()
    return order


# A shopper may cancel only before the order is handed to a carrier.
SHOPPER_CANCELLABLE = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID})


def order_cancel(*, order: Order, actor=None, actor_kind: str = ActorKind.SHOPPER, message: str = "") -> Order:
    """Cancel an order that is waiting for payment or paid, restocking; a paid order's payment is
    refunded through the provider first (a refund ``Payment`` row is recorded, and a credit note).

    Locks the order. Raises ``InvalidTransition`` (409) from any other status (an order handed to a
    carrier is refunded by staff instead), ``RefundFailed`` (502) when the provider refuses the refund;
    the order is then unchanged.
    """
    with transaction.atomic():
        locked = _lock(order)
        if locked.status not in SHOPPER_CANCELLABLE:
            raise InvalidTransition(
                "Only an order that is waiting for payment or paid can be cancelled.",
                from_status=locked.status,
                to_status=OrderStatus.CANCELLED,
            )
        was_paid = locked.status == OrderStatus.PAID
        if was_paid:
            _refund_captured(order=locked)
        order_transition(
            order=locked, to_status=OrderStatus.CANCELLED, actor=actor, actor_kind=actor_kind, message=message
        )
        if was_paid:
            credit_note_issue_for_refund(order_id=locked.pk, reason=message or "Order cancelled and refunded")
    order.refresh_from_db()
    return order
