"""What staff may do next with an order, and what each step would do: the order page's buttons and the
summaries of its confirmation pages read this; the state machine (``orders.services.status``) decides."""

from dataclasses import dataclass, field
from decimal import Decimal

from orders.models import Order, OrderStatus
from orders.services.refunds import PARTIAL_REFUNDABLE, refundable_amount
from orders.services.status import ALLOWED_TRANSITIONS

S = OrderStatus

# The steps staff take by hand, in the order the page shows them. ``paid`` is left out: only the payment
# provider's confirmation pays an order.
STAFF_TARGETS = (S.AWAITING_PICKUP, S.SHIPPED, S.DELIVERED, S.COMPLETED, S.PARTIALLY_REFUNDED, S.REFUNDED, S.CANCELLED)
# Steps that move money or cannot be undone: the order page leads to a confirmation page first.
CONFIRMED_TARGETS = frozenset({S.REFUNDED, S.CANCELLED})
_GOODS_IN_WAREHOUSE = frozenset({S.PENDING_PAYMENT, S.PAID, S.AWAITING_PICKUP})


@dataclass(frozen=True)
class TransitionEffect:
    """What moving ``order`` to ``to_status`` would do, for the confirmation page."""

    from_status: str
    to_status: str
    refund_amount: Decimal | None = None
    restocked: list[tuple[str, str, int]] = field(default_factory=list)  # (title, SKU, units)
    voucher_released: str = ""
    sends_to_carrier: bool = False
    final: bool = False


def order_staff_transitions(order: Order) -> list[str]:
    """The statuses staff may move ``order`` to now, in the page's order (empty for a final status)."""
    allowed = ALLOWED_TRANSITIONS.get(order.status, frozenset())
    targets = [target for target in STAFF_TARGETS if target in allowed]
    if S.PARTIALLY_REFUNDED not in targets and order.status in PARTIAL_REFUNDABLE:
        # A partially refunded order may be refunded in part again (it stays partially refunded).
        targets.insert(0, S.PARTIALLY_REFUNDED)
    return targets


def order_transition_effect(order: Order, to_status: str) -> TransitionEffect:
    """The effect of moving ``order`` to ``to_status`` (one query for the lines when stock comes back)."""
    refund = None
    restocked: list[tuple[str, str, int]] = []
    if to_status == S.REFUNDED or (to_status == S.CANCELLED and order.status == S.PAID):
        refund = refundable_amount(order)
    if to_status in (S.REFUNDED, S.CANCELLED) and order.status in _GOODS_IN_WAREHOUSE:
        restocked = [
            (line.product_title, line.sku, line.quantity - line.quantity_refunded)
            for line in order.lines.order_by("pk")
            if line.quantity > line.quantity_refunded
        ]
    return TransitionEffect(
        from_status=order.status,
        to_status=to_status,
        refund_amount=refund,
        restocked=restocked,
        # A cancellation or a full refund gives the voucher use back (orders.services.status).
        voucher_released=order.voucher_code if to_status in (S.CANCELLED, S.REFUNDED) else "",
        sends_to_carrier=to_status == S.AWAITING_PICKUP,
        final=to_status in (S.REFUNDED, S.CANCELLED),
    )
