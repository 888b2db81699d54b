"""Reviews of bought products, their photos, shoppers' reports and helpful votes, and each product's
rating summary.

A review belongs to one order line (one review per line) of its author's delivered or completed order,
and to the line's product, so that it survives the variant being removed from sale. Only *published*
reviews are shown to other people and count in the product's ``ProductRating``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from core.image_validation import validate_image
from core.models import TimeStampedModel

RATING_MIN = 1
RATING_MAX = 5
RATINGS = range(RATING_MIN, RATING_MAX + 1)


class ReviewStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting for approval")
    PUBLISHED = "published", gettext_lazy("Published")
    REJECTED = "rejected", gettext_lazy("Rejected")
    HIDDEN = "hidden", gettext_lazy("Hidden")


class Review(TimeStampedModel):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    order_line = models.OneToOneField("orders.OrderLine", on_delete=models.CASCADE, related_name="review")
    product = models.ForeignKey("shop.Product", on_delete=models.CASCADE, related_name="reviews")
    rating = models.PositiveSmallIntegerField(validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)])
    text = models.TextField()
    status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.PENDING)
    edited_at = models.DateTimeField(null=True, blank=True, help_text="When the author last changed the review.")
    moderation_reason = models.CharField(
        max_length=500, blank=True, help_text="Why the review was rejected or hidden; shown to its author."
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    helpful_count = models.PositiveIntegerField(default=0)
    reply = models.TextField("merchant's reply", blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX), name="review_rating_range"
            ),
        ]
        indexes = [
            # The public list of a product: its published reviews in each offered order.
            models.Index(fields=["product", "status", "-created_at"], name="reviews_product_newest_idx"),
            models.Index(fields=["product", "status", "rating"], name="reviews_product_rating_idx"),
            models.Index(fields=["product", "status", "-helpful_count"], name="reviews_product_helpful_idx"),
            models.Index(fields=["user", "-created_at"], name="reviews_user_idx"),
            models.Index(fields=["status", "created_at"], name="reviews_status_idx"),
        ]

    def __str__(self) -> str:
        return f"Review #{self.pk}"


class ReviewImage(models.Model):
    """A photo of a review, stored re-encoded without metadata (``core.image_metadata``)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="reviews/%Y/%m/", validators=[validate_image])
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return f"Photo #{self.pk} of review #{self.review_id}"


class ReportReason(models.TextChoices):
    SPAM = "spam", gettext_lazy("Spam or advertising")
    OFFENSIVE = "offensive", gettext_lazy("Offensive or abusive")
    OFF_TOPIC = "off_topic", gettext_lazy("Not about the product")
    PERSONAL_DATA = "personal_data", gettext_lazy("Reveals someone's personal information")
    FAKE = "fake", gettext_lazy("Not a genuine review")
    OTHER = "other", gettext_lazy("Something else")


class ReviewReport(models.Model):
    """A shopper's report of a published review, once per review and shopper, until staff act on it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="reports")
    # Nullable: the report outlives the reporter's erasure, as an anonymous signal for the moderators.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="When staff acted on the review.")

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [models.UniqueConstraint(fields=["review", "reporter"], name="review_report_once_per_user")]
        indexes = [
            models.Index(
                fields=["review"], condition=models.Q(resolved_at__isnull=True), name="reviews_open_report_idx"
            )
        ]

    def __str__(self) -> str:
        return f"Report #{self.pk} of review #{self.review_id}"


class HelpfulVote(models.Model):
    """A shopper found a review helpful (once per review). ``Review.helpful_count`` counts these."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="helpful_votes")
    # Nullable: the vote keeps counting after the voter's erasure, no longer saying whose it was.
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["review", "voter"], name="review_helpful_once_per_user")]

    def __str__(self) -> str:
        return f"Helpful vote #{self.pk}"


class ProductRating(models.Model):
    """The rating summary of a product's *published* reviews: count, sum, average and histogram.

    Kept by ``shop.reviews.services.rating`` in the transaction that changes a review, with relative
    (``F()``) updates, so the catalog reads it with a join instead of aggregating reviews per request.
    A product nobody rated has no row.
    """

    product = models.OneToOneField("shop.Product", on_delete=models.CASCADE, primary_key=True, related_name="rating")
    count = models.PositiveIntegerField(default=0)
    rating_sum = models.PositiveIntegerField(default=0)
    average = models.DecimalField(max_digits=3, decimal_places=2, null=True, blank=True)
    stars_1 = models.PositiveIntegerField(default=0)
    stars_2 = models.PositiveIntegerField(default=0)
    stars_3 = models.PositiveIntegerField(default=0)
    stars_4 = models.PositiveIntegerField(default=0)
    stars_5 = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"Rating of product #{self.product_id}"

    @property
    def histogram(self) -> dict[int, int]:
        return {stars: getattr(self, f"stars_{stars}") for stars in RATINGS}
