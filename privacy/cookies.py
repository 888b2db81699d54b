"""The cookie choice (promise B5): essential cookies only until the visitor opts in.

The choice lives in one essential cookie (``PRIVACY_COOKIE_CONSENT_NAME``: ``all`` or ``essential``). For a
signed-in user the latest ``analytics_cookies`` consent record wins over the cookie, so a withdrawal
made anywhere (the consents page, the API, another device) counts at once.

Code that wants to set a non-essential cookie asks ``optional_cookies_allowed(request)`` first; templates
read ``privacy_notices.optional_cookies_allowed``.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from privacy.purposes import ANALYTICS_COOKIES
from privacy.selectors.consent import consent_latest_choice

ALL = "all"
ESSENTIAL = "essential"
CHOICES = (ALL, ESSENTIAL)


def _http_request(request) -> HttpRequest:
    # A DRF Request wraps the Django one; memos live on the Django one so both see them.
    return getattr(request, "_request", request)


def cookie_choice(request) -> str | None:
    """``"all"``, ``"essential"``, or None while the visitor has not chosen. At most one query, memoised."""
    http_request = _http_request(request)
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    memo = getattr(http_request, "_privacy_cookie_choice", None)
    if memo is not None and memo[0] == user_id:
        return memo[1]
    choice = None
    if user_id is not None:
        recorded = consent_latest_choice(user_id=user_id, purpose=ANALYTICS_COOKIES)
        if recorded is not None:
            choice = ALL if recorded else ESSENTIAL
    if choice is None:
        value = request.COOKIES.get(settings.PRIVACY_COOKIE_CONSENT_NAME)
        choice = value if value in CHOICES else None
    http_request._privacy_cookie_choice = (user_id, choice)
    return choice


def optional_cookies_allowed(request) -> bool:
    """True only when the visitor opted in to optional cookies."""
    return cookie_choice(request) == ALL


def remember_cookie_choice(request, response: HttpResponse, choice: str) -> None:
    """Store the choice in the essential consent cookie and in this request's memo."""
    response.set_cookie(
        settings.PRIVACY_COOKIE_CONSENT_NAME,
        choice,
        max_age=settings.PRIVACY_COOKIE_CONSENT_MAX_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    if choice == ESSENTIAL:
        for name in settings.PRIVACY_OPTIONAL_COOKIE_NAMES:
            response.delete_cookie(name)
    user = getattr(request, "user", None)
    user_id = user.pk if user is not None and user.is_authenticated else None
    _http_request(request)._privacy_cookie_choice = (user_id, choice)
