"""Reads of incident notices: a user's notices, the progress staff see, the public page."""

from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet

from privacy.incidents.models import IncidentDelivery, IncidentNotice, IncidentStatus


def incident_deliveries_for_user(*, user_id: int, unacknowledged_only: bool = False) -> QuerySet:
    """The notices sent to ``user_id``, unacknowledged first, newest first."""
    deliveries = IncidentDelivery.objects.filter(user_id=user_id, sent_at__isnull=False).select_related("notice")
    if unacknowledged_only:
        deliveries = deliveries.filter(acknowledged_at__isnull=True)
    return deliveries.order_by(F("acknowledged_at").asc(nulls_first=True), "-sent_at", "-pk")


def incident_unacknowledged_exists(*, user_id: int) -> bool:
    return incident_deliveries_for_user(user_id=user_id, unacknowledged_only=True).exists()


@dataclass(frozen=True)
class DeliveryProgress:
    total: int
    sent: int
    emailed: int
    acknowledged: int


def incident_progress(*, notice_id: int) -> DeliveryProgress:
    counts = IncidentDelivery.objects.filter(notice_id=notice_id).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        emailed=Count("pk", filter=Q(email_sent=True)),
        acknowledged=Count("pk", filter=Q(acknowledged_at__isnull=False)),
    )
    return DeliveryProgress(**counts)


def incident_public_notices() -> QuerySet:
    """Confirmed notices staff chose to publish, newest first."""
    return IncidentNotice.objects.filter(public=True).exclude(status=IncidentStatus.DRAFT).order_by("-confirmed_at")
