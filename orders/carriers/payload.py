"""The shipment request: the only personal data a carrier ever receives from the shop (promises C1, C2).

The body holds the order number, the label (recipient name and phone), the address and the parcel
lines (SKU, title, quantity), nothing else: no email, no price, no account. Empty optional address
parts (district, postcode) are left out rather than sent blank.

Privacy waybill (``Carrier.privacy_waybill``): the label, which is printed and stuck on the parcel,
carries the masked name and phone (``"王*"``, ``"138****5678"``); the full phone travels only in
``contact.phone``, which the carrier's systems use to let the courier call the recipient and never print.
The full name is not sent at all: the address and the masked name are enough to hand the parcel over.

``fields`` names what was sent, for the disclosure log: ``recipient_name`` / ``phone`` for clear values,
``recipient_name_masked`` / ``phone_masked`` for the label's masked ones, then the address parts sent and
``lines``. The order number goes into the disclosure's ``reference``, not into ``fields``.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from orders.models import Carrier, Order, OrderLine
from privacy.masking import mask_name, mask_phone

ADDRESS_PARTS = ("region", "city", "district", "street", "postcode")
# Top-level keys a shipment request may hold; a test asserts the body never grows beyond them.
REQUEST_KEYS = frozenset({"order_number", "label", "contact", "address", "lines"})


@dataclass(frozen=True)
class ShipmentRequest:
    idempotency_key: str
    body: dict[str, Any]
    fields: tuple[str, ...]


def shipment_request_build(*, order: Order, lines: Iterable[OrderLine], carrier: Carrier) -> ShipmentRequest:
    """The booking request for ``order`` to ``carrier``, with the names of the personal fields it carries."""
    fields: list[str] = []
    if carrier.privacy_waybill:
        label = {"recipient_name": mask_name(order.recipient_name), "phone": mask_phone(order.phone)}
        fields += ["recipient_name_masked", "phone_masked", "phone"]
    else:
        label = {"recipient_name": order.recipient_name, "phone": order.phone}
        fields += ["recipient_name", "phone"]
    address = {part: getattr(order, part) for part in ADDRESS_PARTS if getattr(order, part)}
    fields += list(address)
    body: dict[str, Any] = {
        "order_number": order.number,
        "label": label,
        "address": address,
        "lines": [{"sku": line.sku, "title": line.product_title, "quantity": line.quantity} for line in lines],
    }
    if order.shipping_method_name:
        # The service the shopper chose and paid for, so the carrier books the right product.
        body["service"] = order.shipping_method_name
    if carrier.privacy_waybill:
        body["contact"] = {"phone": order.phone}
    fields.append("lines")
    return ShipmentRequest(idempotency_key=order.number, body=body, fields=tuple(fields))
