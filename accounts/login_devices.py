"""Failed sign-ins are limited per address and per account, without letting a stranger lock a shopper out.

allauth counts failures per IP address and per account (the email typed in). On its own the per-account count
lets anyone who knows an email keep that account locked by failing on purpose. So, as OWASP's "device
cookies" advise, a browser that has signed in to an account before carries a signed cookie naming it; its
failures are counted apart from everyone else's. A stranger's failures lock out only other unknown devices,
never the browsers the shopper already uses; the per-address limit still holds for everyone.
"""

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse

COOKIE_NAME = "login_device"
_SALT = "accounts.login_device"
_PENDING_ATTR = "_login_device_cookie"
MAX_AGE = 180 * 24 * 60 * 60


def device_token(user) -> str:
    """A signed token naming ``user`` for this browser (set at a successful sign-in)."""
    return signing.dumps({"u": user.pk}, salt=_SALT, compress=True)


def trusted_device_key(request: HttpRequest, login: str) -> str | None:
    """The device's own rate-limit key when this browser signed in to the account of ``login`` before, else None."""
    from accounts.models import User

    raw = request.COOKIES.get(COOKIE_NAME, "")
    if not raw or not login:
        return None
    try:
        user_id = signing.loads(raw, salt=_SALT, max_age=MAX_AGE)["u"]
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not User.objects.filter(pk=user_id, email__iexact=login).exists():
        return None
    return raw[-16:]


def remember_device(request: HttpRequest, user) -> None:
    """Ask ``LoginDeviceCookieMiddleware`` to set the device cookie on the response of this sign-in."""
    setattr(request, _PENDING_ATTR, device_token(user))


class LoginDeviceCookieMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = getattr(request, _PENDING_ATTR, None)
        if token:
            response.set_cookie(
                COOKIE_NAME,
                token,
                max_age=MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
