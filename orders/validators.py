"""Validation of address-book input shared by the API, the website and the services.

Phone numbers (decision): a mobile number of the shop's country (``SHOP_COUNTRY``, China: ``138 1234 5678``,
optionally with ``+86``/``0086``), or a valid number of any country written with its country code. Landlines of
the shop's country are refused: a courier needs a number that reaches the recipient. Accepted numbers are stored
in E.164: ``"138 1234 5678"`` becomes ``"+8613812345678"``. The rules live in ``core.phone_numbers``.
"""

from core.phone_numbers import PHONE_HELP, phone_e164

__all__ = ["PHONE_HELP", "phone_normalise_valid"]


def phone_normalise_valid(value: str) -> str:
    """The E.164 form of a valid phone number; raises ``ValidationError`` (message without the value) otherwise."""
    return phone_e164(value)
