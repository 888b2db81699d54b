"""How a retention policy reaches its rows: the due rows, the rows to warn, the rows under each one.

Read-only: the querysets here are claimed and acted on by ``privacy.retention.services.batches``. Everything
comes from the registry (the policy, its model's declaration and the declarations whose owner path runs
through that model); no other app's model is named.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import reduce
from operator import or_

from django.apps import apps
from django.conf import settings
from django.db import connection, models
from django.db.models import CharField, Exists, F, Lookup, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce

from privacy.registry import (
    AnonymiseKind,
    PersonalModel,
    RetentionAction,
    RetentionPolicy,
    declarations,
    declared_model,
    retention_site,
)
from privacy.retention.models import RetentionNotice
from privacy.services.erasure import erasure_order
from privacy.services.erasure_rules import is_row_wise, sql_rule

# The alias of the date a row's period counts from (its date field, else its fallback).
DATE = "retention_date"


class _AnyOf(Lookup):
    """``lhs = ANY(%s::bigint[])``: a whole batch of integer keys as one parameter, sent as it is (no per-key
    preparation in Python, which would cost more than the statement)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs}::bigint[])", (*lhs_params, *rhs_params)


def among(path: str, values: list) -> Q:
    """Rows whose ``path`` is one of ``values``. On PostgreSQL, integer keys go as one array parameter
    (``= ANY(%s)``): a statement naming a 1,000-row batch stays short and cheap to send, where ``IN (%s, ...)``
    would cost a thousand parameters each time. Elsewhere a plain ``__in``."""
    if values and connection.vendor == "postgresql" and all(isinstance(value, int) for value in values):
        return Q(_AnyOf(F(path), Value(list(values), output_field=models.Field())))
    return Q(**{f"{path}__in": values})


@dataclass(frozen=True)
class Dependent:
    """A declared model whose owner path runs through the policy's model: ``path`` leads from it to that model."""

    declaration: PersonalModel
    path: str

    @property
    def model(self) -> type[models.Model]:
        return declared_model(self.declaration)

    def rows_under(self, pks: list) -> QuerySet:
        return self.model._base_manager.filter(among(self.path, pks))


@dataclass(frozen=True)
class PolicyPlan:
    """A policy with everything needed to find and act on its rows."""

    policy: RetentionPolicy
    declaration: PersonalModel
    model: type[models.Model]
    is_user_model: bool
    dependents: tuple[Dependent, ...]
    pending: Q | None

    @property
    def category(self) -> str:
        return self.policy.category

    @property
    def owner_path(self) -> str:
        """What ``values_list`` reads as a row's owner id (the row itself on the user model)."""
        return self.declaration.owner or "pk"

    def dated_rows(self) -> QuerySet:
        """The policy's rows still to act on, each with its date (``DATE``)."""
        policy = self.policy
        date = F(policy.date_field) if isinstance(policy.date_field, str) else policy.date_field
        if policy.date_fallback:
            date = Coalesce(date, F(policy.date_fallback))
        rows = self.model._base_manager.filter(policy.filter).annotate(**{DATE: date})
        # Anonymised rows keep matching the date; without this they would be examined again every day.
        return rows.filter(self.pending) if self.pending is not None else rows

    def due_rows(self, *, cutoff: datetime, now: datetime) -> QuerySet:
        """Rows whose date is at or before ``cutoff`` (and, with a warning, warned ``warn_before`` ago)."""
        rows = self.dated_rows().filter(**{f"{DATE}__lte": cutoff})
        if self.policy.warn_before is not None:
            rows = rows.filter(Exists(self._notices().filter(warned_at__lte=now - self.policy.warn_before)))
        return rows

    def rows_to_warn(self, *, cutoff: datetime) -> QuerySet:
        """Rows due within ``warn_before`` after ``cutoff`` whose owner has not been warned of this date."""
        warn_before = self.policy.warn_before
        if warn_before is None:
            return self.model._base_manager.none()
        return self.dated_rows().filter(**{f"{DATE}__lte": cutoff + warn_before}).exclude(Exists(self._notices()))

    def _notices(self) -> QuerySet:
        return RetentionNotice.objects.filter(
            category=self.category,
            object_pk=Cast(OuterRef("pk"), output_field=CharField()),
            reference_at=OuterRef(DATE),
        )


def _dependents(target: str, personal_models: tuple[PersonalModel, ...]) -> tuple[Dependent, ...]:
    found: dict[str, Dependent] = {}
    for declaration in personal_models:
        if declaration.model == target or not declaration.owner:
            continue
        current = declared_model(declaration)
        segments = declaration.owner.split("__")
        for index, segment in enumerate(segments[:-1]):
            current = current._meta.get_field(segment).related_model
            if current._meta.concrete_model._meta.label == target:
                found[declaration.model] = Dependent(declaration, "__".join(segments[: index + 1]))
                break
    ordered = erasure_order(dependent.declaration for dependent in found.values())
    return tuple(found[declaration.model] for declaration in ordered)


def _pending(declaration: PersonalModel) -> Q | None:
    """Rows that still hold a value their anonymise rules would change; None when SQL cannot tell."""
    model = declared_model(declaration)
    conditions = []
    for personal in declaration.fields:
        rule = personal.anonymise
        if rule.kind in (AnonymiseKind.KEEP, AnonymiseKind.DELETE_ROW):
            continue
        model_field = model._meta.get_field(personal.name)
        if model_field.many_to_many or is_row_wise(model_field, rule):
            return None
        conditions.append(sql_rule(model_field, rule)[1])
    return reduce(or_, conditions) if conditions else None


def policy_plan(policy: RetentionPolicy) -> PolicyPlan:
    """The plan of ``policy`` against the registry as it is now."""
    declaration = retention_site.declaration_of(policy)
    model = declared_model(declaration)
    is_user_model = model._meta.concrete_model is apps.get_model(settings.AUTH_USER_MODEL)
    anonymise_rows = policy.action is RetentionAction.ANONYMISE and not is_user_model
    return PolicyPlan(
        policy=policy,
        declaration=declaration,
        model=model,
        is_user_model=is_user_model,
        dependents=() if is_user_model else _dependents(declaration.model, declarations()),
        pending=_pending(declaration) if anonymise_rows else None,
    )


def cutoff_for(*, now: datetime, period_days: int) -> datetime:
    """Rows dated at or before this moment are past a period of ``period_days``."""
    return now - timedelta(days=period_days)
