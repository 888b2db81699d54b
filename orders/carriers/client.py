"""The HTTP client for carrier APIs: book a shipment, get its tracking number.

Errors carry codes only, never the request or the carrier's answer (either may echo the recipient's
data), and are raised without their cause: ``requests`` exceptions name URLs and may quote bodies.
"""

import re

import requests
from django.conf import settings

from orders.carriers.payload import ShipmentRequest
from orders.models import Carrier

_TRACKING_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-_]{0,63}")


class CarrierError(Exception):
    """A booking that did not go through; ``code`` is what ``Shipment.last_error`` stores."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


class CarrierUnavailable(CarrierError):
    """The carrier could not answer now (network error, timeout, 5xx, 429): worth retrying."""


class CarrierRejected(CarrierError):
    """The carrier refused the request or answered nonsense (4xx, no tracking number): retrying won't help."""


def shipments_url(carrier: Carrier) -> str:
    return carrier.api_base_url.rstrip("/") + "/shipments/"


def booking_headers(*, carrier: Carrier, request: ShipmentRequest) -> dict[str, str]:
    """The headers of a booking: the idempotency key, and the carrier's API key as a bearer token when the
    merchant configured one (a carrier that needs none gets no ``Authorization`` header at all)."""
    headers = {"Idempotency-Key": request.idempotency_key, "Accept": "application/json"}
    if carrier.api_key:
        headers["Authorization"] = f"Bearer {carrier.api_key}"
    return headers


def carrier_shipment_book(*, carrier: Carrier, request: ShipmentRequest) -> str:
    """Post ``request`` to ``carrier`` and return the tracking number it assigned.

    Sends ``request.idempotency_key`` as ``Idempotency-Key`` so that a repeated call books nothing new,
    and ``Authorization: Bearer <api key>`` when the carrier has one (a wrong key comes back as a 401 or
    403: ``CarrierRejected``, as retrying with the same key cannot help).
    Bounded by ``LOGISTICS_CARRIER_CONNECT_TIMEOUT`` / ``LOGISTICS_CARRIER_READ_TIMEOUT``; follows no
    redirects (a redirect would resend personal data to a host nobody configured). Raises
    ``CarrierUnavailable`` or ``CarrierRejected``.
    """
    timeout = (settings.LOGISTICS_CARRIER_CONNECT_TIMEOUT, settings.LOGISTICS_CARRIER_READ_TIMEOUT)
    try:
        response = requests.post(
            shipments_url(carrier),
            json=request.body,
            headers=booking_headers(carrier=carrier, request=request),
            timeout=timeout,
            allow_redirects=False,
        )
    except requests.Timeout:
        raise CarrierUnavailable("carrier_timeout") from None
    except requests.RequestException:
        raise CarrierUnavailable("carrier_unreachable") from None
    status = response.status_code
    if status >= 500 or status == 429:
        raise CarrierUnavailable(f"carrier_http_{status}")
    if not 200 <= status < 300:
        raise CarrierRejected(f"carrier_http_{status}")
    try:
        tracking_number = response.json().get("tracking_number")
    except (ValueError, AttributeError):
        raise CarrierRejected("carrier_bad_response") from None
    if not isinstance(tracking_number, str) or not _TRACKING_NUMBER.fullmatch(tracking_number):
        raise CarrierRejected("carrier_bad_response")
    return tracking_number
