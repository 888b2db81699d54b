from django.apps import AppConfig
from django.db.models.signals import post_delete


class ReviewsConfig(AppConfig):
    """Verified-purchase reviews. Sits above ``orders`` (a review belongs to an order line)."""

    name = "shop.reviews"
    label = "reviews"
    verbose_name = "Reviews"

    def ready(self) -> None:
        from shop.reviews import receivers
        from shop.reviews.models import ReviewImage

        post_delete.connect(receivers.review_image_deleted, sender=ReviewImage, dispatch_uid="reviews.image_deleted")
