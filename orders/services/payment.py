"""Taking an order's money the way providers work: open an intent, let the shopper confirm it on the
provider's page, learn the outcome from a signed webhook (or by asking, when it never comes), capture.

Every path that learns a provider state (the webhook, the reconcile job, the shopper's return from the
hosted page, a provider that confirms at once) goes through ``_state_apply``, under the order's row lock
then the payment's, so the same news applied twice, or two pieces of news racing, leave one outcome:

* a payment only moves forward (pending -> authorised -> succeeded, or -> failed) and never out of a
  final state, so a replayed or late webhook changes nothing;
* a state older than the one applied (``provider_updated_at``) is stale and ignored: out-of-order events;
* an authorisation is captured only while the order still waits for payment; one that arrives for an
  order cancelled meanwhile is left uncaptured (it lapses at the provider) and recorded as an event.

Refunds live in ``orders.services.refunds``; ``order_cancel`` is here because a paid order's cancel is a
full refund.
"""

import contextlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import DomainError, NotFound
from orders.codes import ErrorCode, OrderEventKind
from orders.conf import orders_setting
from orders.invoices.services.issuing import invoice_issue
from orders.models import ActorKind, Order, OrderStatus, Payment, PaymentStatus, PaymentWebhookEvent
from orders.payments import (
    INTENT_AUTHORIZED,
    INTENT_CAPTURED,
    INTENT_FAILED,
    IntentState,
    PaymentProvider,
    PaymentProviderUnavailable,
    WebhookEvent,
    payment_provider,
)
from orders.payments.disclosure import payment_recipient_check
from orders.services.status import InvalidTransition, order_event_record, order_transition
from privacy.models import DisclosureOutcome
from privacy.regions import region_is_cross_border
from privacy.services.disclosure import disclosure_record

PAYMENT_PURPOSE = "Taking the payment of your order"
_FINAL = frozenset({PaymentStatus.SUCCEEDED, PaymentStatus.FAILED, PaymentStatus.REFUNDED})
# Outcomes of applying a provider state, recorded on webhook events.
APPLIED, STALE, IGNORED = "applied", "stale", "ignored"


class PaymentDeclined(DomainError):
    code = ErrorCode.PAYMENT_DECLINED
    status_code = 402
    default_detail = gettext_lazy("The payment was declined. The order is still waiting for payment.")


class PaymentProviderDown(DomainError):
    code = ErrorCode.PAYMENT_PROVIDER_UNAVAILABLE
    status_code = 503
    default_detail = gettext_lazy(
        "The payment provider cannot be reached right now. Nothing was charged; try again shortly."
    )


class UnknownPayment(NotFound):
    code = ErrorCode.UNKNOWN_PAYMENT
    default_detail = gettext_lazy("No payment of this provider has this reference.")


def _lock(order: Order) -> Order:
    locked = Order.objects.select_for_update().filter(pk=order.pk).first()
    if locked is None:
        raise NotFound(gettext("This order does not exist."))
    return locked


def _start_handoff(order_id: int) -> None:
    # Imported here: the logistics service imports this module's neighbours (status), not the reverse.
    from orders.services.logistics import order_handoff_start

    order_handoff_start(order_id=order_id)


def payment_return_url(order: Order) -> str:
    """Where the provider sends the shopper back: the order's payment-return page, absolute (a guest's:
    their signed order page, which asks the provider too)."""
    if order.user is None:
        from orders.services.guest import guest_order_url

        return guest_order_url(order)
    path = reverse("orders:payment-return", kwargs={"number": order.number})
    return orders_setting("SHOP_SITE_URL").rstrip("/") + path


