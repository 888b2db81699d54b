"""The figures of the merchant admin's dashboard (the admin index), read in a fixed number of queries.

It reads orders, shipments, privacy requests, recipient deletion requests and purge runs: it sits in
``orders``, the highest app whose models it counts (``orders`` may read ``privacy``, never the reverse).
Each figure is one conditional aggregate, so the page costs five queries whatever the shop's size.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from core.money import ZERO
from orders.models import Order, OrderStatus, Shipment, ShipmentStatus
from privacy.cancellation.models import RecipientDeletionRequest, RecipientRequestStatus
from privacy.requests.models import PrivacyRequest, RequestKind, RequestStatus
from privacy.retention.models import PurgeRun

# Paid orders not yet with the carrier: the merchant packs and hands these over.
TO_SHIP_STATUSES = (OrderStatus.PAID, OrderStatus.AWAITING_PICKUP)
# Orders of the day that brought no money (never paid, or cancelled) are left out of the revenue.
UNPAID_STATUSES = (OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED)
RECENT_PURGE_RUNS = 5


@dataclass(frozen=True)
class DashboardFigures:
    orders_to_ship: int
    orders_today: int
    revenue_today: Decimal
    failed_handoffs: int
    overdue_deletion_requests: int
    overdue_recipient_deletions: int
    open_privacy_requests: int
    recent_purge_runs: list[PurgeRun]
    day_start: datetime
    now: datetime


def start_of_day(now: datetime) -> datetime:
    """Midnight of ``now``'s day in the shop's time zone (``TIME_ZONE``), as an aware datetime."""
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def dashboard_figures(*, now: datetime | None = None) -> DashboardFigures:
    """Everything the dashboard shows, as of ``now`` (default: now). Five queries."""
    now = now or timezone.now()
    day_start = start_of_day(now)
    day_end = day_start + timedelta(days=1)
    today = Q(created_at__gte=day_start, created_at__lt=day_end)
    orders = Order.objects.aggregate(
        to_ship=Count("pk", filter=Q(status__in=TO_SHIP_STATUSES)),
        today=Count("pk", filter=today),
        revenue=Sum("total", filter=today & ~Q(status__in=UNPAID_STATUSES)),
    )
    failed_handoffs = Shipment.objects.filter(status=ShipmentStatus.FAILED).count()
    requests = PrivacyRequest.objects.aggregate(
        open=Count("pk", filter=Q(status=RequestStatus.OPEN)),
        overdue_deletions=Count("pk", filter=Q(status=RequestStatus.OPEN, kind=RequestKind.DELETION, due_at__lt=now)),
    )
    recipient_overdue = (
        RecipientDeletionRequest.objects.exclude(status=RecipientRequestStatus.DONE).filter(deadline_at__lt=now).count()
    )
    runs = list(PurgeRun.objects.order_by("-queued_at", "-id")[:RECENT_PURGE_RUNS])
    return DashboardFigures(
        orders_to_ship=orders["to_ship"],
        orders_today=orders["today"],
        revenue_today=orders["revenue"] or ZERO,
        failed_handoffs=failed_handoffs,
        overdue_deletion_requests=requests["overdue_deletions"],
        overdue_recipient_deletions=recipient_overdue,
        open_privacy_requests=requests["open"],
        recent_purge_runs=runs,
        day_start=day_start,
        now=now,
    )
