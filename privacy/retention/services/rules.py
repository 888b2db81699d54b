"""Ops' overrides of the retention policies (the admin edits them through these)."""

from django.db import transaction

from privacy.registry import retention_policies
from privacy.retention.models import RetentionRule
from privacy.retention.selectors import retention_policy_get


def retention_rules_sync() -> int:
    """Create the missing rule row (default period, enabled) of every registered policy; rows of policies no
    longer declared are left as they are. Idempotent and safe to race. Returns how many rows were created."""
    existing = set(RetentionRule.objects.values_list("category", flat=True))
    missing = [
        RetentionRule(category=policy.category) for policy in retention_policies() if policy.category not in existing
    ]
    RetentionRule.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def retention_rule_update(*, category: str, period_days: int | None, enabled: bool) -> RetentionRule:
    """Set ops' period for ``category`` (None: back to the default) and whether it runs.

    Takes effect from the next run; a run already started keeps the cutoff it began with. Raises
    ``RetentionCategoryUnknown`` for a category no policy declares, ``ValueError`` for a period under a day.
    """
    retention_policy_get(category=category)
    if period_days is not None and period_days < 1:
        raise ValueError("A retention period is at least one day.")
    with transaction.atomic():
        rule, _ = RetentionRule.objects.select_for_update().get_or_create(category=category)
        rule.period_days = period_days
        rule.enabled = enabled
        rule.save(update_fields=["period_days", "enabled", "updated_at"])
    return rule
