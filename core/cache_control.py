"""``Cache-Control: no-store`` on every response that may carry someone's personal data.

One rule, so that no view has to remember it: a response is private, and no cache (browser, proxy, CDN) may
keep it, when the request was signed in (by session) or carried an app session token, or when its path is under one of
``NO_STORE_PATH_PREFIXES`` (the API, allauth's headless API that hands out tokens) and is not a public read
listed in ``NO_STORE_PUBLIC_PATHS`` (the catalog and the policy texts, which may be cached).
"""

import re
from collections.abc import Callable
from functools import cached_property

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

_READS = frozenset({"GET", "HEAD"})
# allauth headless's app session token (accounts/authentication.py); core imports no app, so it is named here.
_SESSION_TOKEN_HEADER = "X-Session-Token"


class NoStoreMiddleware:
    """Adds ``Cache-Control: no-store`` (with Django's full never-cache set) per the rule in the module docstring.

    Runs on the way out, after the view: DRF sets the token-authenticated user on the request by then.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @cached_property
    def _prefixes(self) -> tuple[str, ...]:
        return tuple(settings.NO_STORE_PATH_PREFIXES)

    @cached_property
    def _public(self) -> list[re.Pattern]:
        return [re.compile(pattern) for pattern in settings.NO_STORE_PUBLIC_PATHS]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._is_private(request):
            add_never_cache_headers(response)
        return response

    def _is_private(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or _SESSION_TOKEN_HEADER in request.headers:
            # A token counts even where no view authenticated it (a URL that resolves nowhere).
            return True
        if not request.path.startswith(self._prefixes):
            return False
        return not (request.method in _READS and any(p.fullmatch(request.path) for p in self._public))
