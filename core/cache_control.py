"""``Cache-Control: no-store`` on every response that may carry someone's personal data.

One rule, so that no view has to remember it: every response a view answers is private, and no cache
(browser, proxy, CDN) may keep it, unless the view is marked ``@cacheable`` and the request is an anonymous
read (``GET``/``HEAD`` without a session or an app session token). Marked: the catalog, the policy texts, the
schema. A signed-in request (by session) or one carrying an app session token is always private, even where
no view answered. What no view answers (static files, unknown URLs) keeps its own headers.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

from core.view_markers import mark_view, view_is_marked

_READS = frozenset({"GET", "HEAD"})
# allauth headless's app session token (accounts/authentication.py); core imports no app, so it is named here.
_SESSION_TOKEN_HEADER = "X-Session-Token"
_CACHEABLE = "cacheable_when_anonymous"
_ANSWERED_BY_A_VIEW = "_no_store_view_func"


def cacheable(view):
    """Marks a view (function or class) whose anonymous reads carry nobody's data and may be cached."""
    return mark_view(view, _CACHEABLE)


class NoStoreMiddleware:
    """Adds ``Cache-Control: no-store`` (with Django's full never-cache set) per the rule in the module docstring.

    Decides on the way out, after the view: DRF sets the token-authenticated user on the request by then.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self._is_private(request):
            add_never_cache_headers(response)
        return response

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        setattr(request, _ANSWERED_BY_A_VIEW, view_func)

    def _is_private(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or _SESSION_TOKEN_HEADER in request.headers:
            # A token counts even where no view authenticated it (a URL that resolves nowhere).
            return True
        if not hasattr(request, _ANSWERED_BY_A_VIEW):
            return False
        view_func = getattr(request, _ANSWERED_BY_A_VIEW)
        return not (request.method in _READS and view_is_marked(view_func, _CACHEABLE))
