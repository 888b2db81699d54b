from django.apps import AppConfig


class TaxConfig(AppConfig):
    """Tax classes of products and the rate of each class in each shipping zone."""

    name = "shop.tax"
    label = "tax"
    verbose_name = "Tax"
