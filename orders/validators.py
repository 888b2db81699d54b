"""Validation of address-book input shared by the API, the website and the services.

Phone numbers accepted (decision): a mainland China mobile number, 11 digits ``1[3-9]xxxxxxxxx``,
optionally written with ``+86``/``0086`` in front and spaces or dashes between groups; or any
international number in E.164 form, ``+`` then 7 to 15 digits starting 1-9 (separators allowed).
Landlines without a country code are refused: a courier needs a number that reaches the recipient.
Accepted numbers are stored normalised (digits, with the ``+`` kept): ``"+86 138-1234-5678"`` becomes
``"+8613812345678"`` and ``"138 1234 5678"`` becomes ``"13812345678"``.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_lazy

from privacy.hashing import normalise_phone

_CHINA_MOBILE = re.compile(r"1[3-9]\d{9}")
_E164 = re.compile(r"\+[1-9]\d{6,14}")
_ALLOWED_CHARACTERS = re.compile(r"[+\d\s\-().]+")

PHONE_HELP = gettext_lazy(
    "A China mobile number (138 1234 5678) or an international number starting with + (+44 20 7946 0958)."
)


def phone_normalise_valid(value: str) -> str:
    """The normalised form of a valid phone number; raises ``ValidationError`` (message without the
    value itself) otherwise."""
    text = (value or "").strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    if not text or not _ALLOWED_CHARACTERS.fullmatch(text):
        raise ValidationError(f"{gettext('Enter a valid phone number.')} {PHONE_HELP}", code="invalid_phone")
    normalised = normalise_phone(text)
    if _CHINA_MOBILE.fullmatch(normalised) or _E164.fullmatch(normalised):
        if normalised.startswith("+86") and not _CHINA_MOBILE.fullmatch(normalised[3:]):
            raise ValidationError(f"{gettext('Enter a valid phone number.')} {PHONE_HELP}", code="invalid_phone")
        return normalised
    raise ValidationError(f"{gettext('Enter a valid phone number.')} {PHONE_HELP}", code="invalid_phone")
