"""Settings of the shop app (catalog, images), with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class ShopSettings(AppSettings):
    SHOP_CURRENCY = AppSetting("CNY", "The currency of every price (ISO 4217 code).")
    SHOP_IMAGE_MAX_BYTES = AppSetting(5 * 1024 * 1024, "Largest uploaded image file, in bytes.")
    SHOP_IMAGE_MAX_PIXELS = AppSetting(4096, "Largest width or height of an uploaded image, in pixels.")


shop_settings = ShopSettings()
