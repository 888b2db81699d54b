from django.apps import AppConfig


class ShopConfig(AppConfig):
    name = "shop"
    verbose_name = "Shop"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from shop.models import Category, Product, ProductImage, ProductVariant
        from shop.pricing.snapshot import connect_invalidation
        from shop.promotions.models import Sale
        from shop.receivers import catalog_row_changed, merge_cart_on_login

        user_logged_in.connect(merge_cart_on_login, dispatch_uid="shop.merge_cart_on_login")
        connect_invalidation()
        for model in (Category, Product, ProductVariant, ProductImage, Sale):
            for signal in (post_save, post_delete):
                signal.connect(catalog_row_changed, sender=model, dispatch_uid=f"shop.catalog_changed.{model.__name__}")
        for through in (Sale.products.through, Sale.categories.through):
            m2m_changed.connect(
                catalog_row_changed, sender=through, dispatch_uid=f"shop.catalog_changed.{through.__name__}"
            )
