"""Factories of the reviews tests: delivered order lines, reviews as the services leave them, photos.

``ReviewFactory`` writes the row directly (published by default) and does *not* move the product's
rating summary; tests of the summary post reviews through the API or the services.
"""

import io

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from orders.models import OrderStatus
from shop.reviews.models import Review, ReviewImage, ReviewStatus
from tests.accounts.factories import UserFactory
from tests.orders.factories import OrderFactory, OrderLineFactory
from tests.shop.factories import ProductVariantFactory


def bought_line(*, user=None, variant=None, product=None, status: str = OrderStatus.DELIVERED, **variant_fields):
    """One line of ``user``'s order in ``status`` (delivered by default) of ``variant`` (or a new variant
    of ``product``, or of a new product)."""
    if variant is None:
        variant = ProductVariantFactory(**({"product": product} if product is not None else {}), **variant_fields)
    when = timezone.now()
    timestamps = {"delivered_at": when} if status in (OrderStatus.DELIVERED, OrderStatus.COMPLETED) else {}
    if status == OrderStatus.COMPLETED:
        timestamps["completed_at"] = when
    order = OrderFactory(user=user if user is not None else UserFactory(), status=status, paid_at=when, **timestamps)
    return OrderLineFactory(order=order, variant=variant)


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    user = factory.SubFactory(UserFactory)
    order_line = factory.LazyAttribute(lambda review: bought_line(user=review.user))
    product = factory.LazyAttribute(lambda review: review.order_line.variant.product)
    rating = 4
    text = factory.Sequence(lambda n: f"Review number {n}: fits well and feels sturdy.")
    status = ReviewStatus.PUBLISHED


def image_bytes(image_format: str = "JPEG", size: tuple[int, int] = (32, 24), *, exif=None, colour="blue") -> bytes:
    buffer = io.BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    options = {"exif": exif} if exif is not None else {}
    Image.new(mode, size, colour).save(buffer, format=image_format, **options)
    return buffer.getvalue()


def image_upload(name: str = "photo.jpg", image_format: str = "JPEG", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(image_format, **kwargs), content_type=f"image/{image_format.lower()}")


class ReviewImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewImage

    review = factory.SubFactory(ReviewFactory)
    image = factory.django.ImageField(width=8, height=8, format="PNG", filename="photo.png")
    width = 8
    height = 8
