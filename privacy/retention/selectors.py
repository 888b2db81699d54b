"""Reads of the retention app: effective periods, what is due, legal holds in a batch, and run history."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from privacy.models import LegalHold
from privacy.registry import RetentionPolicy, retention_policies, retention_policy
from privacy.retention.conf import retention_settings
from privacy.retention.errors import RetentionCategoryUnknown
from privacy.retention.models import PurgeRun, PurgeStatus, RetentionRule
from privacy.retention.plans import cutoff_for, policy_plan


@dataclass(frozen=True)
class RuleSettings:
    """A policy as it applies now: its default period, ops' override (if any) and whether it is paused."""

    policy: RetentionPolicy
    default_days: int
    override_days: int | None
    enabled: bool

    @property
    def period_days(self) -> int:
        return self.override_days or self.default_days


def retention_policy_get(*, category: str) -> RetentionPolicy:
    """The policy of ``category``; raises ``RetentionCategoryUnknown``."""
    try:
        return retention_policy(category)
    except KeyError:
        raise RetentionCategoryUnknown() from None


def retention_default_days(policy: RetentionPolicy) -> int:
    """The period before any ops override: the declaration's ``default_period``, unless the settings override
    it (``PRIVACY_RETENTION_DEFAULTS[category]``, in days; empty by default)."""
    return int(retention_settings.PRIVACY_RETENTION_DEFAULTS.get(policy.category, policy.default_days))


def rule_settings(*, category: str) -> RuleSettings:
    """What applies to ``category`` now. One query. Raises ``RetentionCategoryUnknown``."""
    policy = retention_policy_get(category=category)
    rule = RetentionRule.objects.filter(category=category).first()
    return RuleSettings(
        policy=policy,
        default_days=retention_default_days(policy),
        override_days=rule.period_days if rule else None,
        enabled=rule.enabled if rule else True,
    )


def rule_settings_all() -> list[RuleSettings]:
    """``rule_settings`` of every policy, by category. One query."""
    rules = {rule.category: rule for rule in RetentionRule.objects.all()}
    result = []
    for policy in retention_policies():
        rule = rules.get(policy.category)
        result.append(
            RuleSettings(
                policy=policy,
                default_days=retention_default_days(policy),
                override_days=rule.period_days if rule else None,
                enabled=rule.enabled if rule else True,
            )
        )
    return result


def purge_due_counts(*, category: str, now: datetime | None = None) -> tuple[int, int]:
    """``(rows due now, rows whose owner would be warned now)`` for ``category``, legal holds included.
    Two counting queries. Raises ``RetentionCategoryUnknown``."""
    now = now or timezone.now()
    applied = rule_settings(category=category)
    plan = policy_plan(applied.policy)
    cutoff = cutoff_for(now=now, period_days=applied.period_days)
    return plan.due_rows(cutoff=cutoff, now=now).count(), plan.rows_to_warn(cutoff=cutoff).count()


def active_holds(*, model: type[models.Model]) -> tuple[set, set[str]]:
    """``(user ids, primary keys as text)`` under an active legal hold: users, and rows of ``model``. One query:
    holds are few (a hold is placed by hand, for a court or an audit)."""
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=True)
    holds = LegalHold.objects.active().filter(Q(user__isnull=False) | Q(content_type=content_type))
    held_users: set = set()
    held_objects: set[str] = set()
    for user_id, content_type_id, object_id in holds.values_list("user_id", "content_type_id", "object_id"):
        if user_id is not None:
            held_users.add(user_id)
        if content_type_id == content_type.pk and object_id:
            held_objects.add(object_id)
    return held_users, held_objects


def held_in_batch(*, model: type[models.Model], rows: list[tuple]) -> set:
    """The primary keys among ``rows`` (``(pk, owner_id)`` pairs) under an active legal hold: on their owner,
    or on the row itself. One query per batch, without the batch's keys as parameters (``active_holds``)."""
    if not rows:
        return set()
    held_users, held_objects = active_holds(model=model)
    return {pk for pk, owner in rows if owner in held_users or str(pk) in held_objects}


def purge_runs_active(*, category: str, since: datetime) -> QuerySet:
    """Runs of ``category`` queued, or running with a heartbeat, after ``since``."""
    return PurgeRun.objects.filter(category=category).filter(
        Q(status=PurgeStatus.QUEUED, queued_at__gte=since) | Q(status=PurgeStatus.RUNNING, heartbeat_at__gte=since)
    )


def retention_rules_with_last_run() -> QuerySet:
    """Every rule row with its latest real run's status and end (``last_status``, ``last_finished_at``). One
    query."""
    latest = PurgeRun.objects.filter(category=OuterRef("category"), dry_run=False).order_by("-queued_at", "-id")
    return RetentionRule.objects.annotate(
        last_status=Subquery(latest.values("status")[:1]),
        last_finished_at=Subquery(latest.values("finished_at")[:1]),
    )


@dataclass(frozen=True)
class ChartData:
    """Rows purged (deleted + anonymised, dry runs excluded) per category per day, oldest day first."""

    days: list[date]
    categories: list[str]
    purged: dict[tuple[date, str], int]

    def total(self, day: date) -> int:
        return sum(self.purged.get((day, category), 0) for category in self.categories)


def purge_chart_data(*, days: int = 90, today: date | None = None) -> ChartData:
    """Rows purged per category per day over the last ``days`` days (today included), from the runs' start
    days. One query."""
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    since = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    sums = (
        PurgeRun.objects.filter(dry_run=False, started_at__gte=since)
        .annotate(day=TruncDate("started_at"))
        .values("day", "category")
        .annotate(purged=Sum(F("deleted") + F("anonymised")))
        .order_by()
    )
    purged = {(row["day"], row["category"]): row["purged"] for row in sums if row["purged"]}
    categories = sorted({category for _, category in purged})
    return ChartData(days=[first + timedelta(days=n) for n in range(days)], categories=categories, purged=purged)