def order_pay(
    *, order: Order, actor=None, actor_kind: str = ActorKind.SHOPPER, options: Mapping[str, Any] | None = None
) -> Payment:
    """Open a payment of a ``pending_payment`` order at the provider and return it (status ``pending``,
    with the hosted page's ``redirect_url``). Idempotent while it is pending: asking again returns the
    same open payment. Records what was sent to the provider on the disclosure log.

    A provider that confirms at once is applied at once (the order may come back paid). Raises
    ``InvalidTransition`` (409) when the order is not waiting for payment, ``PaymentDeclined`` (402) when
    the provider refuses at once, ``PaymentProviderDown`` (503) when it cannot be reached (no payment is
    recorded then, but the disclosure log keeps the attempt with its outcome: the data may have arrived).
    """
    declined_code = ""
    unreachable: tuple[PaymentProvider, Order, str] | None = None
    with transaction.atomic():
        locked = _lock(order)
        if locked.status != OrderStatus.PENDING_PAYMENT:
            raise InvalidTransition(
                gettext("Only an order waiting for payment can be paid."),
                from_status=locked.status,
                to_status=OrderStatus.PAID,
            )
        provider = payment_provider()
        payment_recipient_check(order=locked, provider=provider)
        open_payment = locked.payments.filter(
            provider=provider.name, status=PaymentStatus.PENDING, amount=locked.total
        ).first()
        if open_payment is not None and open_payment.redirect_url:
            return open_payment
        try:
            intent = provider.intent_create(
                order_number=locked.number,
                amount=locked.total,
                currency=locked.currency,
                return_url=payment_return_url(locked),
                options=dict(options or {}),
            )
        except PaymentProviderUnavailable as exc:
            unreachable = (provider, locked, exc.code)
        else:
            payment = _payment_opened(
                provider=provider, order=locked, intent=intent, actor=actor, actor_kind=actor_kind
            )
            if intent.state in (INTENT_AUTHORIZED, INTENT_CAPTURED, INTENT_FAILED):
                _state_apply(provider=provider, order=locked, payment=payment, state=intent, actor_kind=actor_kind)
                payment.refresh_from_db()
                declined_code = payment.failure_code if payment.status == PaymentStatus.FAILED else ""
    if unreachable is not None:
        # Outside the rolled-back work: the order number and amount may have reached the provider (C3).
        _payment_disclosed(*unreachable[:2], outcome=DisclosureOutcome.UNAVAILABLE, outcome_code=unreachable[2])
        raise PaymentProviderDown()
    if declined_code:
        raise PaymentDeclined(failure_code=declined_code)
    return payment


def _payment_opened(*, provider: PaymentProvider, order: Order, intent: IntentState, actor, actor_kind: str) -> Payment:
    """Record a payment the provider opened, and what was sent to it, with its answer (C3)."""
    payment = Payment.objects.create(
        order=order,
        provider=provider.name,
        reference=intent.reference,
        amount=order.total,
        currency=order.currency,
        status=PaymentStatus.PENDING,
        redirect_url=intent.redirect_url,
        provider_updated_at=intent.updated_at,
    )
    refused = intent.state == INTENT_FAILED
    _payment_disclosed(
        provider,
        order,
        fields=intent.fields_sent,
        outcome=DisclosureOutcome.REJECTED if refused else DisclosureOutcome.ACCEPTED,
        outcome_code=(intent.failure_code or "declined")[:60] if refused else "",
    )
    order_event_record(
        order=order, kind=OrderEventKind.PAYMENT_STARTED, actor=actor, actor_kind=actor_kind, message="Payment opened."
    )
    return payment


def _payment_disclosed(
    provider: PaymentProvider, order: Order, *, fields=(), outcome: str, outcome_code: str = ""
) -> None:
    disclosure_record(
        user_id=order.user_id,
        recipient=provider.recipient or provider.name,
        recipient_ref=f"payment:{provider.name}",
        purpose=PAYMENT_PURPOSE,
        fields=fields or ("order_number", "amount", "currency"),
        reference=order.number,
        cross_border=region_is_cross_border(provider.region),
        recipient_region=provider.region,
        outcome=outcome,
        outcome_code=outcome_code,
    )


