"""Site-wide error views: API paths answer in the shared JSON error shape, web pages in HTML."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from core.api.errors import error_body

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: unknown ``/api/...`` URLs never resolve to a DRF view, so shape them here."""
    if _is_api(request):
        return JsonResponse(error_body("not_found", "Not found."), status=404)
    return defaults.page_not_found(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: the same JSON shape for API clients; the plain error page for browsers."""
    if _is_api(request):
        return JsonResponse(error_body("server_error", "A server error occurred."), status=500)
    return defaults.server_error(request)
