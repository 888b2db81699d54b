"""Phone numbers, in one place: parsed, validated, formatted (E.164) and masked with Google's libphonenumber.

* ``phone_e164(value)`` validates what a shopper typed and gives the stored form, ``"+8613812345678"``. A number
  without a country code is read as one of the shop's country (``SHOP_COUNTRY``, default China); there it must
  be a mobile number (a courier needs a number that reaches the recipient). A number with a country code
  (``+44 20 7946 0958``, or ``0044 ...``) must be a valid number of that country.
* ``phone_normalise(value)`` is the lenient form for keyed hashes and search terms: E.164 when the value parses,
  else its digits (never raises), so a stored number and the same number typed into a search hash alike.
* ``phone_mask(value)`` shows a number to someone other than its owner: ``+86 138****5678``.
"""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError

PHONE_HELP = "A China mobile number (138 1234 5678) or an international number starting with + (+44 20 7946 0958)."
INVALID_PHONE = f"Enter a valid phone number. {PHONE_HELP}"
MASKED_WHOLE = "****"
_SEPARATORS = frozenset(" -().")
_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


def _default_region() -> str:
    return getattr(settings, "SHOP_COUNTRY", "CN")


def _international_prefix(text: str) -> str:
    """``"0086 138..."`` -> ``"+86 138..."``: the international call prefix written as ``+``."""
    return "+" + text[2:] if text.startswith("00") else text


def _plain_characters(text: str) -> bool:
    """ASCII digits, separators and one leading ``+``: no letters (libphonenumber would read 1-800-FLOWERS)."""
    body = text[1:] if text.startswith("+") else text
    return bool(body) and all((c.isascii() and c.isdigit()) or c in _SEPARATORS for c in body)


def phone_parse(value: str) -> phonenumbers.PhoneNumber:
    """The parsed, valid number; ``ValidationError`` (``invalid_phone``, without the value itself) otherwise."""
    text = _international_prefix((value or "").strip())
    if not _plain_characters(text):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    region = _default_region()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException:
        raise ValidationError(INVALID_PHONE, code="invalid_phone") from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    home = phonenumbers.country_code_for_region(region)
    if number.country_code == home and phonenumbers.number_type(number) not in _MOBILE_TYPES:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return number


def phone_e164(value: str) -> str:
    """The stored form of a valid number, ``"+8613812345678"``; raises ``ValidationError`` otherwise."""
    return phonenumbers.format_number(phone_parse(value), phonenumbers.PhoneNumberFormat.E164)


def phone_normalise(value: str) -> str:
    """E.164 when ``value`` parses as a possible number, else its digits (a ``+`` kept). Never raises."""
    text = _international_prefix((value or "").strip())
    try:
        number = phonenumbers.parse(text, _default_region())
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_possible_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    digits = "".join(c for c in text if c.isascii() and c.isdigit())
    return f"+{digits}" if text.startswith("+") else digits


def _star_digits(digits: str) -> str:
    """Keep the first 3 and last 4 digits of a long number, fewer of a short one, star the rest."""
    count = len(digits)
    head, tail = (3, 4) if count >= 11 else (0, 4) if count >= 8 else (0, 2) if count >= 5 else (0, 0)
    return digits[:head] + "*" * (count - head - tail) + digits[count - tail :]


def phone_mask(value: str) -> str:
    """``"13812345678"`` -> ``"138****5678"``; ``"+8613812345678"`` -> ``"+86 138****5678"``.

    A number with a country code keeps the code in front (libphonenumber splits it off); the national number
    keeps its first 3 and last 4 digits when long, the last 4 (8 to 10 digits), the last 2 (5 to 7), or none.
    Anything that is not plainly a number is hidden whole.
    """
    text = _international_prefix(str(value).strip())
    if not _plain_characters(text):
        return MASKED_WHOLE
    if not text.startswith("+"):
        return _star_digits("".join(c for c in text if c.isdigit()))
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return MASKED_WHOLE
    national = phonenumbers.national_significant_number(number)
    return f"+{number.country_code} {_star_digits(national)}"


def phone_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` holds a valid phone number (of the shop's country, or with a country code).

    Only numbers libphonenumber accepts as valid count, so order ids, prices and timestamps stay readable.
    """
    if sum(c.isdigit() for c in text) < 7:
        return []
    matcher = phonenumbers.PhoneNumberMatcher(text, _default_region(), leniency=phonenumbers.Leniency.VALID)
    return [_number_only(match) for match in matcher]


def _number_only(match: phonenumbers.PhoneNumberMatch) -> tuple[int, int]:
    """The span of *match* without an opening bracket that only encloses it: libphonenumber reads the "(" of
    "(13812345678)" as the start of an area code and counts it in, though its ")" is left out."""
    start, raw = match.start, match.raw_string
    while raw.startswith("(") and ")" not in raw:
        start, raw = start + 1, raw[1:]
    return start, match.end
