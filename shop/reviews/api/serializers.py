"""Shapes of the reviews API. A review shows its author's nickname and avatar only; its author also
sees its moderation status and, when staff rejected or hid it, why."""

from datetime import datetime

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.schema import ErrorSerializer
from shop.reviews.conf import max_images
from shop.reviews.display import author_avatar_name, author_nickname, editable_until, variant_label
from shop.reviews.models import RATING_MAX, RATING_MIN, ReportReason, Review, ReviewImage, ReviewStatus

_AVATAR_STORAGE = Review._meta.get_field("user").related_model._meta.get_field("avatar").storage


def _absolute(serializer: serializers.Serializer, url: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


class ReviewAuthorSerializer(serializers.Serializer):
    nickname = serializers.CharField(help_text='The author\'s nickname, or "Anonymous" without one.')
    avatar = serializers.URLField(allow_null=True, help_text="Absolute URL of the author's avatar, or null.")


class ReviewImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="Absolute URL of the photo, stored without its metadata.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class MerchantReplySerializer(serializers.Serializer):
    text = serializers.CharField()
    replied_at = serializers.DateTimeField()


class ReviewSerializer(serializers.Serializer):
    """A review as anyone may see it once published."""

    id = serializers.IntegerField(read_only=True)
    product = serializers.SlugField(source="product.slug", read_only=True, help_text="The product's slug.")
    rating = serializers.IntegerField(read_only=True, min_value=RATING_MIN, max_value=RATING_MAX)
    text = serializers.CharField(read_only=True)
    variant = serializers.SerializerMethodField(help_text='The variant bought, e.g. "Size M, blue".')
    author = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()
    helpful_count = serializers.IntegerField(read_only=True)
    created_at = serializers.DateTimeField(read_only=True)
    edited_at = serializers.DateTimeField(read_only=True, allow_null=True, help_text="Last edit by the author.")
    reply = serializers.SerializerMethodField(help_text="The merchant's reply shown under the review, or null.")

    def get_variant(self, review: Review) -> str:
        return variant_label(review.order_line.attributes)

    @extend_schema_field(ReviewAuthorSerializer)
    def get_author(self, review: Review) -> dict:
        avatar = author_avatar_name(review.user)
        return {
            "nickname": author_nickname(review.user),
            "avatar": _absolute(self, _AVATAR_STORAGE.url(avatar)) if avatar else None,
        }

    @extend_schema_field(ReviewImageSerializer(many=True))
    def get_images(self, review: Review) -> list[dict]:
        photos: list[ReviewImage] = list(review.images.all())
        return [
            {"id": photo.pk, "url": _absolute(self, photo.image.url), "width": photo.width, "height": photo.height}
            for photo in photos
        ]

    @extend_schema_field(MerchantReplySerializer(allow_null=True))
    def get_reply(self, review: Review) -> dict | None:
        return {"text": review.reply, "replied_at": review.replied_at} if review.reply else None


class OwnReviewSerializer(ReviewSerializer):
    """A review as its author sees it, in any status."""

    order_line = serializers.IntegerField(source="order_line_id", read_only=True)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, read_only=True)
    moderation_reason = serializers.CharField(
        read_only=True, help_text="Why staff rejected or hid the review; empty otherwise."
    )
    moderated_at = serializers.DateTimeField(read_only=True, allow_null=True)
    editable_until = serializers.SerializerMethodField(help_text="The author may edit the review until then.")

    def get_editable_until(self, review: Review) -> datetime:
        return editable_until(review)


class ReviewForReaderSerializer(ReviewSerializer):
    """The schema of ``GET /reviews/{id}/``: a review, plus the fields only its author receives.

    Documentation only (the view answers with ``OwnReviewSerializer`` or ``ReviewSerializer``): one shape whose
    author fields are optional says exactly that, where a ``oneOf`` of two overlapping shapes could not."""

    _AUTHOR_ONLY = " Only in the author's view of their own review."
    order_line = serializers.IntegerField(required=False, help_text="The order line reviewed." + _AUTHOR_ONLY)
    status = serializers.ChoiceField(choices=ReviewStatus.choices, required=False, help_text=_AUTHOR_ONLY.strip())
    moderation_reason = serializers.CharField(
        required=False, help_text="Why staff rejected or hid the review; empty otherwise." + _AUTHOR_ONLY
    )
    moderated_at = serializers.DateTimeField(required=False, allow_null=True, help_text=_AUTHOR_ONLY.strip())
    editable_until = serializers.DateTimeField(
        required=False, help_text="The author may edit the review until then." + _AUTHOR_ONLY
    )


class ReviewCreateSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(min_value=1, help_text="Id of the order line you are reviewing.")
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX)
    text = serializers.CharField(help_text="The review, within the configured length limits.")


class ReviewCreateMultipartSerializer(ReviewCreateSerializer):
    images = serializers.ListField(
        child=serializers.ImageField(),
        required=False,
        help_text=f"Up to {max_images()} photos (JPEG, PNG or WebP), as `images` or `images[]` parts.",
    )


class ReviewUpdateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=RATING_MIN, max_value=RATING_MAX, required=False)
    text = serializers.CharField(required=False)
    remove_images = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, help_text="Ids of photos to drop."
    )


class ReviewUpdateMultipartSerializer(ReviewUpdateSerializer):
    images = serializers.ListField(
        child=serializers.ImageField(), required=False, help_text="Photos to add, as `images` or `images[]` parts."
    )


class ReviewReportSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, help_text="Optional details.")


class ReviewReportCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=ReportReason.choices)
    created_at = serializers.DateTimeField()


class HelpfulCountSerializer(serializers.Serializer):
    helpful_count = serializers.IntegerField(help_text="How many shoppers found the review helpful.")


class AlreadyReviewedErrorSerializer(ErrorSerializer):
    """The shared error shape; `already_reviewed` adds the id of the existing review."""

    review = serializers.IntegerField(required=False, help_text="Id of your review of this order line.")
