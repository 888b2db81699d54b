"""API authentication with allauth headless app session tokens (``X-Session-Token``)."""

from allauth.headless.contrib.rest_framework.authentication import XSessionTokenAuthentication
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.request import Request

SESSION_TOKEN_HEADER = "X-Session-Token"


class SessionTokenAuthentication(XSessionTokenAuthentication):
    """allauth's token authentication, but a token that was sent and is not valid is refused.

    allauth's class treats an unknown or expired token as "no credentials", which would let the request
    continue as anonymous (and answer 403, or even 200 on public endpoints). An app holding a dead token
    must learn it has to log in again, so the request fails with 401 ``not_authenticated``. Requests
    without the header are untouched: the website session still authenticates them.
    """

    def authenticate(self, request: Request):
        token = self.get_session_token(request)
        if not token:
            return None
        result = super().authenticate(request)
        if result is None:
            raise exceptions.AuthenticationFailed("The session token is invalid or has expired.")
        return result

    def authenticate_header(self, request: Request) -> str | None:
        # A challenge only for token clients, so DRF keeps 401 for them; browser (session) callers keep
        # DRF's 403 and never see an authentication prompt.
        if self.get_session_token(request):
            return SESSION_TOKEN_HEADER
        return None


class SessionTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents ``SessionTokenAuthentication`` in the OpenAPI schema (as the ``sessionToken`` scheme)."""

    target_class = SessionTokenAuthentication
    name = "sessionToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": SESSION_TOKEN_HEADER,
            "description": "An allauth headless app session token (`meta.session_token` of the login response).",
        }
