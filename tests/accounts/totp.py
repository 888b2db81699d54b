"""Authenticator-app codes for the tests (RFC 6238: HMAC-SHA1, 30-second steps, 6 digits), computed here
rather than with allauth's internal helpers."""

import base64
import hashlib
import hmac
import struct
import time

PERIOD_SECONDS = 30
DIGITS = 6


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app holding the base32 ``secret`` shows at ``at`` (default: now)."""
    counter = int(time.time() if at is None else at) // PERIOD_SECONDS
    digest = hmac.new(base64.b32decode(secret, casefold=True), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 10**DIGITS:0{DIGITS}d}"
