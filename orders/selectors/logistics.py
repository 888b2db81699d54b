"""Reads about carriers and shipments."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from orders.models import Carrier, Order, Shipment, ShipmentStatus, TrackingEvent


def carrier_for_handoff(*, carrier_id: int | None = None, order: Order | None = None) -> Carrier | None:
    """The active carrier ``carrier_id``; without it, the active carrier of the shipping method ``order`` was
    placed with, else the active default carrier; None when there is none. Two carriers marked default (the
    admin prevents it) resolve to the first by name."""
    carriers = Carrier.objects.filter(is_active=True)
    if carrier_id is not None:
        return carriers.filter(pk=carrier_id).first()
    if order is not None and order.shipping_method_id is not None:
        chosen = carriers.filter(shipping_methods=order.shipping_method_id).first()
        if chosen is not None:
            return chosen
    return carriers.filter(is_default=True).order_by("name", "pk").first()


def carrier_get_by_slug(*, slug: str) -> Carrier | None:
    """Any carrier by slug, active or not: a retired carrier still reports on parcels it already has."""
    return Carrier.objects.filter(slug=slug).first()


def shipment_get_by_tracking(*, carrier: Carrier, tracking_number: str) -> Shipment | None:
    """``carrier``'s shipment with this tracking number; another carrier's parcel is None too."""
    return Shipment.objects.filter(carrier=carrier, tracking_number=tracking_number).first()


def shipment_tracking_get(*, order_id: int) -> Shipment | None:
    """The order's shipment with its carrier and tracking events (oldest first), for display. Two queries."""
    return (
        Shipment.objects.select_related("carrier").prefetch_related("tracking_events").filter(order_id=order_id).first()
    )


def shipment_latest_tracking_status(*, tracking_number: str) -> str | None:
    """The status of the newest tracking event recorded for ``tracking_number``, or None."""
    return (
        TrackingEvent.objects.filter(shipment__tracking_number=tracking_number)
        .order_by("-occurred_at", "-id")
        .values_list("status", flat=True)
        .first()
    )


def shipments_needing_attention(queryset: QuerySet[Shipment] | None = None, *, kind: str) -> QuerySet[Shipment]:
    """Shipments staff should look at. ``kind``: ``failed`` (the handoff gave up or was refused),
    ``overdue`` (not booked and untouched for ``LOGISTICS_HANDOFF_OVERDUE_MINUTES``: no attempt ran, the
    worker or broker may be down; or booked ``LOGISTICS_PICKUP_OVERDUE_HOURS`` ago with no tracking event
    yet), or ``any`` (either)."""
    queryset = Shipment.objects.all() if queryset is None else queryset
    now = timezone.now()
    booking_cutoff = now - timedelta(minutes=settings.LOGISTICS_HANDOFF_OVERDUE_MINUTES)
    pickup_cutoff = now - timedelta(hours=settings.LOGISTICS_PICKUP_OVERDUE_HOURS)
    failed = Q(status=ShipmentStatus.FAILED)
    has_events = Exists(TrackingEvent.objects.filter(shipment=OuterRef("pk")))
    overdue = Q(status=ShipmentStatus.REQUESTED, updated_at__lt=booking_cutoff) | Q(
        status=ShipmentStatus.BOOKED, booked_at__lt=pickup_cutoff, has_events=False
    )
    queryset = queryset.annotate(has_events=has_events)
    conditions = {"failed": failed, "overdue": overdue, "any": failed | overdue}
    return queryset.filter(conditions[kind])
