"""The registry that holds every app's personal-data declarations, and validates them on arrival.

Registration happens once, at startup, when ``PrivacyConfig.ready()`` imports each app's
``personal_data.py``. A mistake there (a misspelt field, an owner path that does not end at the user,
a rule the column cannot hold) raises ``ImproperlyConfigured`` naming the model and field, so it fails
``manage.py check`` and every test run rather than an erasure months later.
"""

from dataclasses import replace

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet

from privacy.hashing import HASH_LENGTH
from privacy.registry.declarations import AnonymiseKind, Category, Exemption, OnErase, PersonalField, PersonalModel

ModelRef = type[models.Model] | models.Model | str

_TEXT_FIELDS = (models.CharField, models.TextField)
_BLANKABLE_FIELDS = (*_TEXT_FIELDS, models.FileField)


def model_label(model: ModelRef) -> str:
    """``"app_label.ModelName"`` of a model class, instance or label; proxies resolve to their table."""
    if isinstance(model, str):
        try:
            model = apps.get_model(model)
        except (LookupError, ValueError):
            raise ImproperlyConfigured(f"{model!r} is not an installed model ('app_label.ModelName').") from None
    return model._meta.concrete_model._meta.label


def declared_model(declaration: PersonalModel) -> type[models.Model]:
    """The model class a declaration is about."""
    return apps.get_model(declaration.model)


def _user_model() -> type[models.Model]:
    return apps.get_model(settings.AUTH_USER_MODEL)


def _model_field(model: type[models.Model], name: str, where: str) -> models.Field:
    label = model._meta.label
    try:
        model_field = model._meta.get_field(name)
    except FieldDoesNotExist:
        raise ImproperlyConfigured(f"{where}: {label} has no field {name!r}.") from None
    if model_field.auto_created and not model_field.concrete:
        raise ImproperlyConfigured(
            f"{where}: {label}.{name} is a reverse relation; declare the field on the model that holds it."
        )
    return model_field


def _validate_owner(model: type[models.Model], owner: str | None, unlinked_reason: str) -> None:
    label = model._meta.label
    user_model = _user_model()
    if owner is None:
        if model._meta.concrete_model is user_model:
            raise ImproperlyConfigured(f"{label}: the user model's owner path must be '' (the row is the user).")
        if not unlinked_reason.strip():
            raise ImproperlyConfigured(
                f"{label}: owner=None (rows no relation links to their person) needs unlinked_reason: how the rows "
                "are erased and purged without the registry finding them by owner."
            )
        return
    if model._meta.concrete_model is user_model:
        if owner:
            raise ImproperlyConfigured(f"{label}: the user model's owner path must be '' (the row is the user).")
        return
    if not owner:
        raise ImproperlyConfigured(f"{label}: owner must be the ORM path to the user the row is about, e.g. 'user'.")
    current = model
    for segment in owner.split("__"):
        step = _model_field(current, segment, f"{label} owner {owner!r}")
        if not (step.concrete and (step.many_to_one or step.one_to_one)):
            raise ImproperlyConfigured(
                f"{label} owner {owner!r}: {current._meta.label}.{segment} must be a ForeignKey or OneToOneField "
                "(each row has exactly one owner)."
            )
        current = step.related_model
    if current._meta.concrete_model is not user_model:
        raise ImproperlyConfigured(
            f"{label} owner {owner!r} ends at {current._meta.label}, not at the user model {user_model._meta.label}."
        )


def _one_row_per_owner(model: type[models.Model], owner: str | None) -> bool:
    """Whether each person can own at most one row of ``model``: the user model itself, or an owner path
    whose every step is one-to-one (a OneToOneField, a unique ForeignKey or one unique on its own)."""
    if owner == "" and model._meta.concrete_model is _user_model():
        return True
    if not owner:
        return False
    current = model
    for segment in owner.split("__"):
        step = current._meta.get_field(segment)
        alone_unique = any(
            isinstance(constraint, models.UniqueConstraint)
            and tuple(constraint.fields) == (segment,)
            and constraint.condition is None
            for constraint in current._meta.constraints
        )
        if not (step.one_to_one or step.unique or alone_unique):
            return False
        current = step.related_model
    return True


