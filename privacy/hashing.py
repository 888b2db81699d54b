"""Keyed hashes: exact-match lookups on values that are stored encrypted, and stable pseudonyms.

An encrypted column cannot be filtered on (every encryption of the same value differs), so a model
that must find a row by, say, phone keeps ``phone_hash = keyed_hash(phone, normalise=normalise_phone)``
beside the encrypted ``phone`` and filters on the hash. The hash is HMAC-SHA256 under
``settings.PRIVACY_HASH_KEY``: without the key nobody can confirm a guessed phone number against the
database, which a plain SHA-256 of an 11-digit number would allow in seconds.

Changing ``PRIVACY_HASH_KEY`` changes every hash: stored hashes must then be recomputed from the
decrypted values. Normalise the same way when storing and when looking up.
"""

import hashlib
import hmac
import unicodedata
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.phone_numbers import phone_normalise

HASH_LENGTH = 64  # hex characters of an HMAC-SHA256 digest: size a CharField holding one to this


def normalise_email(value: str) -> str:
    """``" Alice@Example.COM "`` -> ``"alice@example.com"``."""
    return unicodedata.normalize("NFC", value).strip().lower()


def normalise_phone(value: str) -> str:
    """E.164 (``core.phone_numbers.phone_normalise``): ``"138-1234-5678"`` -> ``"+8613812345678"``."""
    return phone_normalise(value)


def _hash_key() -> bytes:
    key = getattr(settings, "PRIVACY_HASH_KEY", "")
    if not key:
        raise ImproperlyConfigured("PRIVACY_HASH_KEY is not set: keyed hashes need a secret key.")
    return key.encode() if isinstance(key, str) else bytes(key)


def keyed_hash(value: str, *, normalise: Callable[[str], str] | None = None) -> str:
    """HMAC-SHA256 of ``value`` (after ``normalise``) under ``PRIVACY_HASH_KEY``, as 64 hex characters.

    Deterministic for a given key, so equal inputs give equal hashes (that is what makes lookups work).
    Raises ``ImproperlyConfigured`` when the key is missing; never includes ``value`` in an error.
    """
    text = normalise(value) if normalise else value
    return hmac.new(_hash_key(), text.encode(), hashlib.sha256).hexdigest()
