"""Validation of uploaded product images: real image content of an allowed type, bounded size."""

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_product_image(file) -> None:
    """Refuse files that are too large, not images, of another format, or of excessive dimensions."""
    if file.size > settings.SHOP_IMAGE_MAX_BYTES:
        raise ValidationError(
            "The image is larger than %(limit)d MB.",
            code="image_too_large",
            params={"limit": settings.SHOP_IMAGE_MAX_BYTES // (1024 * 1024)},
        )
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationError("The file is not a valid image.", code="image_invalid") from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError("Only JPEG, PNG and WebP images are accepted.", code="image_type")
    limit = settings.SHOP_IMAGE_MAX_PIXELS
    if width > limit or height > limit:
        raise ValidationError(
            "The image may be at most %(limit)d pixels wide and high.", code="image_dimensions", params={"limit": limit}
        )
