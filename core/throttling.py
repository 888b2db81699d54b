"""Rate limits on the costly or abusable actions, shared by the API and the website, counted in the default
cache (Redis in production).

An API view names the throttle of its action in ``throttle_classes``; a website view that does the same
action wears ``@rate_limited(<the same class>)``. Both count in the same cache entry (scope and user id), so
switching between the website and the API gains nothing. Rates live in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under each class's ``scope``, defaulting to
``core.conf.DEFAULTS["THROTTLE_RATES"]``. Only unsafe methods count. A refused API request gets 429
``rate_limited`` with ``Retry-After`` (DRF's handler sets it; ``core.api_errors`` shapes the body); a refused
page gets the "Too many attempts" page, 429 with ``Retry-After``.

When the cache cannot be reached the limit is not applied (fails open, logged): a Redis outage must not
take checkout down with it (``core.cache``).
"""

import logging
import math
from functools import wraps

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle

from core.conf import setting

logger = logging.getLogger(__name__)
TOO_MANY_REQUESTS = 429


class ActionRateThrottle(UserRateThrottle):
    """Counts the unsafe requests of one signed-in user (of one IP address for anonymous callers) per scope.

    ``methods`` narrows what counts (editing is limited, deleting or revoking never is)."""

    methods: frozenset[str] | None = None

    def get_rate(self) -> str:
        # Read at each request, not once at import as DRF does, so a changed setting applies at once.
        rates = {**setting("THROTTLE_RATES"), **(api_settings.DEFAULT_THROTTLE_RATES or {})}
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No rate in DEFAULT_THROTTLE_RATES for the {self.scope!r} throttle scope.")
        return rates[self.scope]

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS or (self.methods is not None and request.method not in self.methods):
            return True
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("Rate limit %s not applied: the cache did not answer.", self.scope, exc_info=True)
            return True


class CheckoutThrottle(ActionRateThrottle):
    scope = "checkout"


class ExportThrottle(ActionRateThrottle):
    scope = "export"


class ReviewPostThrottle(ActionRateThrottle):
    scope = "review_post"


class ReviewEditThrottle(ActionRateThrottle):
    scope = "review_edit"
    methods = frozenset({"PUT", "PATCH", "POST"})


class CancellationThrottle(ActionRateThrottle):
    scope = "cancellation"
    methods = frozenset({"POST"})


class GuardianRequestThrottle(ActionRateThrottle):
    scope = "guardian_request"


class SignOutEverywhereThrottle(ActionRateThrottle):
    scope = "sign_out_everywhere"


def too_many_requests_page(request: HttpRequest, wait: float | None) -> HttpResponse:
    response = render(request, "429.html", status=TOO_MANY_REQUESTS)
    response["Retry-After"] = str(max(1, math.ceil(wait or 1)))
    return response


def rate_limited(throttle_class: type[ActionRateThrottle]):
    """Website views: count POSTs against the same limit as the API's ``throttle_class``; refuse with the 429 page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            throttle = throttle_class()
            if not throttle.allow_request(request, None):
                return too_many_requests_page(request, throttle.wait())
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
