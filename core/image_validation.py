"""Validation of uploaded images, shared by every app that stores one (product photos, avatars, review photos).

An upload is accepted only if it is real image content of an allowed format, within the byte size and
the pixel dimensions the site allows (``SHOP_IMAGE_MAX_BYTES``, ``SHOP_IMAGE_MAX_PIXELS``). Pillow reads
the header only (``verify()``), so a huge or hostile file is refused before anything decodes it.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image, UnidentifiedImageError

from core.conf import setting

ALLOWED_IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def validate_image(file) -> None:
    """Refuse files that are too large, not images, of another format, or of excessive dimensions.

    Raises ``ValidationError`` with code ``image_too_large``, ``image_invalid``, ``image_type`` or
    ``image_dimensions``. The file is rewound to where it was, ready to be stored.
    """
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
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise ValidationError("The file is not a valid image.", code="image_invalid") from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError("Only JPEG, PNG and WebP images are accepted.", code="image_type")
    limit = settings.SHOP_IMAGE_MAX_PIXELS
    if width > limit or height > limit or width * height > setting("SHOP_IMAGE_MAX_IMAGE_PIXELS"):
        raise ValidationError(
            "The image may be at most %(limit)d pixels wide and high.", code="image_dimensions", params={"limit": limit}
        )


def declared_pixels(file) -> int:
    """Width x height as the file's header declares them (0 when unreadable); reads the header only."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        with Image.open(file) as image:
            width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        return 0
    finally:
        if hasattr(file, "seek"):
            file.seek(position)
    return width * height


def validate_request_pixels(files: Iterable) -> None:
    """Refuse a set of uploads of one request that would decode to more than ``SHOP_IMAGE_MAX_REQUEST_PIXELS``
    together (``ValidationError`` ``image_dimensions``), before any of them is decoded."""
    if sum(declared_pixels(file) for file in files) > setting("SHOP_IMAGE_MAX_REQUEST_PIXELS"):
        raise ValidationError(
            "These images together have too many pixels; send fewer or smaller ones.", code="image_dimensions"
        )
