"""Photos of a review: validated (type, size, dimensions, count) and stored without their metadata."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

from shop.reviews.models import Review, ReviewImage
from tests.reviews.factories import image_bytes, image_upload

pytestmark = pytest.mark.django_db

TEXT = "The photos show the stitching up close."


def gps_exif(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneCo"
    exif[ExifTags.Base.BodySerialNumber] = "SN-123456"
    exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (30.0, 15.0, 0.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (120.0, 10.0, 0.0),
    }
    return exif


def post_with_images(api, line, *uploads, part="images"):
    body = {"order_line": line.pk, "rating": 5, "text": TEXT, part: list(uploads)}
    return api.post(f"/api/v1/products/{line.variant.product.slug}/reviews/", body, format="multipart")


def stored(photo: ReviewImage) -> Image.Image:
    with photo.image.open("rb") as handle:
        image = Image.open(io.BytesIO(handle.read()))
        image.load()
        return image


def test_a_jpeg_with_gps_exif_is_stored_without_any_exif(api, line):
    # given
    upload = image_upload("home-of-anna.jpg", exif=gps_exif())
    assert Image.open(io.BytesIO(upload.read())).getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the GPS is there
    upload.seek(0)

    # when
    response = post_with_images(api, line, upload)

    # then
    assert response.status_code == 201
    photo = ReviewImage.objects.get()
    image = stored(photo)
    assert image.format == "JPEG"
    assert dict(image.getexif()) == {}
    assert image.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in image.info
    assert "home-of-anna" not in photo.image.name
    assert photo.image.name.endswith(".jpg")


def test_the_exif_orientation_is_applied_before_it_is_dropped(api, line):
    # given: 32 x 24 pixels, which the camera says to show turned a quarter
    upload = image_upload(size=(32, 24), exif=gps_exif(orientation=6))

    # when
    post_with_images(api, line, upload)

    # then: stored upright
    photo = ReviewImage.objects.get()
    assert stored(photo).size == (24, 32)
    assert (photo.width, photo.height) == (24, 32)


def test_png_text_chunks_are_dropped(api, line):
    # given
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Anna Li, 12 Wensan Road")
    buffer = io.BytesIO()
    Image.new("RGBA", (16, 16), "red").save(buffer, format="PNG", pnginfo=info)
    upload = SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")

    # when
    response = post_with_images(api, line, upload)

    # then
    assert response.status_code == 201
    image = stored(ReviewImage.objects.get())
    assert image.format == "PNG"
    assert "Author" not in image.info
    assert "Anna" not in str(image.info)


def test_photos_sent_as_images_brackets_are_accepted_and_listed_with_urls(api, line):
    # when
    response = post_with_images(api, line, image_upload(), image_upload("b.webp", "WEBP"), part="images[]")

    # then
    assert response.status_code == 201
    images = response.json()["images"]
    assert len(images) == 2
    assert all(item["url"].startswith("http://testserver/media/reviews/") for item in images)
    assert [(item["width"], item["height"]) for item in images] == [(32, 24), (32, 24)]


def test_more_than_five_photos_are_refused(api, line):
    # when
    response = post_with_images(api, line, *[image_upload(f"{n}.jpg") for n in range(6)])

    # then
    assert response.status_code == 400
    assert "images" in response.json()["fields"]
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("photo.jpg", b"<?php echo 'hello'; ?>", content_type="image/jpeg"), "not a valid image"),
        (SimpleUploadedFile("photo.gif", image_bytes("GIF"), content_type="image/gif"), "Only JPEG, PNG and WebP"),
    ],
)
def test_non_images_and_other_formats_are_refused(api, line, upload, message):
    # when
    response = post_with_images(api, line, upload)

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert message in response.json()["fields"]["images"][0]
    assert response.json()["fields"]["images"][0].startswith("Photo 1:")
    assert not Review.objects.exists()
    assert not ReviewImage.objects.exists()


def test_images_over_the_size_or_dimension_limits_are_refused(api, line, settings):
    # given
    settings.SHOP_IMAGE_MAX_PIXELS = 20
    settings.SHOP_IMAGE_MAX_BYTES = 100_000

    # when
    too_wide = post_with_images(api, line, image_upload(size=(21, 10)))
    too_heavy = post_with_images(api, line, SimpleUploadedFile("big.jpg", b"\xff" * 100_001))

    # then
    assert too_wide.status_code == 400
    assert "20 pixels" in too_wide.json()["fields"]["images"][0]
    assert too_heavy.status_code == 400
    assert "larger than" in too_heavy.json()["fields"]["images"][0]
    assert not Review.objects.exists()


def stored_files(settings) -> list[Path]:
    media = Path(settings.MEDIA_ROOT)
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def test_a_refused_review_leaves_no_file_behind(api, line, settings):
    # given: a valid photo, but text the service refuses
    body = {"order_line": line.pk, "rating": 5, "text": "short", "images": [image_upload()]}

    # when
    response = api.post(f"/api/v1/products/{line.variant.product.slug}/reviews/", body, format="multipart")

    # then
    assert response.status_code == 400
    assert stored_files(settings) == []
