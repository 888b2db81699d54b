"""Rate limits on the costly or abusable actions, counted in the default cache (Redis in production).

A view names its action's limit with ``throttle_scope`` (``core.api.views.ApiView``) and, when only some of
its unsafe methods count, ``throttle_methods`` (editing is limited, deleting or revoking never is); the rates
live in ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` under that scope, defaulting to
``core.conf.CoreSettings.THROTTLE_RATES``. Only unsafe methods count, so a view that lists and creates
(``GET``/``POST /orders/``) limits the creating alone. A refused request gets 429 ``rate_limited`` with
``Retry-After`` (DRF's handler sets it; ``core.api.errors`` shapes the body).

The website's pages for the same actions count in the same cache entries (``core.rate_limits.rate_limited``),
so switching between the website and the API gains nothing. When the cache cannot be reached the limit is not
applied (fails open, logged): a Redis outage must not take checkout down with it (``core.cache``).
"""

import logging

from django.core.exceptions import ImproperlyConfigured
from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle

from core.conf import setting

logger = logging.getLogger(__name__)


class ActionRateThrottle(UserRateThrottle):
    """Counts the unsafe requests of one signed-in user (of one IP address for anonymous callers) per scope."""

    def __init__(self, scope: str | None = None) -> None:
        # The scope is the view's, known only at the request (as DRF's ScopedRateThrottle does), or given here.
        self.scope = scope

    def get_rate(self) -> str:
        # Read at each request, not once at import as DRF does, so a changed setting applies at once.
        rates = {**setting("THROTTLE_RATES"), **(api_settings.DEFAULT_THROTTLE_RATES or {})}
        if self.scope not in rates:
            raise ImproperlyConfigured(f"No rate in DEFAULT_THROTTLE_RATES for the {self.scope!r} throttle scope.")
        return rates[self.scope]

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return True
        methods = getattr(view, "throttle_methods", None)
        if methods is not None and request.method not in methods:
            return True
        self.scope = getattr(view, "throttle_scope", None) or self.scope
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("Rate limit %s not applied: the cache did not answer.", self.scope, exc_info=True)
            return True