def _rule_problem(model_field: models.Field, personal: PersonalField, on_erase: OnErase) -> str | None:
    """Why ``personal.anonymise`` cannot be applied to ``model_field``, or None when it can."""
    rule = personal.anonymise
    kind = rule.kind
    if kind is AnonymiseKind.DELETE_ROW:
        if on_erase is not OnErase.DELETE_ROW:
            return "anonymise=DELETE_ROW needs the model's on_erase to be OnErase.DELETE_ROW"
        return None
    if kind is AnonymiseKind.KEEP:
        return None if rule.reason.strip() else "Anonymise.keep() needs a reason"
    if model_field.many_to_many:
        return None if kind is AnonymiseKind.BLANK else "a many-to-many field can only be BLANK (emptied) or kept"
    if kind is AnonymiseKind.NULL:
        return None if model_field.null else "anonymise=NULL needs null=True on the field"
    if kind is AnonymiseKind.BLANK:
        if isinstance(model_field, _BLANKABLE_FIELDS):
            return None
        return "anonymise=BLANK needs a text or file field"
    if kind is AnonymiseKind.KEYED_HASH:
        if not isinstance(model_field, _TEXT_FIELDS):
            return "anonymise=KEYED_HASH needs a text field"
        if model_field.max_length is not None and model_field.max_length < HASH_LENGTH:
            return f"anonymise=KEYED_HASH needs max_length >= {HASH_LENGTH}"
        return None
    if kind is AnonymiseKind.CONSTANT:
        if model_field.is_relation:
            return "a relation cannot be set to a constant; use NULL or DELETE_ROW"
        template = rule.value or ""
        try:
            template.format(pk=1)
        except (KeyError, IndexError, ValueError):
            return "the constant may only use the placeholder {pk}"
        if model_field.unique and "{pk}" not in template:
            return "the field is unique, so the constant must include {pk}"
        return None
    return f"unknown anonymise kind {kind!r}"


