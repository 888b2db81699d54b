"""Refusals of the retention app; each carries the stable ``code`` clients and ops depend on."""

from django.utils.translation import gettext_lazy

from core.errors import DomainError, NotFound


class RetentionCategoryUnknown(NotFound):
    code = "retention_category_unknown"
    default_detail = gettext_lazy("There is no retention category with this name.")


class RetentionRulePaused(DomainError):
    code = "retention_rule_paused"
    status_code = 409
    default_detail = gettext_lazy("This retention rule is paused; enable it (or run a dry run) first.")
