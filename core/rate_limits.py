"""``Retry-After`` on every 429, whoever refused the request.

DRF's throttles say how long to wait. allauth's rate limits (sign-in, sign-up, password reset,
re-authentication, on the website and the headless API) answer a bare 429: allauth does not expose when
its window ends, so the client is told the longest configured window (``RATE_LIMIT_RETRY_AFTER``), which
is never too early.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

TOO_MANY_REQUESTS = 429


class RetryAfterMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == TOO_MANY_REQUESTS and "Retry-After" not in response:
            response["Retry-After"] = str(settings.RATE_LIMIT_RETRY_AFTER)
        return response
