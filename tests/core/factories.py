"""One row of any model, for tests that must cover every model (the access-control matrix).

``build(Model, **fields)`` uses the app's own factory when ``tests/<app>/factories.py`` has one (the one named
``<Model>Factory`` first), else fills every required field with a plain valid value, creating related rows the
same way. A model whose constraints the plain values break needs a factory in its app's ``factories.py``.
"""

import importlib
import itertools
import uuid
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path

import factory
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

_TESTS = Path(__file__).resolve().parent.parent
_counter = itertools.count(1)


@cache
def _factories() -> dict[type[models.Model], type[factory.django.DjangoModelFactory]]:
    found: dict[type[models.Model], list[type[factory.django.DjangoModelFactory]]] = {}
    for module_file in sorted(_TESTS.glob("*/factories.py")):
        module = importlib.import_module(f"tests.{module_file.parent.name}.factories")
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, factory.django.DjangoModelFactory)
                and value._meta.model is not None
                and value.__module__ == module.__name__
            ):
                found.setdefault(value._meta.model, []).append(value)
    return {
        model: next((f for f in candidates if f.__name__ == f"{model.__name__}Factory"), candidates[0])
        for model, candidates in found.items()
    }


def _needs_value(field: models.Field) -> bool:
    if field.primary_key and field.is_relation:
        return True  # a one-to-one primary key (a row that extends another) must name its row
    if field.primary_key or field.null or field.has_default():
        return False
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    # Django stores "" for a blank text field without a default.
    return not (field.blank and field.empty_strings_allowed)


def _value_for(field: models.Field):
    n = next(_counter)
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.ForeignKey):
        if field.related_model is ContentType:
            return ContentType.objects.get_for_model(ContentType)
        return build(field.related_model)
    if isinstance(field, models.EmailField):
        return f"row{n}@example.com"
    if isinstance(field, models.URLField):
        return f"https://example.com/{n}"
    if isinstance(field, models.GenericIPAddressField):
        return "203.0.113.1"
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return Decimal("1")
    if isinstance(field, models.FloatField):
        return 1.0
    if isinstance(field, models.IntegerField):
        return 1
    if isinstance(field, models.DateTimeField):
        return timezone.now()
    if isinstance(field, models.DateField):
        return date(1990, 1, 1)
    if isinstance(field, models.DurationField):
        return timedelta(days=1)
    if isinstance(field, models.JSONField):
        return {}
    if isinstance(field, models.BinaryField):
        return b"x"
    if isinstance(field, models.FileField):
        return f"tests/file-{n}.txt"
    if isinstance(field, models.CharField | models.TextField):
        text = f"{field.name}-{n}"
        return text[-field.max_length :] if field.max_length else text
    raise TypeError(f"no plain value for {field.model.__name__}.{field.name} ({type(field).__name__}): add a factory")


def build(model: type[models.Model], **fields) -> models.Model:
    """A saved row of ``model`` with ``fields``; see the module docstring."""
    model_factory = _factories().get(model)
    if model_factory is not None:
        return model_factory(**fields)
    for field in model._meta.concrete_fields:
        if field.name not in fields and field.attname not in fields and _needs_value(field):
            fields[field.name] = _value_for(field)
    return model.objects.create(**fields)
