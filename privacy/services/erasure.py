"""Erasing a user's personal data, driven only by the personal-data registry (promises A8, D4, E3).

``user_erase_personal_data`` is the one machine behind account cancellation, the erasure of a minor's
data collected without a guardian's consent, and a shop that ceases operation. It names no model of
another app: it walks ``privacy.registry.declarations()`` and, for every declared model, the rows the
user owns (``owned_rows``):

* ``OnErase.DELETE_ROW``: the rows go, in one bulk ``delete()`` per model (Django's collector follows
  the cascades; their counts are reported too). The fields' own rules do not matter (the registry lets
  only such models declare ``Anonymise.DELETE_ROW``). Stored files of declared file fields are deleted
  from their storage once the transaction has committed.
* ``OnErase.ANONYMISE_FIELDS``: one bulk ``update()`` per model applies each field's ``Anonymise`` rule
  as SQL: ``BLANK`` -> ``""``, ``NULL`` -> NULL, ``CONSTANT`` -> the value, and a constant with ``{pk}``
  -> ``Concat(Value(before), Cast("pk"), Value(after))``. Encrypted fields (``privacy.encryption``) take
  plain values (``BLANK``, ``NULL``), which the field stores as they are. ``KEEP`` fields are left
  alone, and a model whose every field is kept is not touched at all (append-only proof records refuse
  updates). Many-to-many ``BLANK`` fields are emptied by deleting their link rows.
* Rules that need each row's own value in Python (``KEYED_HASH``; a ``CONSTANT`` on an encrypted field,
  since only the decrypted value tells whether a row holds it already) make that model go row by row
  instead, every rule of it in Python, the field encrypting what is written: rows are read in
  batches of ``ROW_BATCH_SIZE`` by primary key and written back with one ``bulk_update`` per batch. Only
  such models cost queries in proportion to their rows (two per batch).

Order: a model is erased before the models its owner path runs through (``CartItem`` via
``cart__user`` before ``Cart``), so deleting or detaching those cannot hide rows that still need
erasing; and before the models it points to with ``PROTECT``/``RESTRICT``. A delete that something
else still protects is refused with ``ErasureBlocked`` naming the models, and nothing is erased.

Before any of that, the admin's change history of the user's rows is scrubbed
(``privacy.services.admin_history``): entries keep who acted and when, and lose the object text and message.

Then the erasure handlers the apps registered (``privacy.erasure_hooks``) run, inside the same
transaction, for copies the registry cannot describe; one that raises rolls the whole user back.

The user row comes last: its declared rules (a unique placeholder email, an unusable password, blank
nickname, no date of birth) and ``is_active=False``, so nobody can sign in as that user again; rows
that point to it (orders, consent proofs) keep pointing to a row that no longer says who it was.
Before that, the sessions allauth recorded for the user are ended (``privacy.services.sessions``).
Once committed, the per-user cache keys listed in ``PRIVACY_ERASURE_CACHE_KEYS`` are deleted.
"""

import logging
import re
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial, reduce
from graphlib import CycleError, TopologicalSorter
from operator import or_
from typing import Any

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import connection, models, transaction
from django.db.models import CharField, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Exact

from privacy.conf import privacy_settings
from privacy.encryption import EncryptedFieldMixin
from privacy.erasure_hooks import erasure_handlers_run
from privacy.errors import ErasureBlocked, ErasureUserNotFound
from privacy.hashing import HASH_LENGTH, keyed_hash
from privacy.registry import Anonymise, AnonymiseKind, OnErase, PersonalModel, declarations, declared_model, owned_rows
from privacy.services.admin_history import admin_history_scrub
from privacy.services.sessions import user_sessions_end

logger = logging.getLogger(__name__)

ROW_BATCH_SIZE = 500
ADMIN_LOG_LABEL = "admin.LogEntry"
_KEYED_HASH_SHAPE = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
_SKIPPED_KINDS = (AnonymiseKind.KEEP, AnonymiseKind.DELETE_ROW)


@dataclass(frozen=True)
class ErasureSummary:
    """What one erasure changed, per model label (``"shop.Cart"``); models it did not change are absent.

    ``deleted`` counts deleted rows, cascades and emptied many-to-many links included; ``anonymised``
    counts rows whose personal fields were rewritten; ``sessions_ended`` the sessions ended. A second
    erasure of the same user reports nothing (``changed`` is False).
    """

    user_id: int
    deleted: dict[str, int] = field(default_factory=dict)
    anonymised: dict[str, int] = field(default_factory=dict)
    sessions_ended: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.deleted or self.anonymised or self.sessions_ended)


