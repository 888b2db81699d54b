"""Conditional requests and a shared cache for anonymous catalog reads of the API.

An anonymous ``GET`` of the product list or a product (no session user, no app session token, no
``Authorization``) gets a weak ``ETag`` derived from the catalog state (``shop.selectors.catalog_version``),
the scheme, host, path with query string and the active language: the answer is then the same for every caller,
so ``If-None-Match`` with that tag is answered ``304 Not Modified``, and the rendered body is kept in the
default cache (Redis, shared by every worker) under the same key for ``SHOP_CATALOG_CACHE_TIMEOUT`` seconds
(0: no shared cache, tags only). Any change of the catalog moves the version, so the next read computes afresh
and carries a new tag; nothing is ever invalidated by hand.

Not covered, on purpose: signed-in callers (their reads record history under their consent) and visitors who
accepted optional cookies (their product views are counted, ``privacy.analytics``): both take the full path.
Only 200 answers are cached; errors (an invalid filter, an unknown product) are computed every time.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.http import parse_etags
from django.utils.translation import get_language

from privacy.cookies import optional_cookies_allowed
from shop.selectors.catalog_version import CatalogState, catalog_state

_READS = frozenset({"GET", "HEAD"})
_SESSION_TOKEN_HEADER = "X-Session-Token"


def _shared_key(request: HttpRequest) -> tuple[CatalogState, str, str] | None:
    """``(state, etag, cache key)`` of an anonymous read, or ``None`` when the answer may depend on the caller."""
    if request.method not in _READS or _SESSION_TOKEN_HEADER in request.headers or "Authorization" in request.headers:
        return None
    user = getattr(request, "user", None)
    if (user is not None and user.is_authenticated) or optional_cookies_allowed(request):
        return None
    state = catalog_state()
    if state is None:
        return None
    what = f"{request.scheme}://{request.get_host()}{request.get_full_path()}|{get_language()}"
    digest = hashlib.blake2b(what.encode(), digest_size=12).hexdigest()
    return state, f'W/"{state.key}.{digest}"', f"catalog:answer:{state.key}:{digest}"


def _matches(request: HttpRequest, etag: str) -> bool:
    header = request.headers.get("If-None-Match")
    if not header:
        return False
    # Weak comparison (RFC 9110 13.1.2), as for every GET.
    wanted = etag.removeprefix("W/")
    return any(tag == "*" or tag.removeprefix("W/") == wanted for tag in parse_etags(header))


class SharedCatalogAnswerMixin:
    """For a DRF view of the catalog: ``ETag``, ``304`` and the shared cache of anonymous reads (module docs).

    Wraps ``dispatch``: a 304 or a cached answer costs no query and skips DRF's request handling, which does
    nothing for these callers (anonymous, public access, no throttle, no policy gate).
    """

    #: The catalog state read for this request (``None`` when not shared): the view derives from it.
    catalog_state: CatalogState | None = None

    def dispatch(self, request, *args, **kwargs):
        shared = _shared_key(request)
        if shared is None:
            return super().dispatch(request, *args, **kwargs)
        self.catalog_state, etag, key = shared
        if _matches(request, etag):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        timeout = settings.SHOP_CATALOG_CACHE_TIMEOUT
        body = cache.get(key) if timeout else None
        if body is not None:
            response = HttpResponse(body, content_type="application/json")
        else:
            response = super().dispatch(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            response.render()
            if timeout:
                cache.set(key, response.content, timeout=timeout)
        response["ETag"] = etag
        return response
