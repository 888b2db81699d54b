"""Signed carrier webhooks: ``X-Carrier-Signature`` is the hex HMAC-SHA256, keyed with the carrier's
webhook secret, of ``f"{timestamp}.".encode() + raw_body``, where ``timestamp`` is the Unix time in
seconds sent in ``X-Carrier-Timestamp``.

Binding the timestamp into the signature lets the receiver refuse an old request replayed later; within
the tolerance a replay is still possible, which is why each tracking event is recorded once per
``event_id``.
"""

import hashlib
import hmac
import time

from django.utils.translation import gettext_lazy

from core.errors import DomainError
from orders.codes import ErrorCode

TIMESTAMP_HEADER = "X-Carrier-Timestamp"
SIGNATURE_HEADER = "X-Carrier-Signature"


class InvalidSignature(DomainError):
    code = ErrorCode.INVALID_SIGNATURE
    status_code = 401
    default_detail = gettext_lazy("The webhook signature is missing or does not match.")


class StaleTimestamp(DomainError):
    code = ErrorCode.STALE_TIMESTAMP
    status_code = 401
    default_detail = gettext_lazy("The webhook timestamp is too far from the current time.")


def webhook_signature(*, secret: str, timestamp: str, body: bytes) -> str:
    """The hex signature of ``body`` sent at ``timestamp`` (a string of Unix seconds)."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def webhook_headers(*, secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    """The two headers a carrier sends with ``body``; ``timestamp`` defaults to now."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return {TIMESTAMP_HEADER: stamp, SIGNATURE_HEADER: webhook_signature(secret=secret, timestamp=stamp, body=body)}


def webhook_signature_verify(
    *, secret: str, timestamp: str | None, signature: str | None, body: bytes, tolerance: int, now: float | None = None
) -> None:
    """Accept the request or raise: ``InvalidSignature`` when a header is missing or the signature does not
    match (compared in constant time), ``StaleTimestamp`` when the signed timestamp is more than
    ``tolerance`` seconds away from ``now``, in either direction. The signature is checked first, so an
    unsigned caller learns nothing about our clock."""
    # Headers are whatever a caller sent: only ASCII digits make a timestamp ("²" and "٣" are digits to
    # str.isdigit), and a non-ASCII signature is compared as bytes (compare_digest refuses non-ASCII text).
    if not timestamp or not signature or not secret or not (timestamp.isascii() and timestamp.isdigit()):
        raise InvalidSignature()
    expected = webhook_signature(secret=secret, timestamp=timestamp, body=body)
    if not hmac.compare_digest(expected.encode(), signature.strip().lower().encode("utf-8", "replace")):
        raise InvalidSignature()
    current = time.time() if now is None else now
    if abs(current - int(timestamp)) > tolerance:
        raise StaleTimestamp()
