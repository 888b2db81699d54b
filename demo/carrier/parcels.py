"""The demo carrier's parcels: tracking numbers, and the courier's journey reported to the shop."""

import hashlib
import json
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from orders.carriers.signing import webhook_headers
from orders.models import Carrier

DEMO_CARRIER_SLUG = "demo"
# The courier's journey, and what the demo says at each step (never anything about the recipient).
DEMO_JOURNEY: dict[str, tuple[str, str]] = {
    "picked_up": ("Picked up by the courier.", "Merchant warehouse"),
    "in_transit": ("Left the sorting centre.", "Sorting centre"),
    "out_for_delivery": ("Out for delivery.", "Local depot"),
    "delivered": ("Delivered.", "Destination"),
}


class DemoParcelError(Exception):
    """The demo courier cannot make this step; the message says why (ids and codes only)."""


def demo_tracking_number(idempotency_key: str) -> str:
    """The tracking number of the parcel booked under ``idempotency_key``: always the same for one key."""
    return "DM" + hashlib.sha256(f"demo-carrier:{idempotency_key}".encode()).hexdigest()[:12].upper()


def demo_next_status(latest: str | None) -> str:
    """The journey's step after ``latest`` (the first step when nothing was reported yet)."""
    steps = list(DEMO_JOURNEY)
    if latest is None:
        return steps[0]
    if latest not in DEMO_JOURNEY:
        raise DemoParcelError(f"The parcel's last status {latest!r} is not on the demo journey.")
    position = steps.index(latest)
    if position + 1 == len(steps):
        raise DemoParcelError(gettext("The parcel is already delivered."))
    return steps[position + 1]


def demo_webhook_url(*, carrier: Carrier, shop_url: str | None = None) -> str:
    """The shop's webhook for ``carrier``; the shop is the server the demo carrier runs on unless told."""
    if not shop_url:
        parts = urlsplit(carrier.api_base_url)
        shop_url = f"{parts.scheme}://{parts.netloc}"
    return shop_url.rstrip("/") + reverse("api:logistics-carrier-webhook", kwargs={"carrier_slug": carrier.slug})


def demo_parcel_report(
    *, carrier: Carrier, tracking_number: str, status: str, shop_url: str | None = None
) -> requests.Response:
    """Post one signed tracking event (``status``) of ``tracking_number`` to the shop, as a carrier does.
    The event id is derived from the parcel and the status, so reporting a step twice is a replay."""
    if status not in DEMO_JOURNEY:
        raise DemoParcelError(f"Unknown demo status {status!r}; one of {', '.join(DEMO_JOURNEY)}.")
    description, location = DEMO_JOURNEY[status]
    body = json.dumps(
        {
            "tracking_number": tracking_number,
            "event_id": f"{tracking_number}-{status}",
            "status": status,
            "occurred_at": timezone.now().isoformat(),
            "description": description,
            "location": location,
        }
    ).encode()
    headers = {"Content-Type": "application/json", **webhook_headers(secret=carrier.webhook_secret, body=body)}
    timeout = (settings.LOGISTICS_CARRIER_CONNECT_TIMEOUT, settings.LOGISTICS_CARRIER_READ_TIMEOUT)
    return requests.post(
        demo_webhook_url(carrier=carrier, shop_url=shop_url), data=body, headers=headers, timeout=timeout
    )
