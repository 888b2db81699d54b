"""Refusals of the privacy app; each carries the stable ``code`` clients depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound


class PolicyVersionImmutable(DomainError):
    code = "policy_version_published"
    status_code = 409
    default_detail = gettext_lazy("A published policy version can no longer be changed or deleted.")


class AppendOnlyRecord(DomainError):
    code = "append_only_record"
    status_code = 409
    default_detail = gettext_lazy("This record is proof of what was agreed; it cannot be changed or deleted.")


class PolicyVersionNotCurrent(DomainError):
    code = "policy_version_not_current"
    status_code = 400
    default_detail = gettext_lazy("Only the policy version currently in effect can be accepted.")


class PolicyNotPublished(DomainError):
    code = "policy_not_published"
    status_code = 404
    default_detail = gettext_lazy("No privacy policy has been published yet.")


class PolicyPublishRefused(DomainError):
    code = "policy_publish_refused"
    status_code = 400
    default_detail = gettext_lazy("This policy version cannot be published.")


class UnknownPurpose(DomainError):
    code = "unknown_purpose"
    status_code = 400
    default_detail = gettext_lazy("There is no optional purpose with this name.")


class PolicyAcceptanceRequired(DomainError):
    code = "policy_acceptance_required"
    status_code = 403
    default_detail = gettext_lazy("The privacy policy has changed. Read and accept the new version to continue.")


class PolicyVersionNotFound(NotFound):
    code = "policy_version_not_found"
    default_detail = gettext_lazy("There is no published policy version with this label.")


class ErasureUserNotFound(NotFound):
    code = "user_not_found"
    default_detail = gettext_lazy("There is no user with this id.")


class ErasureBlocked(DomainError):
    """A row to delete is still referenced with ``PROTECT``/``RESTRICT``: ``model`` and ``protected_by`` say
    which declarations disagree. Nothing was erased."""

    code = "erasure_blocked"
    status_code = 409
    default_detail = gettext_lazy("The personal data cannot be erased: other records still protect some of it.")


class GuardianConsentNotNeeded(DomainError):
    code = "guardian_consent_not_needed"
    status_code = 400
    default_detail = gettext_lazy("This account is not a minor's: no guardian's consent is needed.")


class GuardianConsentAlreadyConfirmed(DomainError):
    code = "guardian_consent_already_confirmed"
    status_code = 409
    default_detail = gettext_lazy("A guardian's consent is already on record for this account.")


class GuardianConsentRequestedRecently(DomainError):
    code = "guardian_consent_requested_recently"
    status_code = 429
    default_detail = gettext_lazy("An email was sent to a guardian a moment ago. Please wait before asking again.")


class GuardianEmailNotSent(DomainError):
    code = "guardian_email_not_sent"
    status_code = 503
    default_detail = gettext_lazy("The email to the guardian could not be sent. Please try again later.")


class GuardianLinkInvalid(NotFound):
    code = "guardian_link_invalid"
    default_detail = gettext_lazy("This link is not valid: it was already used, replaced by a newer one, or mistyped.")


class GuardianLinkExpired(DomainError):
    code = "guardian_link_expired"
    status_code = 410
    default_detail = gettext_lazy("This link has expired. The account holder can send a new one.")


class GuardianConfirmedByAccountHolder(DomainError):
    code = "guardian_confirm_by_account_holder"
    status_code = 403
    default_detail = gettext_lazy("The guardian must confirm, not the account holder.")


class NotARestrictedMinor(DomainError):
    code = "not_a_restricted_minor"
    status_code = 400
    default_detail = gettext_lazy("This account is not a minor's account without a guardian's consent.")


class MinorErasureHeld(DomainError):
    code = "minor_erasure_held"
    status_code = 409
    default_detail = gettext_lazy(
        "This account is under a legal hold (or still has orders in progress): nothing was erased."
    )


class GuardianApprovalRequired(DomainError):
    code = "guardian_approval_required"
    status_code = 403
    default_detail = gettext_lazy("Your parent or guardian has not approved this use of your data.")
