"""``Retry-After`` on every 429, whoever refused the request, and the website's share of the API's limits.

DRF's throttles say how long to wait. allauth's rate limits (sign-in, sign-up, password reset,
re-authentication, on the website and the headless API) answer a bare 429: allauth does not expose when
its window ends, so the client is told the longest configured window (``RATE_LIMIT_RETRY_AFTER``), which
is never too early.
"""

import math
from functools import wraps

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse

from core.api.throttling import ActionRateThrottle

TOO_MANY_REQUESTS = 429


# allauth's website forms refuse a sign-in past the failed-attempts limit with this form error, not a 429.
FORM_RATE_LIMIT_CODES = frozenset({"too_many_login_attempts"})


class RetryAfterMiddleware:
    """Adds ``Retry-After`` to every 429, and turns a website form that allauth refused for too many attempts
    (a form error on a 200 page) into the "Too many attempts" page, 429, as the API answers."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == TOO_MANY_REQUESTS and "Retry-After" not in response:
            response["Retry-After"] = str(settings.RATE_LIMIT_RETRY_AFTER)
        return response

    def process_template_response(self, request: HttpRequest, response):
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method != "POST" or form is None or not hasattr(form, "errors"):
            return response
        codes = {error.code for errors in form.errors.as_data().values() for error in errors}
        if codes & FORM_RATE_LIMIT_CODES:
            # A template response is expected here: Django renders it after this hook.
            page = TemplateResponse(request, "429.html", status=TOO_MANY_REQUESTS)
            page["Retry-After"] = str(settings.RATE_LIMIT_RETRY_AFTER)
            return page
        return response


def too_many_requests_page(request: HttpRequest, wait: float | None) -> HttpResponse:
    """The "Too many attempts" page, 429 with ``Retry-After`` in whole seconds."""
    response = render(request, "429.html", status=TOO_MANY_REQUESTS)
    response["Retry-After"] = str(max(1, math.ceil(wait or 1)))
    return response


def rate_limited(scope: str):
    """Website views: count each POST against the API's limit of ``scope`` (the same cache entry per user), so
    the website is as guarded as the API; past the limit, the "Too many attempts" page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            throttle = ActionRateThrottle(scope)
            if not throttle.allow_request(request, None):
                return too_many_requests_page(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
