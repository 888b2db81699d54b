"""Fetching a granted avatar from a provider: over HTTP(S), small, an image, and nothing riding along.

The URL comes from the provider, so it is treated as untrusted: only ``http``/``https``, only hosts whose
every address is public (no loopback, private or link-local address, so a provider cannot make the shop
fetch from its own network) unless ``PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS``, and the connection goes
to the very address that was checked (no second DNS lookup that a rebinding answer could turn inward); a few
redirects at most (each resolved, checked and pinned the same way), an image content type, at most
``PRIVACY_BINDING_AVATAR_MAX_BYTES`` read, then ``core.image_validation`` (real JPEG/PNG/WebP within the
site's limits) and a re-encode without metadata (``core.image_metadata``).
"""

import ipaddress
import socket
from urllib.parse import urljoin, urlsplit

import certifi
import urllib3
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


def _checked_address(url: str) -> tuple[str, int]:
    """The address (and port) to fetch ``url`` from: its host resolved once, every address public. The fetch
    connects to this address, so a second DNS answer (rebinding) can never send it inward."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AvatarRefused("avatar_url_scheme")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (OSError, ValueError, UnicodeError) as exc:
        raise AvatarRefused("avatar_host_unknown") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise AvatarRefused("avatar_host_unknown")
    if not settings.PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS:
        for address in addresses:
            if not ipaddress.ip_address(address.split("%")[0]).is_global:
                raise AvatarRefused("avatar_host_private")
    return addresses[0], port


def _pinned_pool(url: str, address: str, port: int, timeout: urllib3.Timeout) -> urllib3.HTTPConnectionPool:
    """A connection pool to ``address`` that still speaks to the URL's host: its name in ``Host`` and, over
    HTTPS, in SNI and the certificate check."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=parts.hostname,
            assert_hostname=parts.hostname,
            cert_reqs="CERT_REQUIRED",
            ca_certs=certifi.where(),
        )
    return urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)


def _read_limited(response: urllib3.BaseHTTPResponse, limit: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise AvatarRefused("avatar_too_large")
    body = bytearray()
    for chunk in response.stream(_CHUNK_SIZE):
        body += chunk
        if len(body) > limit:
            raise AvatarRefused("avatar_too_large")
    return bytes(body)


def avatar_download(url: str) -> ContentFile:
    """The image at ``url``, validated and re-encoded without metadata, under a random name.

    Raises ``AvatarRefused`` (with a ``code``) for a refused address, an HTTP error, a wrong content type,
    a body over the limit or content that is not an acceptable image. Every hop (redirects included) is
    resolved once, checked, and fetched from the address checked.
    """
    timeout = urllib3.Timeout(
        connect=settings.PRIVACY_BINDING_AVATAR_CONNECT_TIMEOUT, read=settings.PRIVACY_BINDING_AVATAR_READ_TIMEOUT
    )
    limit = settings.PRIVACY_BINDING_AVATAR_MAX_BYTES
    for _hop in range(MAX_REDIRECTS + 1):
        address, port = _checked_address(url)
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = parts.hostname if parts.port is None else f"{parts.hostname}:{parts.port}"
        pool = _pinned_pool(url, address, port, timeout)
        try:
            response = pool.urlopen(
                "GET", target, headers={"Host": host}, redirect=False, preload_content=False, retries=False
            )
        except urllib3.exceptions.HTTPError as exc:
            pool.close()
            raise AvatarRefused("avatar_unreachable") from exc
        try:
            location = response.headers.get("Location")
            if response.status in (301, 302, 303, 307, 308) and location:
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise AvatarRefused("avatar_http_error")
            content_type = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if content_type not in ALLOWED_CONTENT_TYPES:
                raise AvatarRefused("avatar_content_type")
            try:
                body = _read_limited(response, limit)
            except urllib3.exceptions.HTTPError as exc:
                raise AvatarRefused("avatar_unreachable") from exc
            break
        finally:
            response.release_conn()
            pool.close()
    else:
        raise AvatarRefused("avatar_too_many_redirects")
    upload = ContentFile(body, name="avatar")
    try:
        validate_image(upload)
        return image_without_metadata(upload)
    except (ValidationError, ValueError) as exc:
        raise AvatarRefused("avatar_not_an_image") from exc
