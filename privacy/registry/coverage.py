"""The coverage walker: every field of the project's models that can hold personal data must be either
declared in a ``personal_data.py`` or exempted there with a reason.

What the walker flags (by field class, so a new field cannot slip past by its name):
- text of any kind: ``CharField`` and its subclasses (email, slug, URL, the encrypted fields),
  ``TextField``, ``JSONField``, ``BinaryField``, ``FileField``/``ImageField``, ``GenericIPAddressField``,
  full-text ``SearchVectorField`` (derived from text) and arrays of any of these;
- calendar dates (``DateField`` but not ``DateTimeField``): a bare date on a row is usually about a
  person (a birthday); timestamps record events and are left to the model's declaration;
- every ``ForeignKey``, ``OneToOneField`` and ``ManyToManyField`` to ``AUTH_USER_MODEL``.

The walk covers the models of every installed app: the project's own, Django's contrib apps (admin log,
sessions, auth), allauth's and any app installed later, so installing a third-party app with a personal
field fails the coverage test until the project declares it (allauth's in ``accounts/personal_data.py``,
contrib's in ``privacy/contrib_personal_data.py``). Only the test-only apps under ``tests/`` are left out.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.apps import AppConfig, apps
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models

from privacy.registry.site import Registry

_PERSONAL_CAPABLE = (
    models.CharField,
    models.TextField,
    models.JSONField,
    models.BinaryField,
    models.FileField,
    models.GenericIPAddressField,
    SearchVectorField,
)


@dataclass(frozen=True)
class UndeclaredField:
    model: str
    field: str
    field_type: str

    def __str__(self) -> str:
        return f"{self.model}.{self.field}"


def covered_app_configs() -> list[AppConfig]:
    """Every installed app (the project's, Django's, third parties') except the test-only apps under ``tests/``."""
    tests_dir = (Path(settings.BASE_DIR) / "tests").resolve()

    def is_test_app(config: AppConfig) -> bool:
        path = Path(config.path).resolve()
        return path == tests_dir or tests_dir in path.parents

    return [config for config in apps.get_app_configs() if not is_test_app(config)]


def covered_models() -> list[type[models.Model]]:
    """Every model of the covered apps that has its own table (no proxies, no swapped-out models)."""
    return [
        model
        for config in covered_app_configs()
        for model in config.get_models()
        if not model._meta.proxy and not model._meta.swapped
    ]


def can_hold_personal_data(model_field: models.Field) -> bool:
    """Whether the walker demands a declaration or an exemption for ``model_field``."""
    if model_field.is_relation:
        related = model_field.related_model
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        return related is not None and related._meta.concrete_model is user_model
    base_field = getattr(model_field, "base_field", None)
    if isinstance(base_field, models.Field):
        return can_hold_personal_data(base_field)
    if isinstance(model_field, models.DateField) and not isinstance(model_field, models.DateTimeField):
        return True
    return isinstance(model_field, _PERSONAL_CAPABLE)


def fields_needing_declaration(model: type[models.Model]) -> list[models.Field]:
    """The fields of ``model``'s own table (and its many-to-manys) that can hold personal data."""
    own_fields = [*model._meta.local_fields, *model._meta.local_many_to_many]
    return [model_field for model_field in own_fields if can_hold_personal_data(model_field)]


def undeclared_fields(model_classes: Iterable[type[models.Model]], *, registry: Registry) -> list[UndeclaredField]:
    """Every field of ``model_classes`` that can hold personal data but is neither declared nor exempt."""
    missing = []
    for model in model_classes:
        for model_field in fields_needing_declaration(model):
            if registry.is_declared(model, model_field.name):
                continue
            if registry.exemption_reason(model, model_field.name) is not None:
                continue
            missing.append(UndeclaredField(model._meta.label, model_field.name, type(model_field).__name__))
    return missing


def coverage_failure_message(missing: Iterable[UndeclaredField]) -> str:
    """A message listing each undeclared field and showing how to declare or exempt it."""
    missing = list(missing)
    lines = [f"{len(missing)} field(s) can hold personal data but are neither declared nor exempt:"]
    lines += [f"  - {item} ({item.field_type})" for item in missing]
    example = missing[0] if missing else UndeclaredField("app.Model", "field", "CharField")
    lines += [
        "",
        "Declare each in its app's personal_data.py (merge into the model's existing PersonalModel if any):",
        "    from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, register",
        "    register(PersonalModel(",
        f'        model="{example.model}", owner="user", retention="<retention category>",',
        "        on_erase=OnErase.ANONYMISE_FIELDS,",
        f'        fields=[PersonalField("{example.field}", category=Category.CONTENT, label="...",',
        "                              mask=Mask.FULL, anonymise=Anonymise.BLANK)],",
        "    ))",
        "or, if it can never hold data about a person, exempt it with the reason:",
        "    from privacy.registry import exempt",
        f'    exempt("{example.model}", "{example.field}", reason="...")',
    ]
    return "\n".join(lines)
