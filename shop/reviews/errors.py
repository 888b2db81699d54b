"""Refusals of the reviews app; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import Conflict, DomainError, NotFound, PermissionDenied
from shop.codes import ErrorCode


class NotABuyer(PermissionDenied):
    """Only the buyer of a delivered or completed order line may review it."""

    code = ErrorCode.NOT_A_BUYER
    default_detail = gettext_lazy("Only the buyer of a delivered order can review this product.")


class GuardianConsentRequired(PermissionDenied):
    code = ErrorCode.GUARDIAN_CONSENT_REQUIRED
    default_detail = gettext_lazy("Reviews from an account under 18 need a guardian's consent first.")


class AlreadyReviewed(Conflict):
    """The order line has a review already; ``review`` (extra key) is its id."""

    code = ErrorCode.ALREADY_REVIEWED
    default_detail = gettext_lazy("You have already reviewed this purchase; edit your review instead.")


class EditWindowClosed(PermissionDenied):
    code = ErrorCode.EDIT_WINDOW_CLOSED
    default_detail = gettext_lazy("This review can no longer be edited; you can still delete it.")


class OwnReview(PermissionDenied):
    code = ErrorCode.OWN_REVIEW
    default_detail = gettext_lazy("You cannot do this with your own review.")


class AlreadyReported(Conflict):
    code = ErrorCode.ALREADY_REPORTED
    default_detail = gettext_lazy("You have already reported this review.")


class AlreadyVoted(Conflict):
    code = ErrorCode.ALREADY_VOTED
    default_detail = gettext_lazy("You have already marked this review as helpful.")


class ReviewNotFound(NotFound):
    default_detail = gettext_lazy("There is no such review.")


class InvalidModeration(DomainError):
    """A moderation action the review's status does not allow; ``from_status`` (extra key) says which."""

    code = ErrorCode.INVALID_TRANSITION
    status_code = 409
    default_detail = gettext_lazy("This review's status does not allow that.")


class InvalidReview(DomainError):
    """The submitted review is not valid; ``fields`` says what is wrong with which field."""

    code = ErrorCode.INVALID
    default_detail = gettext_lazy("The submitted data is not valid.")