def user_erase_personal_data(*, user_id: int, personal_models: Sequence[PersonalModel] | None = None) -> ErasureSummary:
    """Delete or anonymise every row of personal data about ``user_id``, as the registry declares.

    One transaction for the whole user, holding a lock on the user's row: either everything is erased
    or, on any error, nothing is. Idempotent: a second run finds nothing left to change and reports an
    empty summary. The number of queries depends on the number of declared models, not on the user's
    rows (except for row-by-row rules, see the module docstring). Irreversible.

    ``personal_models`` replaces the project's registry (tests of the machine itself); by default every
    declaration of ``privacy.registry`` is used. Raises ``ErasureUserNotFound`` for an unknown user and
    ``ErasureBlocked`` when a delete is prevented by a protected reference.
    """
    user_model = get_user_model()
    user_label = user_model._meta.label
    declared = tuple(declarations() if personal_models is None else personal_models)
    user_declaration = next((item for item in declared if item.model == user_label), None) or PersonalModel(
        model=user_label, owner="", retention="account", on_erase=OnErase.ANONYMISE_FIELDS
    )
    deleted: Counter[str] = Counter()
    anonymised: Counter[str] = Counter()
    stored_files: list[tuple[Any, str]] = []

    with transaction.atomic():
        if not user_model._base_manager.select_for_update().filter(pk=user_id).values_list("pk", flat=True):
            raise ErasureUserNotFound()
        sessions_ended = user_sessions_end(user_id=user_id)
        # Before any row goes: the admin's history is matched to the user's rows by their owner.
        history_models = list({item.model: item for item in (*declared, user_declaration)}.values())
        anonymised[ADMIN_LOG_LABEL] += admin_history_scrub(user_id=user_id, personal_models=history_models)
        for declaration in erasure_order(item for item in declared if item.model != user_label):
            rows = owned_rows(declaration, user_id)
            if declaration.on_erase is OnErase.DELETE_ROW:
                stored_files += files_of_rows(declaration, rows)
                _delete_rows(declaration, rows, deleted)
            else:
                anonymise_rows(declaration, rows, anonymised, deleted, stored_files)
        erasure_handlers_run(user_id=user_id)
        # Whatever the declaration says, the account itself can never be used to sign in again.
        deactivate = {"is_active": False} if _has_field(user_model, "is_active") else {}
        anonymise_rows(
            user_declaration, owned_rows(user_declaration, user_id), anonymised, deleted, stored_files, deactivate
        )
        if stored_files:
            transaction.on_commit(partial(delete_stored_files, stored_files))
        if cache_keys := _user_cache_keys(user_id):
            # Robust: a cache that is down must not turn a committed erasure into an error.
            transaction.on_commit(lambda: cache.delete_many(cache_keys), robust=True)

    summary = ErasureSummary(
        user_id=user_id,
        deleted={label: count for label, count in sorted(deleted.items()) if count},
        anonymised={label: count for label, count in sorted(anonymised.items()) if count},
        sessions_ended=sessions_ended,
    )
    logger.info(
        "Erased personal data of user %s: %s rows deleted, %s rows anonymised, %s sessions ended",
        user_id,
        sum(summary.deleted.values()),
        sum(summary.anonymised.values()),
        sessions_ended,
    )
    return summary


def _user_cache_keys(user_id: int) -> list[str]:
    """The cache keys that hold copies of the user's data (``PRIVACY_ERASURE_CACHE_KEYS``, ``{user_id}``)."""
    templates = privacy_settings.PRIVACY_ERASURE_CACHE_KEYS
    return [template.format(user_id=user_id) for template in templates]


# --- order ------------------------------------------------------------------------------------------


def _has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except FieldDoesNotExist:
        return False
    return True


def _owner_path_models(declaration: PersonalModel) -> list[str]:
    """Labels of the models the owner path runs through, the user model excluded."""
    current = declared_model(declaration)
    passed = []
    for segment in declaration.owner.split("__")[:-1] if declaration.owner else []:
        current = current._meta.get_field(segment).related_model
        passed.append(current._meta.concrete_model._meta.label)
    return passed


def _protected_targets(declaration: PersonalModel) -> list[str]:
    """Labels of the models this one points to with ``PROTECT`` or ``RESTRICT``."""
    return [
        model_field.related_model._meta.concrete_model._meta.label
        for model_field in declared_model(declaration)._meta.concrete_fields
        if model_field.is_relation
        and model_field.remote_field.on_delete in (models.PROTECT, models.RESTRICT)
        and model_field.related_model is not None
    ]


