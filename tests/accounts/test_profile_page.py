"""The privacy centre's profile page: view and correct the nickname and picture (promise D1)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from accounts.models import User
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db
PAGE = "/privacy/profile/"


def _jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (31.0, 14.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile("me-at-home.jpg", buffer.getvalue(), content_type="image/jpeg")


def test_profile_page_shows_what_the_shop_holds(client):
    # given
    user = UserFactory(email="lin@example.com", nickname="Lin")
    client.force_login(user)

    # when
    response = client.get(PAGE)

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "lin@example.com" in html
    assert 'value="Lin"' in html


def test_shopper_corrects_the_nickname_and_uploads_a_picture_stored_without_metadata(client):
    # given
    user = UserFactory(nickname="Lin")
    client.force_login(user)

    # when
    response = client.post(PAGE, {"nickname": "  Lin W.  ", "avatar": _jpeg_with_gps()})

    # then
    assert response.status_code == 302
    user = User.objects.get(pk=user.pk)
    assert user.nickname == "Lin W."
    assert "me-at-home" not in user.avatar.name
    with user.avatar.open("rb") as stored, Image.open(stored) as image:
        assert not image.getexif()


def test_removing_the_picture_deletes_the_file(client, django_capture_on_commit_callbacks):
    # given
    user = UserFactory(nickname="Lin")
    client.force_login(user)
    client.post(PAGE, {"nickname": "Lin", "avatar": _jpeg_with_gps()})
    user.refresh_from_db()
    storage, name = user.avatar.storage, user.avatar.name

    # when
    with django_capture_on_commit_callbacks(execute=True):
        client.post(PAGE, {"nickname": "Lin", "remove_avatar": "on"})

    # then
    user.refresh_from_db()
    assert not user.avatar
    assert not storage.exists(name)


def test_a_bad_nickname_or_a_non_image_is_refused_next_to_the_field(client):
    # given
    user = UserFactory(nickname="Lin")
    client.force_login(user)
    not_an_image = SimpleUploadedFile("x.jpg", b"plain text", content_type="image/jpeg")

    # when
    response = client.post(PAGE, {"nickname": "\u202eevil", "avatar": not_an_image})

    # then
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"nickname", "avatar"}
    assert User.objects.get(pk=user.pk).nickname == "Lin"


def test_profile_page_needs_a_signed_in_user(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
