"""The data export document (promise D2), built from the personal-data registry alone.

Format (``FORMAT_VERSION`` 1), one JSON object::

    {
      "format_version": 1,
      "generated_at": "2026-03-01T12:00:00+00:00",      # ISO 8601, UTC
      "user_id": 42,
      "sections": [                                      # one per declared model, sorted by model label
        {
          "model": "shop.HistoryEntry",                  # app_label.ModelName
          "title": "History entries",                    # the model's verbose_name_plural
          "fields": [                                    # the exported fields, in declaration order
            {"name": "query", "label": "Search", "category": "behaviour"}
          ],
          "rows": [{"Search": "red shoes", ...}]         # every row the user owns, keyed by field label
        }
      ]
    }

What goes in: for every model in the registry, every row whose owner path leads to the user, and of it
every declared field with ``export=True`` (secrets such as a password hash are declared
``export=False`` and stay out; a model with no exported field has no section). A model the user has no
rows of still has its section, with ``rows: []``: the export says what the shop *could* hold, too.
Policy acceptances, consents, disclosures and third-party bindings are registered models like any
other, so they come in the same way.

Values: encrypted fields are decrypted (they decrypt on read); a foreign key is the related row's id;
a many-to-many field is the sorted list of related ids; dates and times are ISO 8601, decimals and
UUIDs strings, bytes base64, a file field its stored name. Two fields of one model sharing a label are
told apart as ``"Label (field_name)"``.

Cost: one query per exported model (plus one per declared many-to-many field), whatever the number
of rows, read with ``.values()`` and ``.iterator()``, never through model instances.
"""

import base64
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from privacy.registry import PersonalModel, declarations, declared_model, owned_rows

FORMAT_VERSION = 1
_CHUNK_SIZE = 2000


class ExportJSONEncoder(DjangoJSONEncoder):
    """Django's encoder (dates, decimals, UUIDs, durations) plus bytes as base64."""

    def default(self, o: Any) -> Any:
        if isinstance(o, bytes | bytearray | memoryview):
            return base64.b64encode(bytes(o)).decode("ascii")
        if isinstance(o, set | frozenset):
            return sorted(o, key=str)
        return super().default(o)


@dataclass(frozen=True)
class _Column:
    name: str
    key: str
    label: str
    category: str
    many_to_many: bool


def _columns(declaration: PersonalModel) -> list[_Column]:
    model = declared_model(declaration)
    exported = [personal for personal in declaration.fields if personal.export]
    label_counts: dict[str, int] = {}
    for personal in exported:
        label_counts[personal.label] = label_counts.get(personal.label, 0) + 1
    return [
        _Column(
            name=personal.name,
            key=personal.label if label_counts[personal.label] == 1 else f"{personal.label} ({personal.name})",
            label=personal.label,
            category=str(personal.category),
            many_to_many=model._meta.get_field(personal.name).many_to_many,
        )
        for personal in exported
    ]


def _section_title(declaration: PersonalModel) -> str:
    title = str(declared_model(declaration)._meta.verbose_name_plural)
    return title[:1].upper() + title[1:]


def _many_to_many_values(declaration: PersonalModel, user_id: int, column: _Column) -> dict[Any, list[Any]]:
    """``{row pk: [related ids]}`` for one many-to-many field of the user's rows, in one query."""
    model_field = declared_model(declaration)._meta.get_field(column.name)
    through = model_field.remote_field.through
    source = model_field.m2m_field_name()
    target = model_field.m2m_reverse_field_name()
    owned_pks = owned_rows(declaration, user_id).values("pk")
    related: dict[Any, list[Any]] = {}
    pairs = through._base_manager.filter(**{f"{source}__in": owned_pks}).values_list(f"{source}_id", f"{target}_id")
    for row_pk, related_pk in pairs.order_by(f"{source}_id", f"{target}_id").iterator(chunk_size=_CHUNK_SIZE):
        related.setdefault(row_pk, []).append(related_pk)
    return related


def _rows(declaration: PersonalModel, user_id: int, columns: list[_Column]) -> Iterator[dict[str, Any]]:
    plain = [column for column in columns if not column.many_to_many]
    many = {column.key: _many_to_many_values(declaration, user_id, column) for column in columns if column.many_to_many}
    queryset = owned_rows(declaration, user_id).order_by("pk").values("pk", *(column.name for column in plain))
    for values in queryset.iterator(chunk_size=_CHUNK_SIZE):
        row: dict[str, Any] = {}
        for column in columns:
            if column.many_to_many:
                row[column.key] = many[column.key].get(values["pk"], [])
            else:
                row[column.key] = values[column.name]
        yield row


def export_section(declaration: PersonalModel, *, user_id: int) -> dict[str, Any] | None:
    """The section of one declared model for ``user_id``, or None when no field of it is exported."""
    columns = _columns(declaration)
    if not columns:
        return None
    return {
        "model": declaration.model,
        "title": _section_title(declaration),
        "fields": [{"name": column.name, "label": column.label, "category": column.category} for column in columns],
        "rows": list(_rows(declaration, user_id, columns)),
    }


def export_document(*, user_id: int, registered: Iterable[PersonalModel] | None = None) -> dict[str, Any]:
    """The whole export of ``user_id`` as plain data (see the module docstring for its shape).

    ``registered`` defaults to the project's registry; tests pass their own declarations. Reads only;
    one query per exported model. Never raises for a user without data: every section is then empty.
    """
    sections = []
    for declaration in declarations() if registered is None else registered:
        section = export_section(declaration, user_id=user_id)
        if section is not None:
            sections.append(section)
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
        "user_id": user_id,
        "sections": sections,
    }


def export_document_bytes(document: dict[str, Any]) -> bytes:
    """``document`` as UTF-8 JSON, indented so a person can read the file too."""
    return json.dumps(document, cls=ExportJSONEncoder, ensure_ascii=False, indent=2).encode("utf-8")
