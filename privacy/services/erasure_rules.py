"""The anonymise rules of the registry applied to rows: as SQL in one bulk ``UPDATE`` where a rule can be written
so, else row by row in Python (keyed hashes, constants on encrypted fields), with one ``UPDATE ... FROM unnest()``
per batch. Account erasure (``privacy.services.erasure``), guest erasure and the retention purge use them.
"""

import logging
import re
import string
from collections import Counter
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, models
from django.db.models import CharField, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Exact

from privacy.encryption import EncryptedFieldMixin
from privacy.hashing import HASH_LENGTH, keyed_hash
from privacy.registry import Anonymise, AnonymiseKind, PersonalModel, declared_model

logger = logging.getLogger(__name__)

ROW_BATCH_SIZE = 500
_KEYED_HASH_SHAPE = re.compile(rf"^[0-9a-f]{{{HASH_LENGTH}}}$")
_SKIPPED_KINDS = (AnonymiseKind.KEEP, AnonymiseKind.DELETE_ROW)


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
