from django.apps import AppConfig


class PromotionsConfig(AppConfig):
    """Voucher codes and automatic sales."""

    name = "shop.promotions"
    label = "promotions"
    verbose_name = "Vouchers and sales"
