"""The logistics handoff (promises C1, C2, C3, E4): book a parcel with a carrier, follow it back.

The flow: ``order_handoff_start`` (on payment, or from the admin) creates the order's one ``Shipment``
and queues ``orders.tasks.logistics.order_handoff`` with the order id. The task calls
``shipment_book``, which checks the order may still ship and the carrier may receive its data, posts the
request (``orders.carriers``) and records the booking, the disclosure and the move to
``awaiting_pickup`` in one transaction. The carrier then reports through the signed webhook, recorded by
``shipment_tracking_record``, which moves the order to ``shipped`` and ``delivered``.

Locks are always taken order first, then shipment, so the handoff, the booking and the webhook never
deadlock each other. No lock is held while a carrier is called: a concurrent second call is made safe by
the order number sent as the carrier's idempotency key (same key, same tracking number) and by the
booking being recorded only once.

Nothing personal goes into log lines, exception messages, order events or ``Shipment.last_error``:
ids, order numbers, carrier names and codes only.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, NotFound
from core.task_queue import task_enqueue
from orders.carriers.client import CarrierRejected, CarrierUnavailable, carrier_shipment_book
from orders.carriers.payload import ShipmentRequest, shipment_request_build
from orders.codes import ErrorCode, OrderEventKind
from orders.models import ActorKind, Carrier, Order, OrderStatus, Shipment, ShipmentStatus
from orders.selectors.logistics import carrier_for_handoff
from orders.services.status import order_event_record, order_transition
from privacy.models import DisclosureOutcome
from privacy.purposes import CROSS_BORDER_TRANSFER
from privacy.regions import region_is_cross_border
from privacy.selectors.consent import consent_is_granted
from privacy.services.disclosure import disclosure_record

logger = logging.getLogger(__name__)

CROSS_BORDER_CONSENT_REQUIRED = "cross_border_consent_required"
ORDER_NOT_SHIPPABLE = "order_not_shippable"
CARRIER_INACTIVE = "carrier_inactive"
CARRIER_DUPLICATE_TRACKING = "carrier_duplicate_tracking"


class NoCarrierAvailable(Conflict):
    code = ErrorCode.NO_CARRIER_AVAILABLE
    default_detail = gettext_lazy("This carrier is not active: choose an active one.")


class HandoffNotAllowed(Conflict):
    code = ErrorCode.HANDOFF_NOT_ALLOWED
    default_detail = gettext_lazy("Only a paid order that is not yet with a carrier can be handed off.")


class HandoffInProgress(Conflict):
    code = ErrorCode.HANDOFF_IN_PROGRESS
    default_detail = gettext_lazy(
        "The order is being handed to another carrier; wait for that handoff to finish or fail."
    )


def _queue_handoff(order_id: int) -> None:
    # Imported here: the tasks module imports this one.
    from orders.tasks.logistics import order_handoff

    # Robust: a broker that is down (or, with eager tasks in development, a first attempt that asks for a
    # retry) must not turn the payment or admin action that queued it into an error. It is logged, the
    # shipment stays ``requested`` and ``shipment_handoffs_requeue`` (every few minutes) queues it again once
    # the broker is back; meanwhile it shows as overdue in the admin, where staff can retry it.
    transaction.on_commit(lambda: task_enqueue(order_handoff, order_id), robust=True)


def order_handoff_start(*, order_id: int, carrier_id: int | None = None, actor=None) -> None:
    """Hand a paid order to ``carrier_id`` (default: the carrier of the shipping method the shopper chose,
    else the active default carrier): create its shipment and
    queue the booking task after commit.

    Idempotent per order: a booked shipment is left alone; a shipment still being requested is queued
    again (the task is idempotent too); a failed one is requested again, with the carrier given or the
    default one, which is how staff pick another carrier. Without ``carrier_id`` and with no active
    default carrier it only records a ``handoff_waiting`` order event and returns, so a payment never
    fails for want of a carrier. Locks the order, then its shipment.

    Raises ``NotFound`` (no such order), ``HandoffNotAllowed`` (the order is not paid),
    ``HandoffInProgress`` (a different carrier while a request is pending), ``NoCarrierAvailable``
    (``carrier_id`` is not an active carrier).
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise NotFound(gettext("This order does not exist."))
        shipment = Shipment.objects.select_for_update().filter(order=order).first()
        if shipment is not None and shipment.status == ShipmentStatus.BOOKED:
            return
        if shipment is not None and shipment.status == ShipmentStatus.REQUESTED:
            if carrier_id is not None and carrier_id != shipment.carrier_id:
                raise HandoffInProgress()
            _queue_handoff(order.pk)
            return
        if order.status != OrderStatus.PAID:
            raise HandoffNotAllowed(status=order.status)
        carrier = carrier_for_handoff(carrier_id=carrier_id, order=order)
        if carrier is None and carrier_id is None:
            # Paid in a shop with no default carrier: the payment stands, staff hand the order off later.
            order_event_record(
                order=order,
                kind=OrderEventKind.HANDOFF_WAITING,
                actor_kind=ActorKind.SYSTEM,
                message="No default carrier is configured: hand the order to a carrier from the admin.",
            )
            return
        if carrier is None:
            raise NoCarrierAvailable()
        if shipment is None:
            Shipment.objects.create(order=order, carrier=carrier)
        else:
            shipment.carrier = carrier
            shipment.status = ShipmentStatus.REQUESTED
            shipment.last_error = ""
            shipment.save(update_fields=["carrier", "status", "last_error", "updated_at"])
        order_event_record(
            order=order,
            kind=OrderEventKind.HANDOFF_REQUESTED,
            actor=actor,
            actor_kind=ActorKind.STAFF if actor is not None else ActorKind.SYSTEM,
            message=f"Handoff to {carrier.name} requested.",
        )
        _queue_handoff(order.pk)


