"""Rows the retention tests need that other apps' factories do not build: shipments with tracking events,
legal holds, access-log entries and export jobs."""

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from orders.models import Carrier, Shipment, ShipmentStatus, TrackingEvent
from privacy.models import ExportJob, ExportStatus, LegalHold, PiiAccessLog


def shipment_with_event(order, *, tracking_number: str = "SF1234567890") -> Shipment:
    carrier, _ = Carrier.objects.get_or_create(
        slug="retention-test", defaults={"name": "Test carrier", "api_base_url": "https://carrier.invalid/api"}
    )
    shipment = Shipment.objects.create(
        order=order, carrier=carrier, status=ShipmentStatus.BOOKED, tracking_number=tracking_number
    )
    TrackingEvent.objects.create(
        shipment=shipment,
        event_id=f"{tracking_number}-1",
        status="delivered",
        description="Signed for by Wang Xiaoming",
        location="8 Wensan Road",
        occurred_at=order.created_at,
    )
    return shipment


def hold_user(user, *, reason: str = "Court order 2026/17") -> LegalHold:
    return LegalHold.objects.create(user=user, reason=reason)


def hold_object(obj, *, reason: str = "Tax audit 2026") -> LegalHold:
    return LegalHold.objects.create(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk), reason=reason
    )


def access_log_entry(*, staff, about) -> PiiAccessLog:
    return PiiAccessLog.objects.create(
        staff=staff,
        content_type=ContentType.objects.get_for_model(about),
        object_id=str(about.pk),
        fields=["phone"],
        reason="Delivery problem",
    )


def ready_export(*, user, finished_at) -> ExportJob:
    job = ExportJob.objects.create(
        user=user, status=ExportStatus.READY, requested_at=finished_at, started_at=finished_at, finished_at=finished_at
    )
    job.file.save(f"export-{job.pk}.json", ContentFile(b'{"email": "someone@example.com"}'), save=True)
    return job
