"""Hostile images on every upload that decodes one (review photos on the API and the website, the avatar on the
profile page): truncated, corrupt, or declaring huge dimensions in a tiny file. Each is refused with a 4xx and
a message, never a 500; one request may not decode more than SHOP_IMAGE_MAX_REQUEST_PIXELS in all."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from shop.reviews.models import Review, ReviewImage
from tests.reviews.conftest import client_for
from tests.reviews.factories import image_bytes, image_upload

pytestmark = pytest.mark.django_db

TEXT = "The photos show the stitching up close."


def _truncated_jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((256, 256), 64).convert("RGB").save(buffer, format="JPEG", quality=95)
    content = buffer.getvalue()
    return content[: len(content) // 2]


def _corrupt_png() -> bytes:
    content = bytearray(image_bytes("PNG", size=(64, 64)))
    content[60:120] = b"\xff" * 60
    return bytes(content)


def _png_declaring(width: int, height: int) -> bytes:
    """A tiny valid PNG whose header declares ``width`` x ``height``: decoding it would allocate it all."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


HOSTILE = {
    "truncated_jpeg": ("photo.jpg", _truncated_jpeg),
    "corrupt_png": ("photo.png", _corrupt_png),
    "huge_png": ("photo.png", lambda: _png_declaring(4000, 4000)),
    "bomb_png": ("photo.png", lambda: _png_declaring(60000, 60000)),
    "not_an_image": ("photo.jpg", lambda: b"\xff\xd8\xff\xe0 not really"),
}


def _upload(kind: str) -> SimpleUploadedFile:
    name, content = HOSTILE[kind]
    return SimpleUploadedFile(name, content(), content_type="image/png" if name.endswith("png") else "image/jpeg")


@pytest.fixture
def small_pixel_cap(settings):
    # 4000 x 4000 declared pixels are over the cap; real 32 x 24 photos are under it.
    settings.SHOP_IMAGE_MAX_IMAGE_PIXELS = 2000 * 2000


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_review_api_refuses_hostile_images_with_400(buyer, line, kind, small_pixel_cap):
    # when
    response = client_for(buyer).post(
        f"/api/v1/products/{line.variant.product.slug}/reviews/",
        {"order_line": line.pk, "rating": 5, "text": TEXT, "images": [_upload(kind)]},
        format="multipart",
    )

    # then
    assert response.status_code == 400, response.content
    assert "images" in response.json()["fields"]
    assert not Review.objects.exists()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_review_form_refuses_hostile_images_next_to_the_field(client, buyer, line, kind, small_pixel_cap):
    # given
    client.force_login(buyer)

    # when
    response = client.post(
        reverse("reviews:new", kwargs={"order_line_id": line.pk}),
        {"rating": "5", "text": TEXT, "images": [_upload(kind)]},
    )

    # then: the form again, with the refusal, and nothing stored
    assert response.status_code == 400, response.status_code
    assert not Review.objects.exists()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_the_profile_page_refuses_hostile_avatars(client, buyer, kind, small_pixel_cap):
    # given
    client.force_login(buyer)

    # when
    response = client.post("/privacy/profile/", {"nickname": "Lin", "avatar": _upload(kind)})

    # then
    assert response.status_code in (200, 400)
    buyer.refresh_from_db()
    assert not buyer.avatar


def test_one_request_may_not_decode_more_pixels_than_the_request_cap(buyer, line, settings):
    # given five photos, each within the per-image cap, together over the per-request cap
    settings.SHOP_IMAGE_MAX_REQUEST_PIXELS = 4 * 100 * 100
    photos = [image_upload(f"p{number}.jpg", size=(100, 100)) for number in range(5)]

    # when
    response = client_for(buyer).post(
        f"/api/v1/products/{line.variant.product.slug}/reviews/",
        {"order_line": line.pk, "rating": 5, "text": TEXT, "images": photos},
        format="multipart",
    )

    # then
    assert response.status_code == 400
    assert "too many pixels" in " ".join(response.json()["fields"]["images"])
    assert not ReviewImage.objects.exists()