def shipment_handoffs_requeue(*, limit: int = 200) -> int:
    """Queue the handoff task again for shipments still ``requested`` and untouched for
    ``LOGISTICS_HANDOFF_REQUEUE_AFTER`` seconds: their task was lost (the broker was down when it was
    queued, or its message vanished). Returns how many were queued.

    Safe to run any time: the task is idempotent, so a shipment whose task is only slow gets a harmless
    second run. A shipment's ``updated_at`` is touched only once its message is published, so the next
    sweep skips it and a broker that is still down leaves it due for the sweep after. Raises the broker's
    error when publishing fails (the periodic run is simply lost; the next one tries again). No locks.
    """
    from orders.tasks.logistics import order_handoff

    cutoff = timezone.now() - timedelta(seconds=settings.LOGISTICS_HANDOFF_REQUEUE_AFTER)
    due = Shipment.objects.filter(status=ShipmentStatus.REQUESTED, updated_at__lt=cutoff).order_by("updated_at")
    queued = 0
    for shipment_id, order_id in due.values_list("pk", "order_id")[:limit]:
        order_handoff.delay(order_id)
        Shipment.objects.filter(pk=shipment_id, status=ShipmentStatus.REQUESTED).update(updated_at=timezone.now())
        queued += 1
    if queued:
        logger.info("Queued %s pending handoffs again", queued)
    return queued


def carrier_is_cross_border(carrier: Carrier) -> bool:
    """A carrier marked abroad, or declaring a region other than the shop's storage region (E4)."""
    return carrier.is_abroad or region_is_cross_border(carrier.region)


def _refusal_code(*, order: Order, carrier: Carrier) -> str:
    """Why ``order`` must not be sent to ``carrier`` right now, or "" when it may."""
    if order.status != OrderStatus.PAID:
        return ORDER_NOT_SHIPPABLE
    if not carrier.is_active:
        return CARRIER_INACTIVE
    # Checked right before sending, so a consent withdrawn since the order was paid counts (A3, E4).
    if carrier_is_cross_border(carrier) and (
        order.user_id is None or not consent_is_granted(user_id=order.user_id, purpose=CROSS_BORDER_TRANSFER)
    ):
        return CROSS_BORDER_CONSENT_REQUIRED
    return ""


