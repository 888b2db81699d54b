"""The fake provider's webhooks: built, signed and posted to the shop, or held back, or lost."""

import json
import secrets
from typing import Any
from urllib.parse import urlsplit

import requests
from django.urls import reverse

from demo.payments.store import held_push
from orders.conf import orders_setting
from orders.payments.signing import payment_webhook_headers

DEMO_PROVIDER_NAME = "demo"
# How the hosted page's webhook travels: sent at once, held back for ``demo_payments_send_held``, or lost.
WEBHOOK_NOW = "now"
WEBHOOK_DELAY = "delay"
WEBHOOK_LOSE = "lose"
WEBHOOK_MODES = (WEBHOOK_NOW, WEBHOOK_DELAY, WEBHOOK_LOSE)


def demo_webhook_url() -> str:
    """The shop's payment webhook on the server the fake provider runs on."""
    parts = urlsplit(orders_setting("DEMO_PAYMENTS_API_BASE_URL"))
    path = reverse("api:payment-webhook", kwargs={"provider_name": DEMO_PROVIDER_NAME})
    return f"{parts.scheme}://{parts.netloc}{path}"


def demo_event_build(intent: dict[str, Any]) -> dict[str, Any]:
    """The event that reports ``intent``'s current state, stamped with when that state was reached."""
    return {
        "id": f"dpe_{secrets.token_hex(12)}",
        "type": f"payment.{intent['state']}",
        "data": {"id": intent["id"], "state": intent["state"], "failure_code": intent["failure_code"]},
        "created": intent["updated_at"],
    }


def demo_event_post(event: dict[str, Any]) -> int:
    """Sign and post ``event`` to the shop; returns the HTTP status (0 when the shop did not answer)."""
    body = json.dumps(event).encode()
    secret = orders_setting("DEMO_PAYMENTS_WEBHOOK_SECRET")
    headers = {"Content-Type": "application/json", **payment_webhook_headers(secret=secret, body=body)}
    timeout = (orders_setting("ORDERS_PAYMENT_CONNECT_TIMEOUT"), orders_setting("ORDERS_PAYMENT_READ_TIMEOUT"))
    try:
        return requests.post(demo_webhook_url(), data=body, headers=headers, timeout=timeout).status_code
    except requests.RequestException:
        return 0


def demo_event_dispatch(event: dict[str, Any], *, mode: str) -> None:
    """Deliver ``event`` the way the hosted page was told to: now, later, or never."""
    if mode == WEBHOOK_NOW:
        demo_event_post(event)
    elif mode == WEBHOOK_DELAY:
        held_push(event)
