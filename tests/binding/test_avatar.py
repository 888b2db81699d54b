"""Fetching a granted avatar: only a small real image, only from a public host (unless allowed)."""

import io
import socket

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


def test_the_fetch_connects_to_the_address_it_checked_not_a_second_dns_answer(idp, settings, monkeypatch):
    # given a provider host whose first DNS answer is public and any later one is loopback (DNS rebinding)
    settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = False
    settings.PRIVACY_BINDING_AVATAR_CONNECT_TIMEOUT = 0.5
    real_getaddrinfo = socket.getaddrinfo
    answers = []

    def rebinding_dns(host, port, *args, **kwargs):
        if host != "avatars.rebind.test":
            return real_getaddrinfo(host, port, *args, **kwargs)
        address = "192.0.2.1" if answers else "8.8.8.8"
        answers.append(address)
        if address == "8.8.8.8":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("8.8.8.8", port))]
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", idp.server.server_address[1]))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding_dns)

    # when
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(f"http://avatars.rebind.test:{idp.server.server_address[1]}/avatar.png")

    # then the host was looked up once, and the loopback server never saw the request
    assert refused.value.code == "avatar_unreachable"
    assert answers == ["8.8.8.8"]
    assert not idp.hits("/avatar.png")


def test_a_public_name_that_resolves_inward_is_refused_before_any_connection(idp, settings, monkeypatch):
    # given a host name that resolves to loopback
    settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = False
    real_getaddrinfo = socket.getaddrinfo

    def dns(host, port, *args, **kwargs):
        if host == "cdn.public.test":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", idp.server.server_address[1]))]
        return real_getaddrinfo(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", dns)

    # when / then
    with pytest.raises(AvatarRefused) as refused:
        avatar_download(f"http://cdn.public.test:{idp.server.server_address[1]}/avatar.png")
    assert refused.value.code == "avatar_host_private"
    assert not idp.hits("/avatar.png")
