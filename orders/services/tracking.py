"""Tracking events carriers report about parcels, and the order moves they mean (picked up: shipped;
delivered: delivered), step by step and never backwards. The carrier's signed webhook
(``orders.api.logistics``) is the caller."""

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext_lazy

from core.errors import NotFound
from orders.codes import ErrorCode
from orders.models import ActorKind, Carrier, Order, OrderStatus, Shipment, TrackingEvent
from orders.selectors.logistics import shipment_get_by_tracking
from orders.services.status import order_transition, transition_allowed

# Carrier tracking statuses, and the order status each one means has been reached.
TRACKING_STATUSES: dict[str, str | None] = {
    "picked_up": OrderStatus.SHIPPED,
    "in_transit": OrderStatus.SHIPPED,
    "out_for_delivery": OrderStatus.SHIPPED,
    "delivered": OrderStatus.DELIVERED,
    "exception": None,
}
# Where an order stands on the way to its recipient; a late or replayed event never moves it back.
_DELIVERY_PROGRESS = (OrderStatus.AWAITING_PICKUP, OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.COMPLETED)


class UnknownTrackingNumber(NotFound):
    code = ErrorCode.UNKNOWN_TRACKING_NUMBER
    default_detail = gettext_lazy("No parcel of this carrier has this tracking number.")


@dataclass(frozen=True)
class TrackingUpdate:
    """One event a carrier reports about a parcel."""

    tracking_number: str
    event_id: str
    status: str
    occurred_at: datetime
    description: str = ""
    location: str = ""


def _order_advance(*, order: Order, reached: str, message: str) -> None:
    """Move ``order`` forward, step by step, to the delivery status ``reached``; never backwards, and not
    at all once it left the delivery path (cancelled, refunded)."""
    target = _DELIVERY_PROGRESS.index(reached)
    for step in _DELIVERY_PROGRESS[1 : target + 1]:
        if order.status not in _DELIVERY_PROGRESS:
            return
        if _DELIVERY_PROGRESS.index(order.status) >= _DELIVERY_PROGRESS.index(step):
            continue
        if not transition_allowed(from_status=order.status, to_status=step):
            return
        order = order_transition(order_id=order.pk, to_status=step, actor_kind=ActorKind.CARRIER, message=message)


def shipment_tracking_record(*, carrier: Carrier, update: TrackingUpdate) -> bool:
    """Record a tracking event ``carrier`` reported and move the order to ``shipped`` / ``delivered``.

    Returns False for a replay (an ``event_id`` already recorded for the parcel), which changes nothing.
    A ``delivered`` event for an order still awaiting pickup records both moves; an event older than the
    order's progress (out of order, or replayed) is recorded but moves nothing. Locks the order, then the
    shipment. Raises ``UnknownTrackingNumber`` (404) when ``carrier`` has no parcel with that number.
    """
    shipment = shipment_get_by_tracking(carrier=carrier, tracking_number=update.tracking_number)
    if shipment is None:
        raise UnknownTrackingNumber()
    with transaction.atomic():
        order = Order.objects.select_for_update().get(pk=shipment.order_id)
        Shipment.objects.select_for_update().filter(pk=shipment.pk).values_list("pk", flat=True).get()
        _, created = TrackingEvent.objects.get_or_create(
            shipment=shipment,
            event_id=update.event_id,
            defaults={
                "status": update.status,
                "description": update.description,
                "location": update.location,
                "occurred_at": update.occurred_at,
            },
        )
        if not created:
            return False
        reached = TRACKING_STATUSES.get(update.status)
        if reached is not None:
            label = update.status.replace("_", " ")
            _order_advance(order=order, reached=reached, message=f"{carrier.name}: {label}.")
    return True
