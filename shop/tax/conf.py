"""Tax settings, read when needed so tests can change them."""

from django.conf import settings


def prices_include_tax() -> bool:
    """``TAX_PRICES_INCLUDE_TAX`` (default True): the merchant enters prices, shipping prices, voucher amounts
    and thresholds gross (tax included). False: they are entered net and tax is added on top."""
    return bool(getattr(settings, "TAX_PRICES_INCLUDE_TAX", True))


def shipping_tax_class_slug() -> str:
    """``TAX_SHIPPING_CLASS`` (default ``"standard"``): the tax class whose rate applies to shipping."""
    return getattr(settings, "TAX_SHIPPING_CLASS", "standard")
