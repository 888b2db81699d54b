"""Packing slips: the delivery details fulfilment staff need to pack and ship an order, under their own
permission (``orders.view_packing_slip``) and audited like any look at personal data (promise F3).

A slip exists only while the order is to be shipped (paid, or booked and awaiting pickup); before payment and
after it left, the delivery details stay masked for everyone without ``privacy.view_unmasked_pii``.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext

from core.errors import NotFound, PermissionDenied
from orders.models import Order, OrderLine
from orders.selectors.packing import TO_SHIP_STATUSES
from privacy.services.pii_access import may_reveal_pii, pii_access_record

PACKING_SLIP_PERMISSION = "orders.view_packing_slip"
PACKING_SLIP_REASON = "Packing slip of an order to ship"
SLIP_FIELDS = ("recipient_name", "phone", "region", "city", "district", "street", "postcode", "note")


@dataclass(frozen=True)
class PackingSlip:
    order: Order
    lines: tuple[OrderLine, ...]
    access_log_id: int


def may_view_packing_slips(staff) -> bool:
    """Whether ``staff`` may read packing slips: an active staff member with ``orders.view_packing_slip``."""
    return may_reveal_pii(staff, permission=PACKING_SLIP_PERMISSION)


def packing_slip_open(*, staff, order_id: int) -> PackingSlip:
    """The slip of order ``order_id`` for ``staff``, after recording the look in the personal data access log.

    Not idempotent: every call is one access, logged before the values are returned. Raises
    ``PermissionDenied`` (``packing_slip_not_allowed``) without the permission and ``NotFound``
    (``packing_slip_not_found``) for an unknown order or one that is not to be shipped.
    """
    if not may_view_packing_slips(staff):
        raise PermissionDenied(
            gettext("Packing slips need the permission to view them."), code="packing_slip_not_allowed"
        )
    order = Order.objects.filter(pk=order_id, status__in=TO_SHIP_STATUSES).first()
    if order is None:
        raise NotFound(gettext("There is no order to ship with this number."), code="packing_slip_not_found")
    with transaction.atomic():
        log = pii_access_record(
            staff=staff,
            obj=order,
            field_names=SLIP_FIELDS,
            reason=PACKING_SLIP_REASON,
            permission=PACKING_SLIP_PERMISSION,
        )
    lines = tuple(order.lines.order_by("id"))
    return PackingSlip(order=order, lines=lines, access_log_id=log.pk)
