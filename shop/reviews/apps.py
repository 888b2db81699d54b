from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    """Verified-purchase reviews. Sits above ``orders`` (a review belongs to an order line)."""

    name = "shop.reviews"
    label = "reviews"
    verbose_name = "Reviews"
