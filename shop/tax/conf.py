"""Tax settings, with their defaults (``core.conf``), read when needed so tests can change them."""

from core.conf import AppSetting, AppSettings


class TaxSettings(AppSettings):
    TAX_PRICES_INCLUDE_TAX = AppSetting(
        True,
        "True: the merchant enters prices, shipping prices, voucher amounts and thresholds gross (tax included). "
        "False: they are entered net and tax is added on top.",
    )
    TAX_SHIPPING_CLASS = AppSetting("standard", "The slug of the tax class whose rate applies to shipping.")


tax_settings = TaxSettings()


def prices_include_tax() -> bool:
    return bool(tax_settings.TAX_PRICES_INCLUDE_TAX)


def shipping_tax_class_slug() -> str:
    return tax_settings.TAX_SHIPPING_CLASS
