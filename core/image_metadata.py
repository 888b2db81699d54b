"""Re-encoding an uploaded image without its metadata (EXIF with GPS position and camera serial numbers,
XMP, IPTC, PNG text chunks, embedded thumbnails and colour profiles).

Copying pixels into a fresh image is the only way to be sure nothing rides along: Pillow writes
whatever metadata an image carries in ``info`` for some formats, and new metadata kinds appear in new
releases. The EXIF orientation is applied first, so a photo taken sideways still shows upright once its
EXIF is gone. The stored name is random: an upload's own name ("anna-at-home.jpg") can say who took it.

Validate the file first (``core.image_validation.validate_image``, which reads headers only): this module
decodes the image, once, and only when its header declares no more than ``SHOP_IMAGE_MAX_IMAGE_PIXELS``.
Truncated or corrupt pixel data is refused (``ValidationError`` ``image_invalid``), never half-decoded.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageFile, ImageOps

from core.conf import setting

_EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
_SAVE_OPTIONS = {"JPEG": {"quality": 90, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 90}}


def _pixels_only(image: Image.Image, image_format: str) -> Image.Image:
    """A new image holding only ``image``'s pixels, upright, in a mode ``image_format`` can store."""
    upright = ImageOps.exif_transpose(image)
    has_alpha = upright.mode in ("RGBA", "LA", "PA") or (upright.mode == "P" and "transparency" in upright.info)
    mode = "RGBA" if has_alpha and image_format != "JPEG" else "RGB"
    if upright.mode == "L" and not has_alpha:
        mode = "L"
    converted = upright.convert(mode)
    return Image.frombytes(converted.mode, converted.size, converted.tobytes())


def image_without_metadata(file) -> ContentFile:
    """The image in ``file`` re-encoded in its own format (JPEG, PNG or WebP) with no metadata at all,
    named ``<random hex>.<ext>``. Reads ``file`` from its start and leaves it open.

    Raises ``ValueError`` for a format other than JPEG, PNG or WebP (validate first), and ``ValidationError``
    ``image_invalid`` for an image over the pixel cap or whose data is truncated or corrupt.
    """
    if hasattr(file, "seek"):
        file.seek(0)
    try:
        with Image.open(file) as image:
            image_format = image.format or ""
            if image_format not in _EXTENSIONS:
                raise ValueError(f"Cannot re-encode a {image_format or 'unknown'} image.")
            width, height = image.size
            if width * height > setting("SHOP_IMAGE_MAX_IMAGE_PIXELS"):
                raise ValidationError("The image has too many pixels.", code="image_dimensions")
            # WeasyPrint (invoice PDFs) sets Pillow's process-wide LOAD_TRUNCATED_IMAGES when imported;
            # uploads must still refuse truncated data, so the flag is put back before decoding.
            ImageFile.LOAD_TRUNCATED_IMAGES = False
            image.load()
            clean = _pixels_only(image, image_format)
    except (OSError, SyntaxError, Image.DecompressionBombError, EOFError) as exc:
        # Pillow raises OSError for truncated data ("image file is truncated") and for broken streams.
        raise ValidationError("The file is not a valid image.", code="image_invalid") from exc
    buffer = io.BytesIO()
    clean.save(buffer, format=image_format, **_SAVE_OPTIONS[image_format])
    return ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{_EXTENSIONS[image_format]}")
