"""Refusals of the data export; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound
from privacy.codes import ErrorCode


class ExportNotFound(NotFound):
    code = ErrorCode.EXPORT_NOT_FOUND
    default_detail = gettext_lazy("There is no data export with this id for your account.")


class ExportNotReady(DomainError):
    code = ErrorCode.EXPORT_NOT_READY
    status_code = 409
    default_detail = gettext_lazy("This data export is not ready to download.")


class ExportExpired(DomainError):
    code = ErrorCode.EXPORT_EXPIRED
    status_code = 410
    default_detail = gettext_lazy("This data export has expired and its file was deleted. Request a new one.")
