"""Has the person at the keyboard proved again, just now, that they are the account holder?

Sensitive rights (a data export, cancelling the account) need a *recent re-authentication*, on top of
being signed in, so that a forgotten open session or a stolen token cannot be used to take the data or
to close the account. allauth keeps the proof: re-authenticating (``/accounts/reauthenticate/`` on the
website, ``POST /_allauth/{browser|app}/v1/auth/reauthenticate`` for API clients) writes a dated record
into the session, and its check accepts one younger than ``ACCOUNT_REAUTHENTICATION_TIMEOUT`` (300 s by
default). A plain login does not count, as in allauth. An account without a password (third-party
sign-in only) has nothing to re-enter and counts as recently re-authenticated, as allauth decides.

The one subtlety is *which* session holds the record: the website (and a browser API client) use the
cookie session, ``request.session``; an app calling the API with ``X-Session-Token`` uses the allauth
headless session that the token names, which DRF's authentication leaves in ``request.auth``.

The website uses allauth's own decorator (``allauth.account.decorators.reauthentication_required``),
which redirects to the re-authentication page and replays the request afterwards; the API calls
``require_recent_reauthentication`` and answers 403 ``reauthentication_required``.
"""

import time
from types import SimpleNamespace

from allauth.account import app_settings as account_settings
from allauth.account.authentication import get_authentication_records
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.sessions.backends.base import SessionBase
from django.urls import reverse
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.api.schema import ErrorSerializer
from core.errors import DomainError
from privacy.codes import ErrorCode


class ReauthenticationRequired(DomainError):
    code = ErrorCode.REAUTHENTICATION_REQUIRED
    status_code = 403
    default_detail = gettext_lazy("Confirm your password again to do this, then retry.")


def _token_session(request) -> SessionBase | None:
    """The allauth headless session of an ``X-Session-Token`` API request, or None."""
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, SessionBase) else None


def recently_reauthenticated(request) -> bool:
    """Whether the user of ``request`` (website ``HttpRequest`` or DRF ``Request``) re-authenticated
    within ``ACCOUNT_REAUTHENTICATION_TIMEOUT``. False for an anonymous request."""
    user = request.user
    if not user.is_authenticated:
        return False
    if not (user.has_usable_password() or is_mfa_enabled(user)):
        # Nothing to re-enter (third-party sign-in only): counts as recent, as allauth decides.
        return True
    session = _token_session(request)
    if session is None:
        session = request.session
    records = get_authentication_records(SimpleNamespace(user=user, session=session), user)
    reauthenticated = [record for record in records if record.get("reauthenticated")]
    return bool(reauthenticated) and time.time() - reauthenticated[-1]["at"] < account_settings.REAUTHENTICATION_TIMEOUT


def reauthenticate_url(request) -> str:
    """Where this client re-authenticates: allauth headless's endpoint for its kind of session."""
    client = "app" if _token_session(request) is not None else "browser"
    return reverse(f"headless:{client}:account:reauthenticate")


def require_recent_reauthentication(request) -> None:
    """Raise ``ReauthenticationRequired`` (403, with ``reauthenticate_url``) unless the user of ``request``
    recently re-authenticated. Reads the session only; changes nothing."""
    if not recently_reauthenticated(request):
        raise ReauthenticationRequired(reauthenticate_url=reauthenticate_url(request))


class ReauthenticationErrorSerializer(ErrorSerializer):
    """The shared error shape of ``reauthentication_required``, with where to re-authenticate."""

    reauthenticate_url = serializers.CharField(
        required=False,
        help_text=(
            "allauth headless's re-authentication endpoint for your kind of session "
            "(`/_allauth/app/v1/auth/reauthenticate` with `X-Session-Token`, else the browser one): "
            'POST `{"password": "..."}` there, then retry within a few minutes.'
        ),
    )