def _state_apply(
    *, provider: PaymentProvider, order: Order, payment: Payment, state: IntentState | WebhookEvent, actor_kind: str
) -> str:
    """Apply a provider state to ``payment`` of ``order`` (both locked by the caller); see the module
    docstring. Returns ``applied``, ``stale`` or ``ignored``."""
    occurred_at: datetime | None = getattr(state, "occurred_at", None) or getattr(state, "updated_at", None)
    if payment.provider_updated_at and occurred_at and occurred_at < payment.provider_updated_at:
        return STALE
    if payment.status in _FINAL or state.state not in (INTENT_AUTHORIZED, INTENT_CAPTURED, INTENT_FAILED):
        return IGNORED
    payment.provider_updated_at = occurred_at or timezone.now()
    if state.state == INTENT_FAILED:
        payment.status = PaymentStatus.FAILED
        payment.failure_code = (state.failure_code or "declined")[:60]
        payment.save(update_fields=["status", "failure_code", "provider_updated_at", "updated_at"])
        order_event_record(
            order=order, kind=OrderEventKind.PAYMENT_FAILED, actor_kind=actor_kind, message=payment.failure_code
        )
        return APPLIED
    if order.status != OrderStatus.PENDING_PAYMENT:
        payment.status = PaymentStatus.AUTHORIZED
        payment.save(update_fields=["status", "provider_updated_at", "updated_at"])
        order_event_record(
            order=order,
            kind=OrderEventKind.PAYMENT_NOT_CAPTURED,
            actor_kind=ActorKind.SYSTEM,
            message="A payment was authorised after the order had moved on; it was not captured and will lapse.",
        )
        return APPLIED
    if state.state == INTENT_AUTHORIZED:
        payment.status = PaymentStatus.AUTHORIZED
        payment.save(update_fields=["status", "provider_updated_at", "updated_at"])
        try:
            result = provider.capture(reference=payment.reference, amount=payment.amount, currency=payment.currency)
        except PaymentProviderUnavailable:
            return APPLIED  # authorised, captured by the reconcile job once the provider answers
        if not result.succeeded:
            payment.status = PaymentStatus.FAILED
            payment.failure_code = (result.failure_code or "capture_failed")[:60]
            payment.save(update_fields=["status", "failure_code", "updated_at"])
            order_event_record(
                order=order, kind=OrderEventKind.PAYMENT_FAILED, actor_kind=actor_kind, message=payment.failure_code
            )
            return APPLIED
    payment.status = PaymentStatus.SUCCEEDED
    payment.save(update_fields=["status", "provider_updated_at", "updated_at"])
    order_transition(
        order=order, to_status=OrderStatus.PAID, actor_kind=actor_kind, message=f"Paid with {provider.name}."
    )
    # Last in the transaction: the invoice number's lock is held only until the commit just after.
    invoice_issue(order_id=order.pk)
    order_id = order.pk
    transaction.on_commit(lambda: _start_handoff(order_id))
    return APPLIED


def payment_webhook_receive(*, provider: PaymentProvider, event: WebhookEvent) -> tuple[bool, str]:
    """Apply one verified webhook event; returns ``(duplicate, outcome)``.

    Idempotent per event id: a replay answers ``duplicate`` and changes nothing (the event row is written
    under the order's lock, so two deliveries racing still apply once). Raises ``UnknownPayment`` (404)
    when no payment of this provider has the event's reference.
    """
    payment = Payment.objects.filter(provider=provider.name, reference=event.reference).exclude(
        status=PaymentStatus.REFUNDED
    )
    found = payment.values_list("pk", "order_id").first()
    if found is None:
        raise UnknownPayment()
    payment_id, order_id = found
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=order_id)
        locked = Payment.objects.select_for_update().get(pk=payment_id)
        try:
            with transaction.atomic():
                record = PaymentWebhookEvent.objects.create(
                    provider=provider.name,
                    event_id=event.event_id,
                    kind=event.kind,
                    reference=event.reference,
                    outcome=IGNORED,
                )
        except IntegrityError:
            return True, IGNORED
        outcome = _state_apply(provider=provider, order=order, payment=locked, state=event, actor_kind=ActorKind.SYSTEM)
        record.outcome = outcome
        record.save(update_fields=["outcome"])
    return False, outcome


