"""Refusals of the retention app; each carries the stable ``code`` clients and ops depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound
from privacy.codes import ErrorCode


class RetentionCategoryUnknown(NotFound):
    code = ErrorCode.RETENTION_CATEGORY_UNKNOWN
    default_detail = gettext_lazy("There is no retention category with this name.")


class RetentionRulePaused(DomainError):
    code = ErrorCode.RETENTION_RULE_PAUSED
    status_code = 409
    default_detail = gettext_lazy("This retention rule is paused; enable it (or run a dry run) first.")
