"""What a shopper may do with their order and its lines now: the one set of rules the website and the API read.

The order page shows its buttons and the order API its ``can_*`` fields from these answers, and the services
refuse the same things (``order_pay`` a paid order, ``return_request_create`` a line past its window), so a
button is never shown for an action the service would refuse. Reading them costs no query beyond the order's
lines and their review and return counts (``line_returnable_quantity`` asks the open returns per line).
"""

from dataclasses import dataclass

from orders.invoices.models import Invoice
from orders.models import Order, OrderLine, OrderStatus
from orders.returns.selectors import line_returnable_quantity
from orders.selectors.orders import line_can_review
from orders.services.payment import SHOPPER_CANCELLABLE


@dataclass(frozen=True)
class OrderActions:
    can_pay: bool
    can_cancel: bool
    can_download_invoice: bool


@dataclass(frozen=True)
class LineActions:
    can_review: bool
    returnable_quantity: int

    @property
    def can_return(self) -> bool:
        return self.returnable_quantity > 0


def order_actions(*, order: Order, has_invoice: bool | None = None) -> OrderActions:
    """What the buyer (signed in or holding the guest link) may do with ``order``.

    ``has_invoice`` saves a query when the caller already read the invoice; otherwise it is asked. Invoices are
    downloaded from the account (a guest order's, once claimed into one).
    """
    if order.user_id is None:
        has_invoice = False
    elif has_invoice is None:
        has_invoice = Invoice.objects.filter(order_id=order.pk).exists()
    return OrderActions(
        can_pay=order.status == OrderStatus.PENDING_PAYMENT,
        can_cancel=order.status in SHOPPER_CANCELLABLE,
        can_download_invoice=has_invoice,
    )


def line_actions(*, line: OrderLine) -> LineActions:
    """What the buyer may do with one line: review it (arrived, not reviewed yet), return some of it."""
    return LineActions(can_review=line_can_review(line), returnable_quantity=line_returnable_quantity(line))
