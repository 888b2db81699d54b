"""Booking a return pickup with a carrier: the minimum a courier needs to collect a parcel.

Protocol (the demo carrier speaks it): ``POST {api_base_url}/return-pickups/`` with
``{"return_reference", "pickup": {region, city, district, street, postcode}, "contact": {"phone"},
"parcels"}``, ``Idempotency-Key: <return_reference>`` and the carrier's API key as a bearer token when
configured. The answer is ``{"pickup_reference": "..."}``; the same key gives the same reference. No name
(the courier calls the phone and comes to the address), no email, no goods or prices.
"""

import re
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings

from orders.carriers.client import CarrierRejected, CarrierUnavailable
from orders.models import Carrier, Order

ADDRESS_PARTS = ("region", "city", "district", "street", "postcode")
PICKUP_KEYS = frozenset({"return_reference", "pickup", "contact", "parcels"})
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_]{0,63}")


@dataclass(frozen=True)
class PickupRequest:
    idempotency_key: str
    body: dict[str, Any]
    fields: tuple[str, ...]


def pickup_request_build(*, order: Order, return_reference: str) -> PickupRequest:
    """The pickup request for a return of ``order``, with the names of the personal fields it carries."""
    address = {part: getattr(order, part) for part in ADDRESS_PARTS if getattr(order, part)}
    body = {"return_reference": return_reference, "pickup": address, "contact": {"phone": order.phone}, "parcels": 1}
    return PickupRequest(idempotency_key=return_reference, body=body, fields=("phone", *address))


def carrier_pickup_book(*, carrier: Carrier, request: PickupRequest) -> str:
    """Post ``request`` to ``carrier`` and return its pickup reference. Raises ``CarrierUnavailable``
    (worth retrying) or ``CarrierRejected``; both carry codes only."""
    headers = {"Idempotency-Key": request.idempotency_key, "Accept": "application/json"}
    if carrier.api_key:
        headers["Authorization"] = f"Bearer {carrier.api_key}"
    timeout = (settings.LOGISTICS_CARRIER_CONNECT_TIMEOUT, settings.LOGISTICS_CARRIER_READ_TIMEOUT)
    try:
        response = requests.post(
            carrier.api_base_url.rstrip("/") + "/return-pickups/",
            json=request.body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.RequestException:
        raise CarrierUnavailable("carrier_unreachable") from None
    if response.status_code >= 500 or response.status_code == 429:
        raise CarrierUnavailable(f"carrier_http_{response.status_code}")
    if not 200 <= response.status_code < 300:
        raise CarrierRejected(f"carrier_http_{response.status_code}")
    try:
        reference = response.json().get("pickup_reference")
    except (ValueError, AttributeError):
        raise CarrierRejected("carrier_bad_response") from None
    if not isinstance(reference, str) or not _REFERENCE.fullmatch(reference):
        raise CarrierRejected("carrier_bad_response")
    return reference
