"""The personal-data registry: the one place that knows which fields of which models hold data about
a person, who that person is, how the data is shown, kept and erased.

Each app declares its own models in ``<app>/personal_data.py``; ``PrivacyConfig.ready()`` imports
those modules at startup (as the admin imports ``admin.py``)::

    from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, exempt, register

    register(PersonalModel(
        model="shop.Cart",            # app_label.ModelName
        owner="user",                 # ORM path to the user the row is about ("" on the user model)
        retention="cart",             # retention category key
        on_erase=OnErase.DELETE_ROW,  # or OnErase.ANONYMISE_FIELDS
        fields=[PersonalField("user", category=Category.IDENTITY, label="Owner",
                              mask=Mask.NONE, anonymise=Anonymise.NULL)],
    ))
    exempt("shop.ProductVariant", "attributes", reason="Merchant-defined product attributes.")

The same modules declare how long each kind of data is kept (``privacy.registry.retention``)::

    register_retention(RetentionPolicy(category="history", model="shop.HistoryEntry", date_field="created_at",
                                       default_period=timedelta(days=180), action=RetentionAction.DELETE))
    retention_exempt("address_book", reason="Goes with the account's erasure.")

Export, anonymisation, retention and admin masking read only this registry (``declarations()``,
``for_model()``, ``owner_filter()``...); none of them names another app's model. The coverage test
(``tests/privacy/test_registry_coverage.py``) fails for any field that can hold personal data and is
neither declared nor exempt (see ``privacy.registry.coverage``).
"""

from privacy.registry.declarations import (
    Anonymise,
    AnonymiseKind,
    Category,
    Exemption,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
)
from privacy.registry.retention import RetentionAction, RetentionExemption, RetentionPolicy, RetentionRegistry
from privacy.registry.site import ModelRef, Registry, declared_model, model_label, owned_rows, owner_filter

__all__ = [
    "Anonymise",
    "AnonymiseKind",
    "Category",
    "Exemption",
    "Mask",
    "ModelRef",
    "OnErase",
    "PersonalField",
    "PersonalModel",
    "Registry",
    "RetentionAction",
    "RetentionExemption",
    "RetentionPolicy",
    "RetentionRegistry",
    "declarations",
    "declared_model",
    "exempt",
    "exemption_reason",
    "exemptions",
    "for_model",
    "is_declared",
    "model_label",
    "owned_rows",
    "owner_filter",
    "personal_field_names",
    "register",
    "register_retention",
    "retention_exempt",
    "retention_exemptions",
    "retention_policies",
    "retention_policy",
    "retention_site",
    "site",
    "uncovered_retention_keys",
]

site = Registry()
"""The project's registry, filled by the apps' ``personal_data.py`` modules at startup."""

retention_site = RetentionRegistry(site)
"""The project's retention policies (``privacy.registry.retention``), declared next to the personal fields."""


def register(declaration: PersonalModel) -> PersonalModel:
    """Declare a model's personal fields in the project's registry (see ``Registry.register``)."""
    return site.register(declaration)


def exempt(model: str, *field_names: str, reason: str) -> None:
    """Exempt fields that can never hold personal data, with the reason (see ``Registry.exempt``)."""
    site.exempt(model, *field_names, reason=reason)


def declarations() -> tuple[PersonalModel, ...]:
    """Every declared model, sorted by label."""
    return site.declarations()


def exemptions() -> tuple[Exemption, ...]:
    """Every exemption, sorted by model and field."""
    return site.exemptions()


def for_model(model: ModelRef) -> PersonalModel | None:
    """The declaration of ``model`` (class, instance or ``"app.Model"``), or None."""
    return site.for_model(model)


def is_declared(model: ModelRef, field_name: str) -> bool:
    """Whether ``model.field_name`` is declared personal."""
    return site.is_declared(model, field_name)


def exemption_reason(model: ModelRef, field_name: str) -> str | None:
    """Why ``model.field_name`` is exempt, or None."""
    return site.exemption_reason(model, field_name)


def personal_field_names(model: ModelRef) -> tuple[str, ...]:
    """The declared personal field names of ``model`` (empty when it is not declared)."""
    return site.personal_field_names(model)


def register_retention(policy: RetentionPolicy) -> RetentionPolicy:
    """Declare how long a category of personal data is kept and what then happens to it (see
    ``privacy.registry.retention``). The policy's model must already be declared with ``register``."""
    return retention_site.register(policy)


def retention_exempt(category: str, *, reason: str) -> None:
    """Record that rows of the registry retention key ``category`` need no purge of their own, and why
    (for example: they go with the account's erasure)."""
    retention_site.exempt(category, reason=reason)


def retention_policies() -> tuple[RetentionPolicy, ...]:
    """Every retention policy, sorted by category."""
    return retention_site.policies()


def retention_policy(category: str) -> RetentionPolicy:
    """The retention policy of purge category ``category``; ``KeyError`` if there is none."""
    return retention_site.policy(category)


def retention_exemptions() -> tuple[RetentionExemption, ...]:
    """Every retention exemption, sorted by key."""
    return retention_site.exemptions()


def uncovered_retention_keys() -> list[str]:
    """Registry retention keys with neither a retention policy nor an exemption (should be empty)."""
    return retention_site.uncovered_keys()