class Registry:
    """Personal-data declarations and exemptions, keyed by ``"app_label.ModelName"``."""

    def __init__(self) -> None:
        self._models: dict[str, PersonalModel] = {}
        self._exemptions: dict[tuple[str, str], Exemption] = {}

    # --- registration -------------------------------------------------------------------------

    def register(self, declaration: PersonalModel) -> PersonalModel:
        """Validate and store ``declaration``; returns it with the model label normalised.

        Raises ``ImproperlyConfigured`` (naming model and field) for an unknown model or field, a model
        declared twice, a field declared twice or also exempt, an owner path that does not lead to the
        user model, an empty retention key, or an anonymise rule the column cannot hold.
        """
        label = model_label(declaration.model)
        model = apps.get_model(label)
        if label in self._models:
            raise ImproperlyConfigured(f"{label} is declared twice; put all its personal fields in one PersonalModel.")
        if not declaration.retention.strip():
            raise ImproperlyConfigured(f"{label}: retention must name a retention category.")
        _validate_owner(model, declaration.owner, declaration.unlinked_reason)
        names: list[str] = []
        for personal in declaration.fields:
            model_field = _model_field(model, personal.name, "PersonalField")
            name = model_field.name
            if name in names:
                raise ImproperlyConfigured(f"{label}.{name} is declared twice in its PersonalModel.")
            if (label, name) in self._exemptions:
                raise ImproperlyConfigured(f"{label}.{name} is both declared personal and exempt; choose one.")
            if personal.category is Category.LOCATION and not _one_row_per_owner(model, declaration.owner):
                raise ImproperlyConfigured(
                    f"{label}.{name}: a location is kept only as the current position, one row per person, never "
                    "as a series of positions (promise A5); this model can hold many rows per person."
                )
            if problem := _rule_problem(model_field, personal, declaration.on_erase):
                raise ImproperlyConfigured(f"{label}.{name}: {problem}.")
            names.append(name)
        fields = tuple(replace(personal, name=name) for personal, name in zip(declaration.fields, names, strict=True))
        stored = replace(declaration, model=label, fields=fields)
        self._models[label] = stored
        return stored

    def exempt(self, model: str, *field_names: str, reason: str) -> None:
        """Record that ``field_names`` of ``model`` never hold personal data, and why.

        Raises ``ImproperlyConfigured`` for an unknown model or field, an empty reason, a field already
        exempt, or a field declared personal.
        """
        label = model_label(model)
        model_class = apps.get_model(label)
        if not reason.strip():
            raise ImproperlyConfigured(f"{label}: an exemption needs a reason.")
        if not field_names:
            raise ImproperlyConfigured(f"{label}: exempt() needs at least one field name.")
        for field_name in field_names:
            name = _model_field(model_class, field_name, "exempt()").name
            if (label, name) in self._exemptions:
                raise ImproperlyConfigured(f"{label}.{name} is exempted twice.")
            if self.is_declared(label, name):
                raise ImproperlyConfigured(f"{label}.{name} is both declared personal and exempt; choose one.")
            self._exemptions[(label, name)] = Exemption(model=label, field=name, reason=reason)

    # --- lookups ------------------------------------------------------------------------------

    def declarations(self) -> tuple[PersonalModel, ...]:
        """Every declared model, sorted by label (a stable order for exports and reports)."""
        return tuple(self._models[label] for label in sorted(self._models))

    def exemptions(self) -> tuple[Exemption, ...]:
        """Every exemption, sorted by model label and field name."""
        return tuple(self._exemptions[key] for key in sorted(self._exemptions))

    def for_model(self, model: ModelRef) -> PersonalModel | None:
        """The declaration of ``model`` (class, instance or label), or None if it holds no personal data."""
        return self._models.get(model_label(model))

    def personal_field_names(self, model: ModelRef) -> tuple[str, ...]:
        """The declared personal field names of ``model``; empty if the model is not declared."""
        declaration = self.for_model(model)
        return declaration.field_names if declaration else ()

    def is_declared(self, model: ModelRef, field_name: str) -> bool:
        """Whether ``model.field_name`` is declared personal (``"user_id"`` counts as ``"user"``)."""
        name = self._field_name(model, field_name)
        return name is not None and name in self.personal_field_names(model)

    def exemption_reason(self, model: ModelRef, field_name: str) -> str | None:
        """Why ``model.field_name`` is exempt, or None if it is not."""
        name = self._field_name(model, field_name)
        exemption = self._exemptions.get((model_label(model), name)) if name else None
        return exemption.reason if exemption else None

    @staticmethod
    def _field_name(model: ModelRef, field_name: str) -> str | None:
        try:
            return apps.get_model(model_label(model))._meta.get_field(field_name).name
        except FieldDoesNotExist:
            return None


def owner_filter(declaration: PersonalModel, user_id: int | str) -> Q:
    """A ``Q`` selecting the rows of ``declaration``'s model that are about user ``user_id`` (none for an
    unlinked model, ``owner=None``: no relation says whose its rows are)."""
    if declaration.owner is None:
        return Q(pk__in=[])
    if not declaration.owner:
        return Q(pk=user_id)
    return Q(**{declaration.owner: user_id})


def owned_rows(declaration: PersonalModel, user_id: int | str) -> QuerySet:
    """Every row of the declared model about ``user_id``, through the base manager (no custom filtering)."""
    if declaration.owner is None:
        return declared_model(declaration)._base_manager.none()
    return declared_model(declaration)._base_manager.filter(owner_filter(declaration, user_id))
