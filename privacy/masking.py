"""Desensitised display of personal data (promise F2): pure functions, no database.

Every function leaves ``None`` and empty values as they are, so a template can mask an optional field
without a guard, and masks anything it cannot parse completely (``"****"``): an unrecognised value is
hidden, never shown in the clear. ``mask_value(Mask.X, value)`` is the single entry point the registry,
the admin and the export use; the ``mask_*`` functions are exported for callers that know the kind.
"""

import ipaddress
import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from core.phone_numbers import phone_mask

FULL_MASK = "****"

# Address parts coarse enough to show: they locate a district, never a door.
ADDRESS_KEPT_PARTS = frozenset({"country", "region", "city", "district"})


class Mask(StrEnum):
    """How a personal field is shown to someone other than its owner."""

    NONE = "none"  # shown as is: not identifying on its own (a timestamp, a foreign key)
    EMAIL = "email"  # a***@example.com
    PHONE = "phone"  # 138****5678
    NAME = "name"  # 王* / A*
    ADDRESS = "address"  # region, city and district kept; street and the rest ****
    FULL = "full"  # ****
    IP = "ip"  # 192.168.1.0: last octet (IPv6: all but the /48 prefix) zeroed


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or (isinstance(value, Mapping) and not value)


def mask_full(value: Any) -> Any:
    """``"****"`` for any value, whatever its length (the length itself can identify)."""
    return value if _is_empty(value) else FULL_MASK


def mask_name(value: str | None) -> str | None:
    """First character and one star: ``"王小明"`` -> ``"王*"``, ``"Alice Smith"`` -> ``"A*"``."""
    if _is_empty(value):
        return value
    text = unicodedata.normalize("NFC", str(value)).strip()
    if not text:
        return FULL_MASK
    return f"{text[0]}*"


def mask_email(value: str | None) -> str | None:
    """``"alice@example.com"`` -> ``"a***@example.com"``; the domain stays, the local part goes."""
    if _is_empty(value):
        return value
    text = unicodedata.normalize("NFC", str(value)).strip()
    local, at, domain = text.rpartition("@")
    if not at or not local or not domain:
        return FULL_MASK
    # A one-character local part would be shown whole by "first character + stars".
    visible = local[0] if len(local) > 1 else ""
    return f"{visible}***@{domain}"


def mask_phone(value: str | None) -> str | None:
    """``"13812345678"`` -> ``"138****5678"``; ``"+86 138 1234 5678"`` -> ``"+86 138****5678"``.

    Parsed with libphonenumber (``core.phone_numbers.phone_mask``): a long number keeps its first 3 and last 4
    digits; 8 to 10 digits keep the last 4; 5 to 7 the last 2; shorter numbers are all stars. A country code
    is kept in front. Separators are dropped.
    """
    if _is_empty(value):
        return value
    return phone_mask(str(value))


def mask_ip(value: str | None) -> str | None:
    """``"192.168.1.23"`` -> ``"192.168.1.0"``; IPv6 keeps its /48 network prefix only."""
    if _is_empty(value):
        return value
    try:
        address = ipaddress.ip_address(str(value).strip())
    except ValueError:
        return FULL_MASK
    prefix = 24 if address.version == 4 else 48
    return str(ipaddress.ip_network(f"{address}/{prefix}", strict=False).network_address)


def mask_address(value: Mapping[str, Any] | str | None) -> dict[str, Any] | str | None:
    """Keep an address down to its district: ``{"region", "city", "district"}`` (and ``"country"``)
    stay, every other part (street, building, postal code, recipient) becomes ``"****"``.

    A free-text address line cannot be cut at the district, so a string is masked whole.
    """
    if _is_empty(value):
        return value
    if not isinstance(value, Mapping):
        return FULL_MASK
    return {key: part if key in ADDRESS_KEPT_PARTS else mask_full(part) for key, part in value.items()}


def mask_value(mask: Mask | str, value: Any) -> Any:
    """Mask ``value`` the way ``mask`` says; ``Mask.NONE`` returns it unchanged."""
    kind = Mask(mask)
    if kind is Mask.NONE or _is_empty(value):
        return value
    if kind is Mask.ADDRESS:
        return mask_address(value)
    if kind is Mask.FULL:
        return mask_full(value)
    text = str(value)
    return {Mask.EMAIL: mask_email, Mask.PHONE: mask_phone, Mask.NAME: mask_name, Mask.IP: mask_ip}[kind](text)
