"""Order reads for the buyer: only their own orders, each read in a constant number of queries."""

from django.db.models import Count, Prefetch, QuerySet
from django.utils.translation import gettext

from core.errors import NotFound
from orders.codes import OrderEventKind
from orders.models import Order, OrderEvent, OrderLine, OrderStatus, Payment, Shipment, TrackingEvent

# Statuses in which a line may be reviewed (the reviews app checks the same before it accepts one).
REVIEWABLE_ORDER_STATUSES = (OrderStatus.DELIVERED, OrderStatus.COMPLETED, OrderStatus.PARTIALLY_REFUNDED)

# Events kept from the shopper's order page: bookkeeping (which emails went out) says nothing new.
INTERNAL_EVENT_KINDS = (OrderEventKind.NOTIFICATION_SENT,)


def order_list(*, user) -> QuerySet[Order]:
    """``user``'s orders, newest first, each with ``line_count`` (one query a page)."""
    return (
        Order.objects.filter(user=user)
        .annotate(line_count=Count("lines", distinct=True))
        .order_by("-created_at", "-id")
    )


def order_shipment(order: Order) -> Shipment | None:
    """The order's shipment, or ``None`` before the handoff (no query after ``order_get``)."""
    try:
        return order.shipment
    except Shipment.DoesNotExist:
        return None


def _detail_queryset():
    return Order.objects.select_related("shipment__carrier").prefetch_related(
        Prefetch("lines", queryset=OrderLine.objects.annotate(review_count=Count("review"))),
        Prefetch("events", queryset=OrderEvent.objects.exclude(kind__in=INTERNAL_EVENT_KINDS)),
        "payments",
        Prefetch("shipment__tracking_events", queryset=TrackingEvent.objects.order_by("occurred_at", "id")),
    )


def order_detail_preload(order: Order, *, lines: list[OrderLine], events: list[OrderEvent]) -> Order:
    """Give a just-placed ``order`` (no payment, no shipment, no review yet) the relations ``order_get`` loads,
    from the rows checkout has just written, so its answer is built without reading them back."""
    for line in lines:
        line.review_count = 0
        line.order = order
    visible = [event for event in events if event.kind not in INTERNAL_EVENT_KINDS]
    order._prefetched_objects_cache = {
        "lines": _evaluated(OrderLine, order, lines),
        "events": _evaluated(OrderEvent, order, visible),
        "payments": _evaluated(Payment, order, []),
    }
    Order.shipment.related.set_cached_value(order, None)
    return order


def _evaluated(model, order: Order, rows: list) -> QuerySet:
    """The queryset of ``order``'s rows of ``model``, already holding ``rows``, as ``prefetch_related`` leaves
    one (a clone of it, filtered further, reads the database as usual)."""
    queryset = model._base_manager.filter(order=order)
    queryset._result_cache = list(rows)
    queryset._prefetch_done = True
    return queryset


def order_get_guest(*, order: Order) -> Order:
    """A guest order (already authorised by its token) with the relations ``order_get`` loads."""
    return _detail_queryset().get(pk=order.pk)


def order_get(*, user, number: str) -> Order:
    """``user``'s order ``number`` with lines, shopper-visible events, payments and the shipment with its
    tracking events (five queries, whatever their sizes). Raises ``NotFound`` for anyone else's order."""
    order = _detail_queryset().filter(user=user, number=number).first()
    if order is None:
        raise NotFound(gettext("There is no such order."))
    return order


def order_get_for_update_actions(*, user, number: str) -> Order:
    """``user``'s order ``number`` without its relations (for the pay and cancel services, which lock
    it themselves). Raises ``NotFound`` for anyone else's order."""
    order = Order.objects.filter(user=user, number=number).first()
    if order is None:
        raise NotFound(gettext("There is no such order."))
    return order


def line_can_review(line: OrderLine) -> bool:
    """Whether the buyer can review ``line`` now: its order arrived and they have not reviewed it yet."""
    reviewed = getattr(line, "review_count", None)
    if reviewed is None:
        reviewed = OrderLine.objects.filter(pk=line.pk, review__isnull=False).count()
    return line.order.user_id is not None and line.order.status in REVIEWABLE_ORDER_STATUSES and not reviewed
