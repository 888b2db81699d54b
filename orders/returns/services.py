"""Return workflows: ask, approve (and book the pickup), reject, receive (restock and refund).

Locks are taken order first, then the return, the same order as refunds and status changes take them.
Nothing personal goes into order events, errors or ``pickup_error``: ids, numbers and codes only. The
shopper's reason stays on the return (declared in ``personal_data.py``).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, DomainError, NotFound
from orders.carriers.client import CarrierRejected
from orders.codes import ErrorCode, OrderEventKind
from orders.models import ActorKind, Order, OrderLine
from orders.returns.models import PickupStatus, ReturnLine, ReturnRequest, ReturnStatus
from orders.returns.pickup import carrier_pickup_book, pickup_request_build
from orders.returns.selectors import line_returnable_quantity, return_window_open
from orders.selectors.logistics import carrier_for_handoff
from orders.services.notifications import order_notification_queue
from orders.services.refunds import order_refund_partial
from orders.services.status import order_event_record
from privacy.services.disclosure import disclosure_record

PICKUP_PURPOSE = "Collecting your return"


class ReturnNotAllowed(Conflict):
    code = ErrorCode.RETURN_NOT_ALLOWED
    default_detail = gettext_lazy(
        "This order cannot be returned: it is not delivered, or the return window has closed."
    )


class ReturnLinesInvalid(DomainError):
    code = ErrorCode.INVALID_RETURN_LINES
    default_detail = gettext_lazy(
        "A line is not part of this order, or more units are asked back than can be returned."
    )


class ReturnStateConflict(Conflict):
    code = ErrorCode.RETURN_STATE_CONFLICT
    default_detail = gettext_lazy("The return is not in a state that allows this.")


def _return_reference(return_request: ReturnRequest) -> str:
    return f"{return_request.order.number}-R{return_request.pk}"


def return_request_create(*, order: Order, lines: dict[int, int], reason: str, actor=None) -> ReturnRequest:
    """Ask to return ``lines`` (order line id -> units) of ``order`` with ``reason``.

    Locks the order. Raises ``ReturnNotAllowed`` (409) outside the window or for an order that is not
    delivered, ``ReturnLinesInvalid`` (400) for an unknown line or too many units. Queues nothing: staff
    decide next.
    """
    if not lines:
        raise ReturnLinesInvalid(gettext("Choose at least one line to return."))
    with transaction.atomic():
        locked = Order.objects.select_for_update().filter(pk=order.pk).first()
        if locked is None:
            raise NotFound(gettext("There is no such order."))
        if not return_window_open(locked):
            raise ReturnNotAllowed()
        by_id = {line.pk: line for line in OrderLine.objects.filter(order=locked, pk__in=lines)}
        for line_id, quantity in lines.items():
            line = by_id.get(line_id)
            if line is None or quantity < 1 or quantity > line_returnable_quantity(line):
                raise ReturnLinesInvalid(line_id=line_id)
        return_request = ReturnRequest.objects.create(order=locked, reason=reason[:500])
        ReturnLine.objects.bulk_create(
            ReturnLine(return_request=return_request, order_line=by_id[line_id], quantity=quantity)
            for line_id, quantity in lines.items()
        )
        order_event_record(
            order=locked,
            kind=OrderEventKind.RETURN_REQUESTED,
            actor=actor,
            actor_kind=ActorKind.SHOPPER,
            message="Return requested.",
        )
    return return_request


def _lock(return_id: int) -> ReturnRequest:
    order_id = ReturnRequest.objects.filter(pk=return_id).values_list("order_id", flat=True).first()
    if order_id is None:
        raise NotFound(gettext("There is no such return."))
    Order.objects.select_for_update().filter(pk=order_id).first()
    return ReturnRequest.objects.select_for_update(of=("self",)).select_related("order").get(pk=return_id)


def _decide(*, return_id: int, status: str, actor, note: str) -> ReturnRequest:
    with transaction.atomic():
        return_request = _lock(return_id)
        if return_request.status != ReturnStatus.REQUESTED:
            raise ReturnStateConflict(status=return_request.status)
        return_request.status = status
        return_request.decision_note = note[:255]
        return_request.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        return_request.decided_at = timezone.now()
        return_request.save()
        order = return_request.order
        label = "approved" if status == ReturnStatus.APPROVED else "rejected"
        event_kind = (
            OrderEventKind.RETURN_APPROVED if status == ReturnStatus.APPROVED else OrderEventKind.RETURN_REJECTED
        )
        order_event_record(
            order=order, kind=event_kind, actor=actor, actor_kind=ActorKind.STAFF, message=f"Return {label}."
        )
        order_notification_queue(order_id=order.pk, kind=f"return_{label}", key=str(return_id), detail=note)
        if status == ReturnStatus.APPROVED:
            transaction.on_commit(lambda: _queue_pickup(return_id), robust=True)
    return return_request


def _queue_pickup(return_id: int) -> None:
    from orders.returns.tasks import return_pickup_book_task

    return_pickup_book_task.delay(return_id)


def return_approve(*, return_id: int, actor=None, note: str = "") -> ReturnRequest:
    """Approve a requested return, tell the shopper, and book the courier pickup after commit. Raises
    ``ReturnStateConflict`` (409) unless the return is ``requested``."""
    return _decide(return_id=return_id, status=ReturnStatus.APPROVED, actor=actor, note=note)


def return_reject(*, return_id: int, actor=None, note: str) -> ReturnRequest:
    """Reject a requested return with ``note`` (the reason the shopper reads). Raises
    ``ReturnStateConflict`` (409) unless the return is ``requested``, ``DomainError`` without a note."""
    if not note.strip():
        raise DomainError(gettext("Say why the return is rejected."), code="invalid", fields={"note": ["Required."]})
    return _decide(return_id=return_id, status=ReturnStatus.REJECTED, actor=actor, note=note)


def return_pickup_book(*, return_id: int) -> ReturnRequest:
    """Book the courier pickup of an approved return with the default carrier and record the
    disclosure (phone and address only). Idempotent: a booked pickup is left alone, and the return's
    reference is the carrier's idempotency key. Raises ``CarrierUnavailable`` for the task to retry;
    a rejection or no carrier is recorded as ``pickup_status=failed`` with a code."""
    return_request = ReturnRequest.objects.select_related("order").get(pk=return_id)
    if return_request.status != ReturnStatus.APPROVED or return_request.pickup_status == PickupStatus.BOOKED:
        return return_request
    carrier = return_request.pickup_carrier or carrier_for_handoff(carrier_id=None)
    request = pickup_request_build(order=return_request.order, return_reference=_return_reference(return_request))
    error = ""
    reference = ""
    if carrier is None:
        error = "no_carrier_available"
    else:
        try:
            reference = carrier_pickup_book(carrier=carrier, request=request)
        except CarrierRejected as rejected:
            error = rejected.code
    with transaction.atomic():
        locked = _lock(return_id)
        if locked.pickup_status == PickupStatus.BOOKED:
            return locked
        locked.pickup_carrier = carrier
        if error:
            locked.pickup_status, locked.pickup_error = PickupStatus.FAILED, error[:60]
        else:
            locked.pickup_status, locked.pickup_reference, locked.pickup_error = PickupStatus.BOOKED, reference, ""
            disclosure_record(
                user_id=locked.order.user_id,
                recipient=carrier.name,
                recipient_ref=f"carrier:{carrier.slug}",
                purpose=PICKUP_PURPOSE,
                fields=request.fields,
                cross_border=carrier.is_abroad,
                reference=locked.order.number,
            )
            order_event_record(
                order=locked.order,
                kind=OrderEventKind.RETURN_PICKUP_BOOKED,
                actor_kind=ActorKind.SYSTEM,
                message=carrier.name,
            )
        locked.save()
    return locked


def return_receive(*, return_id: int, actor=None) -> ReturnRequest:
    """The returned parcel arrived: restock its lines and refund them (``order_refund_partial``), in one
    transaction. Raises ``ReturnStateConflict`` (409) unless the return is ``approved``, and the refund's
    errors (``RefundFailed`` 502...), in which case nothing changes."""
    with transaction.atomic():
        return_request = _lock(return_id)
        if return_request.status != ReturnStatus.APPROVED:
            raise ReturnStateConflict(status=return_request.status)
        lines = {line.order_line_id: line.quantity for line in return_request.lines.all()}
        refund = order_refund_partial(
            order=return_request.order,
            reason="Returned items received.",
            lines=lines,
            restock=True,
            actor=actor,
        )
        return_request.status = ReturnStatus.RECEIVED
        return_request.received_at = timezone.now()
        return_request.refund = refund
        return_request.save()
    return return_request
