"""Fetching a granted avatar: only a small real image, only from a public host (unless allowed)."""

import io

import pytest
from PIL import Image

from privacy.binding.avatar import AvatarRefused, avatar_download


@pytest.fixture
def avatar_url(idp, settings):
    settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = True
    return f"{idp.base_url}/avatar.png"


def test_a_small_png_is_fetched_and_reencoded_under_a_random_name(avatar_url):
    # when
    content = avatar_download(avatar_url)

    # then
    assert content.name.endswith(".png")
    assert content.name != "avatar.png"
    with Image.open(io.BytesIO(content.read())) as image:
        assert image.size == (8, 8)


def test_a_provider_on_a_private_address_is_refused_by_default(idp, settings):
    # given the production default
    settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = False

    # when / then
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(f"{idp.base_url}/avatar.png")
    assert refused.value.code == "avatar_host_private"
    assert not idp.hits("/avatar.png")


@pytest.mark.parametrize("url", ["ftp://example.com/a.png", "file:///etc/passwd", "javascript:alert(1)"])
def test_other_schemes_are_refused(url):
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(url)
    assert refused.value.code == "avatar_url_scheme"


def test_a_body_over_the_limit_is_refused(idp, avatar_url, settings):
    # given
    settings.PRIVACY_BINDING_AVATAR_MAX_BYTES = 16

    # when / then
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(avatar_url)
    assert refused.value.code == "avatar_too_large"


def test_another_content_type_is_refused(idp, avatar_url):
    # given
    idp.avatar_content_type = "text/html"

    # when / then
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(avatar_url)
    assert refused.value.code == "avatar_content_type"


def test_content_that_is_not_an_image_is_refused(idp, avatar_url):
    # given
    idp.avatar_body = b"<svg onload=alert(1)>" * 10

    # when / then
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(avatar_url)
    assert refused.value.code == "avatar_not_an_image"


def test_a_missing_avatar_is_refused(idp, settings):
    # given
    settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = True

    # when / then
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(f"{idp.base_url}/no-such-picture.png")
    assert refused.value.code == "avatar_http_error"
