"""Shipping settings, with their defaults (``core.conf``), read when needed so tests can change them."""

from core.conf import AppSetting, AppSettings


class ShippingSettings(AppSettings):
    SHOP_COUNTRY = AppSetting(
        "CN",
        "The country (ISO code) of every delivery address: the address book holds domestic addresses "
        "(region, city, district, street).",
    )


shipping_settings = ShippingSettings()


def shop_country() -> str:
    return shipping_settings.SHOP_COUNTRY
