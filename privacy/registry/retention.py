"""Retention declarations: how long each kind of personal data is kept, counted from which date, and what
happens when its time is up (promises E1, E2).

Apps declare them in their ``personal_data.py``, next to the models' personal fields and after them (a
policy refers to a declared model)::

    from datetime import timedelta
    from django.db.models import Q
from django.db.models.expressions import BaseExpression
    from privacy.registry import RetentionAction, RetentionPolicy, register_retention, retention_exempt

    register_retention(RetentionPolicy(
        category="cart_anonymous",        # the purge category: runs, tasks and ops overrides key on it
        model="shop.Cart",                # a model declared in the personal-data registry
        date_field="updated_at",          # ORM path to the date the period counts from
        default_period=timedelta(days=30),
        action=RetentionAction.DELETE,    # or ANONYMISE: the declared anonymise rules, the row stays
        filter=Q(user__isnull=True),      # which rows of the model the policy is about
        label="Anonymous carts, after their last activity",
    ))
    retention_exempt("address_book", reason="Kept while the account exists; goes with its erasure.")

Every ``retention`` key used by a ``PersonalModel`` must be covered by at least one policy on a model of that
key, or exempted with the reason its rows need no purge of their own; ``uncovered_categories()`` lists the
keys that are neither, and ``tests/retention/test_declarations.py`` fails on them.

What a policy does to a row (``privacy.retention`` carries it out; nothing here touches the database):

* ``DELETE``: the row goes, and first every declared row whose owner path runs through it (a cart's items,
  an order's payments), so a protected reference cannot block it. On the user model: the account is erased
  by the erasure machinery, then its row is deleted (kept, anonymised, if something still protects it).
* ``ANONYMISE``: the declared ``Anonymise`` rules of the model and of every declared model whose owner path
  runs through it are applied (rows of ``OnErase.DELETE_ROW`` models under it are deleted). On the user model:
  the account is anonymised exactly as a cancelled account (``privacy.cancellation``).

Rows of an owner under an active legal hold, and rows that are themselves held, are skipped.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import timedelta
from enum import StrEnum

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q
from django.db.models.expressions import BaseExpression

from privacy.registry.declarations import OnErase, PersonalModel
from privacy.registry.site import Registry, model_label

__all__ = ["RetentionAction", "RetentionExemption", "RetentionPolicy", "RetentionRegistry"]

_CATEGORY_SHAPE = re.compile(r"^[a-z][a-z0-9_]{0,47}$")


class RetentionAction(StrEnum):
    """What happens to a row whose retention period is over."""

    DELETE = "delete"
    ANONYMISE = "anonymise"


@dataclass(frozen=True)
class RetentionPolicy:
    """How long the rows of ``model`` matching ``filter`` are kept, and what happens to them then.

    ``category`` is the purge category (lower-case letters, digits and ``_``): purge runs, the Celery task,
    ``purge_expired --category`` and the ops override in the admin all name it. ``date_field`` is the ORM path
    (it may cross relations, ``"user__last_login"``) to the date the period counts from, or an expression
    for a date kept elsewhere (a ``Subquery`` with ``OuterRef``, for a table linked by id only); when it is NULL,
    ``date_fallback`` (another path) is used instead, and a row with neither is never due. A row is due once
    that date is at or before *now minus the period*. The period is ``default_period`` unless the settings
    (``PRIVACY_RETENTION_DEFAULTS``, in days) or ops (the admin) say otherwise.

    ``warn_before``: the row's owner is emailed that long before the row is due (once per due date, recorded)
    and the row is purged only once that warning is at least ``warn_before`` old. ``warning_template`` is the
    template prefix: ``<prefix>_subject.txt`` and ``<prefix>_message.txt``.
    """

    category: str
    model: str
    date_field: str | BaseExpression
    default_period: timedelta
    action: RetentionAction
    label: str = ""
    filter: Q = field(default_factory=Q)
    date_fallback: str = ""
    warn_before: timedelta | None = None
    warning_template: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "action", RetentionAction(self.action))

    @property
    def default_days(self) -> int:
        """``default_period`` in whole days (the unit of the settings and of the ops overrides)."""
        return self.default_period.days


@dataclass(frozen=True)
class RetentionExemption:
    """A registry retention key whose rows need no purge of their own, and why."""

    category: str
    reason: str


def _walk_to_date_field(model: type[models.Model], path: str, where: str) -> models.Field:
    current = model
    segments = path.split("__")
    for index, segment in enumerate(segments):
        try:
            step = current._meta.get_field(segment)
        except FieldDoesNotExist:
            raise ImproperlyConfigured(f"{where}: {current._meta.label} has no field {segment!r}.") from None
        if index == len(segments) - 1:
            if not isinstance(step, models.DateField):
                raise ImproperlyConfigured(f"{where}: {path!r} must end at a date or datetime field.")
            return step
        if not (step.is_relation and (step.many_to_one or step.one_to_one)):
            raise ImproperlyConfigured(
                f"{where}: {current._meta.label}.{segment} must be a single-valued relation (ForeignKey or one-to-one)."
            )
        current = step.related_model
    raise ImproperlyConfigured(f"{where}: empty date path.")


def _is_user_model(label: str) -> bool:
    return apps.get_model(label)._meta.concrete_model is apps.get_model(settings.AUTH_USER_MODEL)


class RetentionRegistry:
    """Retention policies and exemptions, checked against a personal-data ``Registry``."""

    def __init__(self, registry: Registry) -> None:
        self._registry = registry
        self._policies: dict[str, RetentionPolicy] = {}
        self._exemptions: dict[str, RetentionExemption] = {}

    def register(self, policy: RetentionPolicy) -> RetentionPolicy:
        """Validate and store ``policy``; returns it with the model label normalised.

        Raises ``ImproperlyConfigured`` (naming the category) for a malformed or repeated category, a model
        not declared in the personal-data registry, a date path that does not end at a date, a period that is
        not positive, a warning without a template or an owner to write to, or ``ANONYMISE`` on a model whose
        rows are deleted on erasure (it has no anonymise rules).
        """
        category = policy.category
        if not _CATEGORY_SHAPE.match(category):
            raise ImproperlyConfigured(
                f"Retention category {category!r}: use lower-case letters, digits and '_' (at most 48)."
            )
        if category in self._policies:
            raise ImproperlyConfigured(f"Retention category {category!r} is registered twice.")
        label = model_label(policy.model)
        declaration = self._registry.for_model(label)
        if declaration is None:
            raise ImproperlyConfigured(
                f"Retention {category!r}: {label} is not declared in the personal-data registry; register its "
                "PersonalModel first."
            )
        model = apps.get_model(label)
        if isinstance(policy.date_field, str):
            _walk_to_date_field(model, policy.date_field, f"Retention {category!r} date_field")
        elif not isinstance(policy.date_field, BaseExpression):
            raise ImproperlyConfigured(f"Retention {category!r}: date_field must be an ORM path or an expression.")
        if policy.date_fallback:
            _walk_to_date_field(model, policy.date_fallback, f"Retention {category!r} date_fallback")
        if policy.default_period <= timedelta(0) or policy.default_period.days < 1:
            raise ImproperlyConfigured(f"Retention {category!r}: default_period must be at least one day.")
        if not isinstance(policy.filter, Q):
            raise ImproperlyConfigured(f"Retention {category!r}: filter must be a Q object.")
        if policy.warn_before is not None:
            if not timedelta(0) < policy.warn_before < policy.default_period:
                raise ImproperlyConfigured(f"Retention {category!r}: warn_before must be within the period.")
            if not policy.warning_template:
                raise ImproperlyConfigured(f"Retention {category!r}: a warning needs a warning_template.")
        if (
            policy.action is RetentionAction.ANONYMISE
            and not _is_user_model(label)
            and declaration.on_erase is not OnErase.ANONYMISE_FIELDS
        ):
            raise ImproperlyConfigured(
                f"Retention {category!r}: {label} is deleted on erasure (OnErase.DELETE_ROW), so it has no "
                "anonymise rules; use RetentionAction.DELETE."
            )
        stored = replace(policy, model=label, label=policy.label or category.replace("_", " ").capitalize())
        self._policies[category] = stored
        return stored

    def exempt(self, category: str, *, reason: str) -> None:
        """Record that rows of registry retention key ``category`` need no purge of their own, and why.

        Raises ``ImproperlyConfigured`` for an empty reason or a key exempted twice.
        """
        if not reason.strip():
            raise ImproperlyConfigured(f"Retention exemption of {category!r} needs a reason.")
        if category in self._exemptions:
            raise ImproperlyConfigured(f"Retention key {category!r} is exempted twice.")
        self._exemptions[category] = RetentionExemption(category=category, reason=reason)

    def policies(self) -> tuple[RetentionPolicy, ...]:
        """Every policy, sorted by category."""
        return tuple(self._policies[category] for category in sorted(self._policies))

    def policy(self, category: str) -> RetentionPolicy:
        """The policy of ``category``; ``KeyError`` if there is none."""
        return self._policies[category]

    def exemptions(self) -> tuple[RetentionExemption, ...]:
        """Every exemption, sorted by key."""
        return tuple(self._exemptions[key] for key in sorted(self._exemptions))

    def declaration_of(self, policy: RetentionPolicy) -> PersonalModel:
        """The personal-data declaration of the policy's model."""
        declaration = self._registry.for_model(policy.model)
        if declaration is None:
            raise ImproperlyConfigured(f"{policy.model} is no longer declared in the personal-data registry.")
        return declaration

    def covered_keys(self) -> set[str]:
        """Registry retention keys that have a policy (on a model of that key) or an exemption."""
        return {self.declaration_of(policy).retention for policy in self._policies.values()} | set(self._exemptions)

    def uncovered_keys(self, declarations: Iterable[PersonalModel] | None = None) -> list[str]:
        """Retention keys used by ``declarations`` (default: the registry's) with no policy and no exemption."""
        used = {item.retention for item in (self._registry.declarations() if declarations is None else declarations)}
        return sorted(used - self.covered_keys())
