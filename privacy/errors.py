"""Refusals of the privacy app; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound
from privacy.codes import ErrorCode


class PolicyVersionImmutable(DomainError):
    code = ErrorCode.POLICY_VERSION_PUBLISHED
    status_code = 409
    default_detail = gettext_lazy("A published policy version can no longer be changed or deleted.")


class AppendOnlyRecord(DomainError):
    code = ErrorCode.APPEND_ONLY_RECORD
    status_code = 409
    default_detail = gettext_lazy("This record is proof of what was agreed; it cannot be changed or deleted.")


class PolicyVersionNotCurrent(DomainError):
    code = ErrorCode.POLICY_VERSION_NOT_CURRENT
    status_code = 400
    default_detail = gettext_lazy("Only the policy version currently in effect can be accepted.")


class PolicyNotPublished(DomainError):
    code = ErrorCode.POLICY_NOT_PUBLISHED
    status_code = 404
    default_detail = gettext_lazy("No privacy policy has been published yet.")


class PolicyPublishRefused(DomainError):
    code = ErrorCode.POLICY_PUBLISH_REFUSED
    status_code = 400
    default_detail = gettext_lazy("This policy version cannot be published.")


class UnknownPurpose(DomainError):
    code = ErrorCode.UNKNOWN_PURPOSE
    status_code = 400
    default_detail = gettext_lazy("There is no optional purpose with this name.")


class PolicyAcceptanceRequired(DomainError):
    code = ErrorCode.POLICY_ACCEPTANCE_REQUIRED
    status_code = 403
    default_detail = gettext_lazy("The privacy policy has changed. Read and accept the new version to continue.")


class PolicyVersionNotFound(NotFound):
    code = ErrorCode.POLICY_VERSION_NOT_FOUND
    default_detail = gettext_lazy("There is no published policy version with this label.")


class ErasureUserNotFound(NotFound):
    code = ErrorCode.USER_NOT_FOUND
    default_detail = gettext_lazy("There is no user with this id.")


class ErasureBlocked(DomainError):
    """A row to delete is still referenced with ``PROTECT``/``RESTRICT``: ``model`` and ``protected_by`` say
    which declarations disagree. Nothing was erased."""

    code = ErrorCode.ERASURE_BLOCKED
    status_code = 409
    default_detail = gettext_lazy("The personal data cannot be erased: other records still protect some of it.")


class GuardianConsentNotNeeded(DomainError):
    code = ErrorCode.GUARDIAN_CONSENT_NOT_NEEDED
    status_code = 400
    default_detail = gettext_lazy("This account is not a minor's: no guardian's consent is needed.")


class GuardianConsentAlreadyConfirmed(DomainError):
    code = ErrorCode.GUARDIAN_CONSENT_ALREADY_CONFIRMED
    status_code = 409
    default_detail = gettext_lazy("A guardian's consent is already on record for this account.")


class GuardianConsentRequestedRecently(DomainError):
    code = ErrorCode.GUARDIAN_CONSENT_REQUESTED_RECENTLY
    status_code = 429
    default_detail = gettext_lazy("An email was sent to a guardian a moment ago. Please wait before asking again.")


class GuardianEmailNotSent(DomainError):
    code = ErrorCode.GUARDIAN_EMAIL_NOT_SENT
    status_code = 503
    default_detail = gettext_lazy("The email to the guardian could not be sent. Please try again later.")


class GuardianLinkInvalid(NotFound):
    code = ErrorCode.GUARDIAN_LINK_INVALID
    default_detail = gettext_lazy("This link is not valid: it was already used, replaced by a newer one, or mistyped.")


class GuardianLinkExpired(DomainError):
    code = ErrorCode.GUARDIAN_LINK_EXPIRED
    status_code = 410
    default_detail = gettext_lazy("This link has expired. The account holder can send a new one.")


class GuardianConfirmedByAccountHolder(DomainError):
    code = ErrorCode.GUARDIAN_CONFIRM_BY_ACCOUNT_HOLDER
    status_code = 403
    default_detail = gettext_lazy("The guardian must confirm, not the account holder.")


class NotARestrictedMinor(DomainError):
    code = ErrorCode.NOT_A_RESTRICTED_MINOR
    status_code = 400
    default_detail = gettext_lazy("This account is not a minor's account without a guardian's consent.")


class MinorErasureHeld(DomainError):
    code = ErrorCode.MINOR_ERASURE_HELD
    status_code = 409
    default_detail = gettext_lazy(
        "This account is under a legal hold (or still has orders in progress): nothing was erased."
    )


class GuardianApprovalRequired(DomainError):
    code = ErrorCode.GUARDIAN_APPROVAL_REQUIRED
    status_code = 403
    default_detail = gettext_lazy("Your parent or guardian has not approved this use of your data.")
