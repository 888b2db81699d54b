"""The domain error type. Services raise these; the API handler and the website turn them into the
shared error shape ``{"code", "detail", "fields"}`` (plus any extra context keys)."""

from typing import Any

from django.utils.translation import gettext_lazy

from core.codes import ErrorCode


class DomainError(Exception):
    """A refusal a client can act on. ``code`` is a stable snake_case string clients depend on."""

    code: str = "invalid_request"
    status_code: int = 400
    default_detail: str = gettext_lazy("The request could not be processed.")

    def __init__(
        self,
        detail: str | None = None,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
        status_code: int | None = None,
        **extra: Any,
    ) -> None:
        self.detail = detail or self.default_detail
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code
        self.fields = fields or {}
        self.extra = extra
        super().__init__(self.detail)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "detail": self.detail, "fields": self.fields, **self.extra}


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND
    status_code = 404
    default_detail = gettext_lazy("Not found.")


class PermissionDenied(DomainError):
    code = ErrorCode.PERMISSION_DENIED
    status_code = 403
    default_detail = gettext_lazy("You do not have permission to do this.")


class Conflict(DomainError):
    code = ErrorCode.CONFLICT
    status_code = 409
    default_detail = gettext_lazy("The request conflicts with the current state.")
