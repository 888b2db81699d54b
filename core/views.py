"""Site-wide error views: API paths answer in the shared JSON error shape, web pages in HTML.

Wired as ``handler400/403/404/500`` and ``CSRF_FAILURE_VIEW``, they also shape what Django refuses before
any view runs (an oversized body, too many fields, a bad Host header, a missing CSRF token), so no client
of ``/api/`` ever reads an HTML error page. A database that does not answer is the site being unavailable,
not broken: 503 with ``Retry-After``.
"""

import sys

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext
from django.views import defaults

from core.api.errors import error_body
from core.conf import setting
from core.json_paths import wants_json

REQUEST_TOO_LARGE = 413
SERVICE_UNAVAILABLE = 503


def _json_or_page(request, status: int, code: str, detail: str, page) -> HttpResponse:
    if wants_json(request):
        return JsonResponse(error_body(code, detail), status=status)
    return page()


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler400``: what Django refuses before the view. A body over the size limit is 413."""
    if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
        return _json_or_page(
            request,
            400,
            "too_many_fields",
            "The request has too many fields or files.",
            lambda: defaults.bad_request(request, exception),
        )
    if isinstance(exception, RequestDataTooBig):
        detail = "The request is larger than the site accepts."
        page = _plain_page(
            REQUEST_TOO_LARGE, gettext("Request too large"), gettext("The request is larger than the site accepts.")
        )
        return _json_or_page(request, REQUEST_TOO_LARGE, "request_too_large", detail, lambda: page)
    return _json_or_page(
        request, 400, "bad_request", "The request is malformed.", lambda: defaults.bad_request(request, exception)
    )


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler403``."""
    return _json_or_page(
        request,
        403,
        "permission_denied",
        "You do not have permission to do this.",
        lambda: defaults.permission_denied(request, exception),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """``CSRF_FAILURE_VIEW``: the reason is Django's text for developers, not shown to anyone."""
    from django.views.csrf import csrf_failure as django_csrf_failure

    return _json_or_page(
        request,
        403,
        "csrf_failed",
        "The request lacks a valid CSRF token; reload the page and try again.",
        lambda: django_csrf_failure(request, reason=reason),
    )


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """``handler404``: unknown ``/api/...`` URLs never resolve to a DRF view, so shape them here."""
    return _json_or_page(request, 404, "not_found", "Not found.", lambda: defaults.page_not_found(request, exception))


def _plain_page(status: int, title: str, message: str) -> HttpResponse:
    """A page rendered without context processors or the database: safe when a backing service is down."""
    try:
        body = loader.get_template("503.html").render({"title": title, "message": message})
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        body = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
    return HttpResponse(body, status=status, content_type="text/html; charset=utf-8")


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """503 ``service_unavailable`` with ``Retry-After``: the database did not answer."""
    if wants_json(request):
        response = JsonResponse(
            error_body("service_unavailable", "The service is briefly unavailable; try again shortly."), status=503
        )
    else:
        response = _plain_page(
            SERVICE_UNAVAILABLE,
            gettext("Briefly unavailable"),
            gettext("The shop cannot answer right now. Please try again in a minute."),
        )
    response["Retry-After"] = str(setting("SERVICE_UNAVAILABLE_RETRY_AFTER"))
    return response


def _database_down(exc: BaseException | None) -> bool:
    """The exception (or one it came from) says the database cannot be reached, not that a query is wrong."""
    while exc is not None:
        if isinstance(exc, OperationalError | InterfaceError):
            return True
        if isinstance(exc, DatabaseError) and exc.__class__.__name__ in {"OperationalError", "InterfaceError"}:
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: 503 when the database is down; else the JSON shape for API clients, the page for browsers."""
    if _database_down(sys.exc_info()[1]):
        return database_unavailable(request)
    return _json_or_page(
        request, 500, "server_error", "A server error occurred.", lambda: defaults.server_error(request)
    )
