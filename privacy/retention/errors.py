"""Refusals of the retention app; each carries the stable ``code`` clients and ops depend on."""

from core.errors import DomainError, NotFound


class RetentionCategoryUnknown(NotFound):
    code = "retention_category_unknown"
    default_detail = "There is no retention category with this name."


class RetentionRulePaused(DomainError):
    code = "retention_rule_paused"
    status_code = 409
    default_detail = "This retention rule is paused; enable it (or run a dry run) first."
