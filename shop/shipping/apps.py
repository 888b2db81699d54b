from django.apps import AppConfig


class ShippingConfig(AppConfig):
    """Shipping zones and the methods (with their price bands) that serve them."""

    name = "shop.shipping"
    label = "shipping"
    verbose_name = "Shipping"
