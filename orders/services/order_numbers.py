"""Human-readable order numbers: ``PS-260121-7K3QX9`` (prefix, UTC date, six Crockford base32
characters). Crockford's alphabet has no I, L, O or U, so a number read out over the phone is not
misheard. Six random characters give about a billion numbers a day; checkout still retries on the
rare collision (the column is unique)."""

import secrets

from django.utils import timezone

CROCKFORD_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
ORDER_NUMBER_PREFIX = "PS"
RANDOM_LENGTH = 6


def order_number_generate() -> str:
    """A fresh candidate number; uniqueness is the database's and the caller's job."""
    random_part = "".join(secrets.choice(CROCKFORD_ALPHABET) for _ in range(RANDOM_LENGTH))
    return f"{ORDER_NUMBER_PREFIX}-{timezone.now():%y%m%d}-{random_part}"
