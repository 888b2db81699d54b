"""Refusals of the privacy app; each carries the stable ``code`` clients depend on."""

from core.errors import DomainError, NotFound


class PolicyVersionImmutable(DomainError):
    code = "policy_version_published"
    status_code = 409
    default_detail = "A published policy version can no longer be changed or deleted."


class AppendOnlyRecord(DomainError):
    code = "append_only_record"
    status_code = 409
    default_detail = "This record is proof of what was agreed; it cannot be changed or deleted."


class PolicyVersionNotCurrent(DomainError):
    code = "policy_version_not_current"
    status_code = 400
    default_detail = "Only the policy version currently in effect can be accepted."


class PolicyNotPublished(DomainError):
    code = "policy_not_published"
    status_code = 404
    default_detail = "No privacy policy has been published yet."


class PolicyPublishRefused(DomainError):
    code = "policy_publish_refused"
    status_code = 400
    default_detail = "This policy version cannot be published."


class UnknownPurpose(DomainError):
    code = "unknown_purpose"
    status_code = 400
    default_detail = "There is no optional purpose with this name."


class PolicyAcceptanceRequired(DomainError):
    code = "policy_acceptance_required"
    status_code = 403
    default_detail = "The privacy policy has changed. Read and accept the new version to continue."


class PolicyVersionNotFound(NotFound):
    code = "policy_version_not_found"
    default_detail = "There is no published policy version with this label."
