"""Promise A5: a location is kept only as the current position, never as a trajectory.

The registry refuses a location field on any model that can hold more than one row per person, so no
table can accumulate a series of a user's positions; and no installed model keeps coordinates without
being declared a location (then that rule applies to it)."""

import re

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured

from privacy import registry
from privacy.registry import Anonymise, Category, Mask, OnErase, PersonalField, PersonalModel, Registry

pytestmark = pytest.mark.promise("A5")

COORDINATE_NAME = re.compile(r"(^|_)(lat|lng|lon|latitude|longitude|geo\w*|coordinates?|gps|trajectory|track_points?)$")


def _location(name: str) -> PersonalField:
    return PersonalField(name, category=Category.LOCATION, label="Position", mask=Mask.FULL, anonymise=Anonymise.BLANK)


def test_a_location_on_a_model_with_many_rows_per_person_is_refused():
    # given a model whose rows point at their person through a plain foreign key
    declaration = PersonalModel(
        model="testapp.Customer",
        owner="user",
        retention="customer",
        on_erase=OnErase.DELETE_ROW,
        fields=[_location("name")],
    )

    # when / then
    with pytest.raises(ImproperlyConfigured, match="never as a series of positions"):
        Registry().register(declaration)


def test_a_location_on_the_person_itself_is_the_current_position_and_accepted():
    # given
    declaration = PersonalModel(
        model="accounts.User",
        owner="",
        retention="account",
        on_erase=OnErase.ANONYMISE_FIELDS,
        fields=[_location("nickname")],
    )

    # when
    stored = Registry().register(declaration)

    # then
    assert stored.get_field("nickname").category is Category.LOCATION


def test_every_declared_location_is_one_row_per_person():
    # given the project's real registry (every app's declarations, third-party apps included)
    locations = [
        (declaration.model, personal.name)
        for declaration in registry.site.declarations()
        for personal in declaration.fields
        if personal.category is Category.LOCATION
    ]

    # when each is registered again on a fresh registry, the A5 rule is checked again
    for model, _name in locations:
        Registry().register(registry.site.for_model(model))

    # then no declaration was refused (a refusal raises above); nothing else stores coordinates
    coordinates = [
        f"{model._meta.label}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False)
        and (COORDINATE_NAME.search(field.name) or type(field).__name__ in {"PointField", "LineStringField"})
        and not (
            registry.site.is_declared(model, field.name)
            and registry.site.for_model(model).get_field(field.name).category is Category.LOCATION
        )
    ]
    assert coordinates == []
