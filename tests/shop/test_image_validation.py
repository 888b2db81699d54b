import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop.image_validation import validate_product_image
from shop.models import ProductImage
from tests.shop.factories import ProductFactory


def image_file(image_format: str = "PNG", size: tuple[int, int] = (4, 4), name: str = "photo") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "blue").save(buffer, format=image_format)
    return SimpleUploadedFile(f"{name}.{image_format.lower()}", buffer.getvalue())


def refusal_code(file) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_product_image(file)
    return caught.value.code


@pytest.mark.parametrize("image_format", ["PNG", "JPEG", "WEBP"])
def test_allowed_formats_are_accepted_and_the_file_is_rewound(image_format):
    # given
    upload = image_file(image_format)
    upload.seek(0)

    # when
    validate_product_image(upload)

    # then: the stored file starts at the beginning
    assert upload.tell() == 0


def test_non_image_is_refused():
    # given
    upload = SimpleUploadedFile("photo.png", b"<?php echo 'hello'; ?>")

    # when / then
    assert refusal_code(upload) == "image_invalid"


def test_truncated_image_is_refused():
    # given
    content = image_file("PNG", size=(64, 64)).read()
    upload = SimpleUploadedFile("photo.png", content[: len(content) // 2])

    # when / then
    assert refusal_code(upload) == "image_invalid"


def test_other_image_formats_are_refused():
    # given
    upload = image_file("GIF")

    # when / then
    assert refusal_code(upload) == "image_type"


def test_too_large_file_is_refused(settings):
    # given
    settings.SHOP_IMAGE_MAX_BYTES = 10
    upload = image_file("PNG")

    # when / then
    assert refusal_code(upload) == "image_too_large"


def test_too_many_pixels_are_refused(settings):
    # given
    settings.SHOP_IMAGE_MAX_PIXELS = 32
    wide = image_file("PNG", size=(33, 4))
    exact = image_file("PNG", size=(32, 32))

    # when / then
    assert refusal_code(wide) == "image_dimensions"
    validate_product_image(exact)


@pytest.mark.django_db
def test_model_validation_refuses_a_non_image():
    # given
    image = ProductImage(product=ProductFactory(), image=SimpleUploadedFile("x.png", b"not an image"))

    # when
    with pytest.raises(ValidationError) as caught:
        image.full_clean()

    # then
    assert caught.value.message_dict == {"image": ["The file is not a valid image."]}
