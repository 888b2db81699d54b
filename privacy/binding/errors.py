"""Refusals of third-party binding; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import Conflict, DomainError, NotFound
from privacy.codes import ErrorCode


class BindingNotFound(NotFound):
    code = ErrorCode.BINDING_NOT_FOUND
    default_detail = gettext_lazy("You have no third-party account binding with this id.")


class ProviderNotAvailable(DomainError):
    code = ErrorCode.UNKNOWN_PROVIDER
    status_code = 400
    default_detail = gettext_lazy("The shop offers no sign-in with this provider.")


class FieldNotOffered(DomainError):
    code = ErrorCode.FIELD_NOT_OFFERED
    status_code = 400
    default_detail = gettext_lazy("This provider does not offer one of the fields you chose.")


class LastLoginMethod(Conflict):
    code = ErrorCode.LAST_LOGIN_METHOD
    default_detail = gettext_lazy(
        "This is the only way you can sign in: set a password or bind another account first, then unbind this one."
    )


class ProviderUnreachable(DomainError):
    code = ErrorCode.PROVIDER_UNAVAILABLE
    status_code = 502
    default_detail = gettext_lazy("The provider cannot be reached right now. Please try again in a few minutes.")
