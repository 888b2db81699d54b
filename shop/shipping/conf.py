"""Shipping settings, read when needed so tests can change them."""

from django.conf import settings


def shop_country() -> str:
    """``SHOP_COUNTRY`` (ISO code, default ``"CN"``): the country of every delivery address, as the address book
    holds domestic addresses (region, city, district, street)."""
    return getattr(settings, "SHOP_COUNTRY", "CN")
