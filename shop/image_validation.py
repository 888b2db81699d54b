"""Validation of uploaded product images: the site-wide rule of ``core.image_validation``."""

from core.image_validation import ALLOWED_IMAGE_FORMATS, validate_image

__all__ = ["ALLOWED_IMAGE_FORMATS", "validate_product_image"]


def validate_product_image(file) -> None:
    """``core.image_validation.validate_image``; a function of its own because migrations name it."""
    validate_image(file)
