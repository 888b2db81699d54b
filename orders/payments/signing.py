"""Signed payment webhooks, verified exactly like the carrier's (``orders.carriers.signing``): the hex
HMAC-SHA256, keyed with the provider's webhook secret, of ``f"{timestamp}.".encode() + raw_body``, sent in
``X-Payment-Signature`` with the Unix seconds in ``X-Payment-Timestamp``."""

import time
from collections.abc import Mapping

from orders.carriers.signing import webhook_signature, webhook_signature_verify
from orders.conf import orders_setting

TIMESTAMP_HEADER = "X-Payment-Timestamp"
SIGNATURE_HEADER = "X-Payment-Signature"


def payment_webhook_headers(*, secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The two headers a provider sends with ``body``; ``timestamp`` defaults to now."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: webhook_signature(secret=secret, timestamp=stamp, body=body)}


def payment_webhook_verify(*, secret: str, headers: Mapping[str, str], body: bytes) -> None:
    """Raise ``InvalidSignature`` or ``StaleTimestamp`` (401) unless ``body`` is signed with ``secret``."""
    webhook_signature_verify(
        secret=secret,
        timestamp=headers.get(TIMESTAMP_HEADER),
        signature=headers.get(SIGNATURE_HEADER),
        body=body,
        tolerance=orders_setting("ORDERS_PAYMENT_WEBHOOK_TOLERANCE"),
    )