def payment_reconcile(*, payment_id: int) -> str:
    """Ask the provider for the state of a pending or authorised payment and apply it, as a lost webhook
    would have; capture an authorisation still uncaptured. A payment whose order moved on without it
    (cancelled unpaid) while the shopper never acted is closed as ``abandoned``. Idempotent. Returns the
    outcome; raises ``PaymentProviderUnavailable`` when the provider does not answer (retry later)."""
    payment = Payment.objects.filter(pk=payment_id).first()
    provider = payment_provider()
    if payment is None or payment.status in _FINAL or payment.provider != provider.name:
        return IGNORED
    state = provider.intent_retrieve(reference=payment.reference)
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=payment.order_id)
        locked = Payment.objects.select_for_update().get(pk=payment_id)
        if locked.status == PaymentStatus.AUTHORIZED and order.status == OrderStatus.PENDING_PAYMENT:
            # Authorised earlier but the capture did not go through: try again with the same news.
            locked.status = PaymentStatus.PENDING
        outcome = _state_apply(provider=provider, order=order, payment=locked, state=state, actor_kind=ActorKind.SYSTEM)
        if (
            outcome == IGNORED
            and locked.status == PaymentStatus.PENDING
            and order.status != OrderStatus.PENDING_PAYMENT
        ):
            locked.status = PaymentStatus.FAILED
            locked.failure_code = "abandoned"
            outcome = APPLIED
        locked.save()
    return outcome


def payments_reconcile_batch() -> tuple[int, bool]:
    """Reconcile up to one batch of payments left pending or authorised longer than
    ``ORDERS_PAYMENT_RECONCILE_AFTER``, oldest first. Returns ``(checked, more_left)``. A provider that
    does not answer leaves the payment for the next run."""
    cutoff = timezone.now() - timedelta(seconds=orders_setting("ORDERS_PAYMENT_RECONCILE_AFTER"))
    size = orders_setting("ORDERS_PAYMENT_RECONCILE_BATCH_SIZE")
    ids = list(
        Payment.objects.filter(status__in=(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED), updated_at__lt=cutoff)
        .order_by("updated_at", "pk")
        .values_list("pk", flat=True)[:size]
    )
    checked = 0
    for payment_id in ids:
        try:
            payment_reconcile(payment_id=payment_id)
        except PaymentProviderUnavailable:
            continue
        checked += 1
    return checked, len(ids) == size and checked > 0


def order_payment_refresh(*, order: Order) -> Order:
    """When the shopper comes back from the provider's page: reconcile the order's open payment now
    rather than wait for the webhook. Never raises for the provider being down (the webhook or the
    reconcile job will tell)."""
    open_ids = order.payments.filter(status__in=(PaymentStatus.PENDING, PaymentStatus.AUTHORIZED)).values_list(
        "pk", flat=True
    )
    for payment_id in list(open_ids):
        with contextlib.suppress(PaymentProviderUnavailable):
            payment_reconcile(payment_id=payment_id)
    order.refresh_from_db()
    return order


# A shopper may cancel only before the order is handed to a carrier.
SHOPPER_CANCELLABLE = frozenset({OrderStatus.PENDING_PAYMENT, OrderStatus.PAID})


def order_cancel(*, order: Order, actor=None, actor_kind: str = ActorKind.SHOPPER, message: str = "") -> Order:
    """Cancel an order that is waiting for payment or paid, restocking; a paid order's payment is
    refunded in full through the provider first.

    Locks the order. Raises ``InvalidTransition`` (409) from any other status (an order handed to a
    carrier is refunded by staff instead), ``RefundFailed`` (502) when the provider refuses the refund;
    the order is then unchanged.
    """
    from orders.services.refunds import refund_at_provider

    with transaction.atomic():
        locked = _lock(order)
        if locked.status not in SHOPPER_CANCELLABLE:
            raise InvalidTransition(
                gettext("Only an order that is waiting for payment or paid can be cancelled."),
                from_status=locked.status,
                to_status=OrderStatus.CANCELLED,
            )
        if locked.status == OrderStatus.PAID:
            refund_at_provider(order=locked, amount=None, reason=message or "Order cancelled.", actor=actor)
        order_transition(
            order=locked, to_status=OrderStatus.CANCELLED, actor=actor, actor_kind=actor_kind, message=message
        )
    order.refresh_from_db()
    return order