_FAILURE_MESSAGES = {
    CROSS_BORDER_CONSENT_REQUIRED: (
        "{carrier} is abroad and the buyer has not consented to transfers abroad: nothing was sent. "
        "Choose another carrier."
    ),
    ORDER_NOT_SHIPPABLE: "Not handed to {carrier}: the order is no longer waiting for shipment.",
    CARRIER_INACTIVE: "Not handed to {carrier}: the carrier is inactive. Choose another carrier.",
}


def _shipment_fail(*, order: Order, shipment: Shipment, code: str) -> None:
    """Mark ``shipment`` failed with ``code`` and tell staff in the order's history (caller holds the locks)."""
    shipment.status = ShipmentStatus.FAILED
    shipment.last_error = code
    shipment.save(update_fields=["status", "last_error", "updated_at"])
    template = _FAILURE_MESSAGES.get(code, "Handoff to {carrier} failed ({code}).")
    order_event_record(
        order=order,
        kind=OrderEventKind.HANDOFF_FAILED,
        actor_kind=ActorKind.SYSTEM,
        message=template.format(carrier=shipment.carrier.name, code=code),
    )
    logger.warning("Handoff of order %s to carrier %s failed: %s", order.pk, shipment.carrier_id, code)


def shipment_handoff_fail(*, order_id: int, code: str) -> None:
    """Give up on the order's pending handoff with error ``code`` (the retries are exhausted).
    Does nothing when the shipment is not pending any more (booked meanwhile)."""
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        shipment = (
            Shipment.objects.select_for_update().select_related("carrier").filter(order_id=order_id).first()
            if order is not None
            else None
        )
        if shipment is not None and shipment.status == ShipmentStatus.REQUESTED:
            _shipment_fail(order=order, shipment=shipment, code=code)


def _booking_prepare(*, order_id: int) -> tuple[Shipment, ShipmentRequest] | None:
    """Count one more attempt and build the request, or refuse; None when there is nothing to send."""
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            return None
        shipment = Shipment.objects.select_for_update().select_related("carrier").filter(order=order).first()
        if shipment is None or shipment.status != ShipmentStatus.REQUESTED:
            return None
        refusal = _refusal_code(order=order, carrier=shipment.carrier)
        if refusal:
            _shipment_fail(order=order, shipment=shipment, code=refusal)
            return None
        Shipment.objects.filter(pk=shipment.pk).update(attempts=F("attempts") + 1, updated_at=timezone.now())
        request = shipment_request_build(order=order, lines=order.lines.all(), carrier=shipment.carrier)
        return shipment, request


def _booking_record(*, shipment: Shipment, request: ShipmentRequest, tracking_number: str) -> None:
    """Store the tracking number, write the disclosure and move the order on, in one transaction."""
    carrier = shipment.carrier
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=shipment.order_id)
        locked = Shipment.objects.select_for_update().get(pk=shipment.pk)
        if locked.status == ShipmentStatus.BOOKED and locked.carrier_id == carrier.pk:
            # A concurrent run recorded it first: same key, same tracking number, same disclosure.
            return
        # The carrier holds the data from here on, whatever becomes of its booking on our side (C3).
        disclosure_record(
            user_id=order.user_id,
            recipient=carrier.name,
            recipient_ref=f"carrier:{carrier.slug}",
            purpose=f"Delivery of order {order.number}",
            fields=request.fields,
            cross_border=carrier_is_cross_border(carrier),
            reference=order.number,
            recipient_region=carrier.region,
        )
        message = f"Handed to {carrier.name}, tracking number {tracking_number}."
        if locked.carrier_id != carrier.pk:
            # Staff moved the order to another carrier while this one was still booking.
            order_event_record(
                order=order,
                kind=OrderEventKind.HANDOFF_BOOKED,
                actor_kind=ActorKind.SYSTEM,
                message=f"{message} The order went to another carrier meanwhile: call this parcel off.",
            )
            return
        locked.status = ShipmentStatus.BOOKED
        locked.tracking_number = tracking_number
        locked.booked_at = timezone.now()
        locked.last_error = ""
        locked.fields_sent = list(request.fields)
        try:
            with transaction.atomic():
                locked.save(
                    update_fields=["status", "tracking_number", "booked_at", "last_error", "fields_sent", "updated_at"]
                )
        except IntegrityError:
            locked.refresh_from_db()
            _shipment_fail(order=order, shipment=locked, code=CARRIER_DUPLICATE_TRACKING)
            return
        if order.status == OrderStatus.PAID:
            order_transition(order_id=order.pk, to_status=OrderStatus.AWAITING_PICKUP, message=message)
        else:
            # Cancelled or refunded while the carrier was booking: the parcel exists, staff must call it off.
            order_event_record(
                order=order,
                kind=OrderEventKind.HANDOFF_BOOKED,
                actor_kind=ActorKind.SYSTEM,
                message=f"{message} The order was {order.get_status_display().lower()} meanwhile.",
            )


