"""Settings of the shop app (catalog, images), with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class ShopSettings(AppSettings):
    SHOP_CURRENCY = AppSetting("CNY", "The currency of every price (ISO 4217 code).")
    SHOP_IMAGE_MAX_BYTES = AppSetting(5 * 1024 * 1024, "Largest uploaded image file, in bytes.")
    SHOP_IMAGE_MAX_PIXELS = AppSetting(4096, "Largest width or height of an uploaded image, in pixels.")
    SHOP_CATALOG_CACHE_TIMEOUT = AppSetting(
        300,
        "Seconds an anonymous catalog API answer is kept in the shared cache, keyed by the catalog version "
        "(shop/api/catalog_cache.py); 0 keeps none (entity tags and 304 still work).",
    )


shop_settings = ShopSettings()