def erasure_order(personal_models: Iterable[PersonalModel]) -> list[PersonalModel]:
    """``personal_models`` in the order erasure handles them (see the module docstring), ties by label.

    Raises ``ImproperlyConfigured`` when the declarations make a cycle (no order can satisfy them).
    """
    by_label = {declaration.model: declaration for declaration in personal_models}
    sorter: TopologicalSorter[str] = TopologicalSorter({label: set() for label in by_label})
    for label, declaration in by_label.items():
        for later in {*_owner_path_models(declaration), *_protected_targets(declaration)}:
            if later in by_label and later != label:
                sorter.add(later, label)
    try:
        sorter.prepare()
    except CycleError as exc:
        cycle = " -> ".join(exc.args[1])
        raise ImproperlyConfigured(f"Personal-data declarations form a cycle, no erasure order: {cycle}") from None
    ordered: list[PersonalModel] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        ordered += [by_label[label] for label in ready]
        sorter.done(*ready)
    return ordered


# --- deleting ---------------------------------------------------------------------------------------


def _delete_rows(declaration: PersonalModel, rows: QuerySet, deleted: Counter) -> None:
    try:
        _, per_model = rows.delete()
    except (models.ProtectedError, models.RestrictedError) as exc:
        protecting = exc.protected_objects if isinstance(exc, models.ProtectedError) else exc.restricted_objects
        raise ErasureBlocked(
            model=declaration.model, protected_by=sorted({obj._meta.label for obj in protecting})
        ) from None
    deleted.update(per_model)


def _file_fields(declaration: PersonalModel, *, only_blanked: bool) -> list[models.FileField]:
    model = declared_model(declaration)
    found = []
    for personal in declaration.fields:
        model_field = model._meta.get_field(personal.name)
        if not isinstance(model_field, models.FileField):
            continue
        if only_blanked and personal.anonymise.kind is not AnonymiseKind.BLANK:
            continue
        found.append(model_field)
    return found


def files_of_rows(declaration: PersonalModel, rows: QuerySet, *, only_blanked: bool = False) -> list[tuple[Any, str]]:
    """``(storage, name)`` of every stored file in the declared file fields of ``rows``."""
    found = []
    for model_field in _file_fields(declaration, only_blanked=only_blanked):
        names = rows.exclude(**{f"{model_field.name}__isnull": True}).exclude(**{model_field.name: ""}).order_by()
        found += [(model_field.storage, name) for name in names.values_list(model_field.name, flat=True)]
    return found


def delete_stored_files(stored_files: list[tuple[Any, str]]) -> None:
    for storage, name in stored_files:
        try:
            storage.delete(name)
        except OSError:
            # The file name may say whose it is: the log line carries the storage class only.
            logger.warning("Could not delete an erased user's stored file from %s", type(storage).__name__)


# --- anonymising ------------------------------------------------------------------------------------


def _constant_expression(template: str) -> models.Expression | None:
    """A SQL expression for a constant with ``{pk}``: ``"deleted-{pk}@x"`` -> ``Concat("deleted-", pk, "@x")``.

    None when the template uses a format spec or conversion on ``{pk}`` (``{pk:05d}``): Python builds it.
    """
    parts: list[models.Expression] = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if literal:
            parts.append(Value(literal, output_field=CharField()))
        if name is None:
            continue
        if spec or conversion:
            return None
        parts.append(Cast("pk", output_field=CharField()))
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=CharField())


def is_row_wise(model_field: models.Field, rule: Anonymise) -> bool:
    if rule.kind is AnonymiseKind.KEYED_HASH:
        return True
    if rule.kind is not AnonymiseKind.CONSTANT:
        return False
    if isinstance(model_field, EncryptedFieldMixin):
        # Each encryption of a value differs: only the decrypted value tells whether a row holds it already.
        return True
    return "{" in (rule.value or "") and _constant_expression(rule.value or "") is None


def sql_rule(model_field: models.Field, rule: Anonymise) -> tuple[Any, Q]:
    """``(new value or expression, condition matching the rows where the field still differs)``."""
    name = model_field.name
    if rule.kind is AnonymiseKind.NULL:
        return None, Q(**{f"{name}__isnull": False})
    if rule.kind is AnonymiseKind.BLANK:
        if isinstance(model_field, EncryptedFieldMixin):
            # An encrypted column refuses lookups on its plaintext; "" is stored as it is, so the raw
            # column can be compared.
            return "", ~Q(Exact(Cast(name, output_field=TextField()), Value("")))
        return "", ~Q(**{name: ""})
    template = rule.value or ""
    expression = _constant_expression(template) if "{" in template else None
    value = expression if expression is not None else template.format(pk=None)
    return value, ~Q(**{name: value})


