"""Refusals of the data export; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound


class ExportNotFound(NotFound):
    code = "export_not_found"
    default_detail = gettext_lazy("There is no data export with this id for your account.")


class ExportNotReady(DomainError):
    code = "export_not_ready"
    status_code = 409
    default_detail = gettext_lazy("This data export is not ready to download.")


class ExportExpired(DomainError):
    code = "export_expired"
    status_code = 410
    default_detail = gettext_lazy("This data export has expired and its file was deleted. Request a new one.")
