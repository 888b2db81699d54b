"""Refusals of account cancellation; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound
from privacy.codes import ErrorCode


class CancellationNotFound(NotFound):
    code = ErrorCode.CANCELLATION_NOT_FOUND
    default_detail = gettext_lazy("You have no pending request to cancel your account.")


class StaffAccountCancellation(DomainError):
    code = ErrorCode.STAFF_ACCOUNT
    status_code = 403
    default_detail = gettext_lazy(
        "Staff accounts cannot be cancelled from the privacy centre: another administrator closes them, "
        "so that no duties are left without an owner."
    )


class CancellationBlocked(DomainError):
    """A registered blocker (``privacy.erasure_hooks``) refuses it; ``code`` is the blocker's code
    (``orders_in_progress``) and ``blocking`` lists what blocks (order numbers)."""

    code = ErrorCode.CANCELLATION_BLOCKED
    status_code = 409
    default_detail = gettext_lazy("Your account cannot be cancelled right now.")


class ConfirmationEmailNotSent(Exception):
    """The last email to the user could not be sent; the anonymisation of that user was rolled back."""
