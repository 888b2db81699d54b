"""Rate limits on the API's costly or abusable actions, counted in the default cache (Redis in production).

A view names its action's limit with ``throttle_scope`` (``core.api.views.ApiView``); the rates live in
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under that scope. Only unsafe methods count, so a view that lists
and creates (``GET``/``POST /orders/``) limits the creating alone. A refused request gets 429 ``rate_limited``
with ``Retry-After`` (DRF's handler sets it; ``core.api.errors`` shapes the body).
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class ActionRateThrottle(UserRateThrottle):
    """Counts the unsafe requests of one signed-in user (of one IP address for anonymous callers) per scope."""

    def __init__(self) -> None:
        # The scope is the view's, known only at the request (as DRF's ScopedRateThrottle does).
        pass

    def get_rate(self) -> str:
        # Read at each request, not once at import as DRF does, so a changed setting applies at once.
        rates = api_settings.DEFAULT_THROTTLE_RATES or {}
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No rate in DEFAULT_THROTTLE_RATES for the {self.scope!r} throttle scope.")
        return rates[self.scope]

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        self.scope = view.throttle_scope
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)