def anonymise_rows(
    declaration: PersonalModel,
    rows: QuerySet,
    anonymised: Counter,
    deleted: Counter,
    stored_files: list[tuple[Any, str]],
    extra: dict[str, Any] | None = None,
) -> None:
    """Apply the declared rules (and ``extra`` plain values) to ``rows`` in bulk, or row by row."""
    model = declared_model(declaration)
    rules = []
    for personal in declaration.fields:
        if personal.anonymise.kind in _SKIPPED_KINDS:
            continue
        model_field = model._meta.get_field(personal.name)
        if model_field.many_to_many:
            _empty_many_to_many(model_field, rows, deleted)
            continue
        rules.append((model_field, personal.anonymise))
    extra = extra or {}
    if not rules and not extra:
        return
    stored_files += files_of_rows(declaration, rows, only_blanked=True)
    if any(is_row_wise(model_field, rule) for model_field, rule in rules):
        anonymised[declaration.model] += _anonymise_row_by_row(model, rows, rules, extra)
        return
    values: dict[str, Any] = {}
    differs: list[Q] = []
    for model_field, rule in rules:
        values[model_field.name], condition = sql_rule(model_field, rule)
        differs.append(condition)
    for name, value in extra.items():
        values[name] = value
        differs.append(~Q(**{name: value}))
    anonymised[declaration.model] += rows.filter(reduce(or_, differs)).update(**values)


def _empty_many_to_many(model_field: models.ManyToManyField, rows: QuerySet, deleted: Counter) -> None:
    through = model_field.remote_field.through
    links = through._base_manager.filter(**{f"{model_field.m2m_field_name()}__in": rows.values("pk")})
    _, per_model = links.delete()
    deleted.update(per_model)


def _row_value(rule: Anonymise, value: Any, pk: Any) -> Any:
    if rule.kind is AnonymiseKind.KEYED_HASH:
        # Hashing a hash would change it again: a value shaped like one is taken as already erased.
        if value in (None, "") or _KEYED_HASH_SHAPE.match(str(value)):
            return value
        return keyed_hash(str(value))
    return rule.replacement(value, pk=pk)


def _rows_rewrite(model: type[models.Model], names: list[str], changed: list[tuple[Any, list]]) -> None:
    """Give each ``(pk, new values)`` row its values for ``names``. On PostgreSQL one ``UPDATE ... FROM
    unnest(<one array per column>)``: Django's ``bulk_update`` builds a ``CASE`` per field with a branch per row,
    many times slower to build and to run for the thousands of rows a retention batch rewrites. Values an array
    parameter cannot carry as they are (JSON, for one) take ``bulk_update``."""
    fields = [model._meta.get_field(name) for name in names]
    if connection.vendor == "postgresql":
        columns = [
            [model_field.get_db_prep_value(values[index], connection) for _, values in changed]
            for index, model_field in enumerate(fields)
        ]
        if all(value is None or isinstance(value, str | int) for column in columns for value in column):
            quote = connection.ops.quote_name
            table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
            assignments = ", ".join(f"{quote(f.column)} = data.c{index}" for index, f in enumerate(fields))
            arrays = ", ".join(
                f"%s::{column_field.db_type(connection)}[]" for column_field in [model._meta.pk, *fields]
            )
            aliases = ", ".join(["pk", *(f"c{index}" for index in range(len(fields)))])
            statement = (
                f"UPDATE {table} SET {assignments} FROM unnest({arrays}) AS data({aliases}) "  # noqa: S608 (model meta)
                f"WHERE {table}.{key} = data.pk"
            )
            with connection.cursor() as cursor:
                cursor.execute(statement, [[pk for pk, _ in changed], *columns])
            return
    model._base_manager.bulk_update([model(pk=pk, **dict(zip(names, new, strict=True))) for pk, new in changed], names)


def _anonymise_row_by_row(
    model: type[models.Model], rows: QuerySet, rules: list[tuple[models.Field, Anonymise]], extra: dict[str, Any]
) -> int:
    """Rewrite the rows whose values differ from their replacements, ``ROW_BATCH_SIZE`` at a time."""
    names = [model_field.attname for model_field, _ in rules] + list(extra)
    changed_rows = 0
    last_pk = None
    while True:
        batch_rows = rows.order_by("pk") if last_pk is None else rows.filter(pk__gt=last_pk).order_by("pk")
        batch = list(batch_rows.values_list("pk", *names)[:ROW_BATCH_SIZE])
        if not batch:
            return changed_rows
        last_pk = batch[-1][0]
        changed = []
        for pk, *current in batch:
            new = [_row_value(rule, value, pk) for (_, rule), value in zip(rules, current, strict=False)]
            new += list(extra.values())
            if new != current:
                changed.append((pk, new))
        if changed:
            _rows_rewrite(model, names, changed)
            changed_rows += len(changed)
        if len(batch) < ROW_BATCH_SIZE:
            return changed_rows
