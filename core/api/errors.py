"""One exception handler for the API: every error leaves as ``{"code", "detail", "fields"}``."""

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from core.errors import DomainError

_DRF_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "permission_denied",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
    exceptions.ParseError: "parse_error",
    exceptions.ValidationError: "invalid",
}


def _flatten(detail: Any) -> list[str]:
    if isinstance(detail, list):
        return [message for item in detail for message in _flatten(item)]
    if isinstance(detail, dict):
        return [message for item in detail.values() for message in _flatten(item)]
    return [str(detail)]


def _field_errors(detail: Any) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(field): _flatten(messages) for field, messages in detail.items()}
    return {"non_field_errors": _flatten(detail)}


def error_body(code: str, detail: str, fields: dict | None = None, **extra: Any) -> dict[str, Any]:
    return {"code": code, "detail": detail, "fields": fields or {}, **extra}


def api_exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(exc.as_dict(), status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()

    response = exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        fields = _field_errors(exc.detail)
        response.data = error_body("invalid", "The submitted data is not valid.", fields)
    else:
        response.data = error_body(code, str(exc.detail))
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        # Session and token auth carry no WWW-Authenticate challenge; keep the status DRF chose.
        response.data["code"] = "not_authenticated"
    return response
