"""Fetching a granted avatar from a provider: over HTTP(S), small, an image, and nothing riding along.

The URL comes from the provider, so it is treated as untrusted: only ``http``/``https``, only hosts whose
every address is public (no loopback, private or link-local address, so a provider cannot make the shop
fetch from its own network) unless ``PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS``, a few redirects at
most (each checked the same way), an image content type, at most ``PRIVACY_BINDING_AVATAR_MAX_BYTES``
read, then ``core.image_validation`` (real JPEG/PNG/WebP within the site's limits) and a re-encode
without metadata (``core.image_metadata``).
"""

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from core.image_metadata import image_without_metadata
from core.image_validation import validate_image

ALLOWED_CONTENT_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
MAX_REDIRECTS = 3
_CHUNK_SIZE = 64 * 1024


class AvatarRefused(Exception):
    """The avatar could not be fetched or is not acceptable; ``code`` says why (never the URL)."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)


def _check_host(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AvatarRefused("avatar_url_scheme")
    if settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS:
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except OSError as exc:
        raise AvatarRefused("avatar_host_unknown") from exc
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            raise AvatarRefused("avatar_host_private")


def _read_limited(response: requests.Response, limit: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise AvatarRefused("avatar_too_large")
    body = bytearray()
    for chunk in response.iter_content(_CHUNK_SIZE):
        body += chunk
        if len(body) > limit:
            raise AvatarRefused("avatar_too_large")
    return bytes(body)


def avatar_download(url: str) -> ContentFile:
    """The image at ``url``, validated and re-encoded without metadata, under a random name.

    Raises ``AvatarRefused`` (with a ``code``) for a refused address, an HTTP error, a wrong content type,
    a body over the limit or content that is not an acceptable image.
    """
    timeout = (settings.PRIVACY_BINDING_AVATAR_CONNECT_TIMEOUT, settings.PRIVACY_BINDING_AVATAR_READ_TIMEOUT)
    limit = settings.PRIVACY_BINDING_AVATAR_MAX_BYTES
    with requests.Session() as session:
        for _hop in range(MAX_REDIRECTS + 1):
            _check_host(url)
            try:
                response = session.get(url, stream=True, timeout=timeout, allow_redirects=False)
            except requests.RequestException as exc:
                raise AvatarRefused("avatar_unreachable") from exc
            with response:
                if response.is_redirect and response.headers.get("Location"):
                    url = urljoin(url, response.headers["Location"])
                    continue
                if response.status_code != requests.codes.ok:
                    raise AvatarRefused("avatar_http_error")
                content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
                if content_type not in ALLOWED_CONTENT_TYPES:
                    raise AvatarRefused("avatar_content_type")
                try:
                    body = _read_limited(response, limit)
                except requests.RequestException as exc:
                    raise AvatarRefused("avatar_unreachable") from exc
            break
        else:
            raise AvatarRefused("avatar_too_many_redirects")
    upload = ContentFile(body, name="avatar")
    try:
        validate_image(upload)
        return image_without_metadata(upload)
    except (ValidationError, ValueError) as exc:
        raise AvatarRefused("avatar_not_an_image") from exc
