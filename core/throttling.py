"""Rate limits on the API's costly or abusable actions, counted in the default cache (Redis in production).

A view names the throttle of its action in ``throttle_classes``; the rates live in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under each class's ``scope``. Only unsafe methods count, so
a view that lists and creates (``GET``/``POST /orders/``) limits the creating alone. A refused request
gets 429 ``rate_limited`` with ``Retry-After`` (DRF's handler sets it; ``core.api_errors`` shapes the body).
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class ActionRateThrottle(UserRateThrottle):
    """Counts the unsafe requests of one signed-in user (of one IP address for anonymous callers) per scope."""

    def get_rate(self) -> str:
        # Read at each request, not once at import as DRF does, so a changed setting applies at once.
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No rate in DEFAULT_THROTTLE_RATES for the {self.scope!r} throttle scope.")
        return rates[self.scope]

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class CheckoutThrottle(ActionRateThrottle):
    scope = "checkout"


class ExportThrottle(ActionRateThrottle):
    scope = "export"


class ReviewPostThrottle(ActionRateThrottle):
    scope = "review_post"


class SignOutEverywhereThrottle(ActionRateThrottle):
    scope = "sign_out_everywhere"