def shipment_book(*, order_id: int) -> None:
    """Book the order's pending shipment with its carrier; the body of the handoff task.

    Idempotent: does nothing unless the shipment is ``requested``, so a booked (or failed) shipment is
    never sent again; the order number is the carrier's idempotency key, so even two runs racing each
    other get one parcel. Refuses, without sending anything, an order that is no longer paid, an inactive
    carrier, and a carrier abroad without the buyer's ``cross_border_transfer`` consent: the shipment is
    marked failed with the code and an order event tells staff to choose another carrier. A carrier that
    rejects the request (4xx, no tracking number) fails the shipment too.

    Raises ``CarrierUnavailable`` (network error, timeout, 5xx, 429) after storing its code in
    ``last_error``, for the task to retry.
    """
    prepared = _booking_prepare(order_id=order_id)
    if prepared is None:
        return
    shipment, request = prepared
    try:
        tracking_number = carrier_shipment_book(carrier=shipment.carrier, request=request)
    except CarrierRejected as exc:
        with transaction.atomic():
            _disclosure_attempt_record(
                shipment=shipment, request=request, outcome=DisclosureOutcome.REJECTED, code=exc.code
            )
            shipment_handoff_fail(order_id=order_id, code=exc.code)
        return
    except CarrierUnavailable as exc:
        with transaction.atomic():
            # The request may have reached the carrier before the connection failed: it is on record (C3).
            _disclosure_attempt_record(
                shipment=shipment, request=request, outcome=DisclosureOutcome.UNAVAILABLE, code=exc.code
            )
            Shipment.objects.filter(pk=shipment.pk, status=ShipmentStatus.REQUESTED).update(
                last_error=exc.code, updated_at=timezone.now()
            )
        logger.info("Carrier %s unavailable for order %s: %s", shipment.carrier_id, order_id, exc.code)
        raise
    _booking_record(shipment=shipment, request=request, tracking_number=tracking_number)


def _disclosure_attempt_record(*, shipment: Shipment, request: ShipmentRequest, outcome: str, code: str) -> None:
    """Record a handoff attempt the carrier refused or did not answer: the data was sent all the same."""
    carrier = shipment.carrier
    order = Order.objects.only("pk", "user_id", "number").get(pk=shipment.order_id)
    disclosure_record(
        user_id=order.user_id,
        recipient=carrier.name,
        recipient_ref=f"carrier:{carrier.slug}",
        purpose=f"Delivery of order {order.number}",
        fields=request.fields,
        cross_border=carrier_is_cross_border(carrier),
        reference=order.number,
        outcome=outcome,
        outcome_code=code,
        recipient_region=carrier.region,
    )


def carrier_save(*, carrier: Carrier, webhook_secret: str = "", api_key: str | None = None) -> Carrier:
    """Save ``carrier`` (new or changed); a non-empty ``webhook_secret`` replaces the stored one, an empty
    one keeps it. ``api_key``: ``None`` keeps the stored one, a string replaces it (``""`` removes it, for a
    carrier that stopped asking for one). A carrier saved as the default makes every other carrier
    non-default, in the same transaction, so the handoff always knows which one to use."""
    if webhook_secret:
        carrier.webhook_secret = webhook_secret
    if api_key is not None:
        carrier.api_key = api_key
    with transaction.atomic():
        carrier.save()
        if carrier.is_default:
            Carrier.objects.filter(is_default=True).exclude(pk=carrier.pk).update(is_default=False)
    return carrier
