"""Refusals of the reviews app; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import Conflict, DomainError, NotFound, PermissionDenied


class NotABuyer(PermissionDenied):
    """Only the buyer of a delivered or completed order line may review it."""

    code = "not_a_buyer"
    default_detail = gettext_lazy("Only the buyer of a delivered order can review this product.")


class GuardianConsentRequired(PermissionDenied):
    code = "guardian_consent_required"
    default_detail = gettext_lazy("Reviews from an account under 18 need a guardian's consent first.")


class AlreadyReviewed(Conflict):
    """The order line has a review already; ``review`` (extra key) is its id."""

    code = "already_reviewed"
    default_detail = gettext_lazy("You have already reviewed this purchase; edit your review instead.")


class EditWindowClosed(PermissionDenied):
    code = "edit_window_closed"
    default_detail = gettext_lazy("This review can no longer be edited; you can still delete it.")


class OwnReview(PermissionDenied):
    code = "own_review"
    default_detail = gettext_lazy("You cannot do this with your own review.")


class AlreadyReported(Conflict):
    code = "already_reported"
    default_detail = gettext_lazy("You have already reported this review.")


class AlreadyVoted(Conflict):
    code = "already_voted"
    default_detail = gettext_lazy("You have already marked this review as helpful.")


class ReviewNotFound(NotFound):
    default_detail = gettext_lazy("There is no such review.")


class InvalidModeration(DomainError):
    """A moderation action the review's status does not allow; ``from_status`` (extra key) says which."""

    code = "invalid_transition"
    status_code = 409
    default_detail = gettext_lazy("This review's status does not allow that.")


class InvalidReview(DomainError):
    """The submitted review is not valid; ``fields`` says what is wrong with which field."""

    code = "invalid"
    default_detail = gettext_lazy("The submitted data is not valid.")
