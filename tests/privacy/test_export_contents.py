"""What the data export contains (D2): every declared field of every row the user owns, and nothing else."""

import json
import uuid
from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from privacy.export.builder import FORMAT_VERSION, ExportJSONEncoder, export_document, export_document_bytes
from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    Registry,
    declarations,
    declared_model,
    owned_rows,
)
from tests.accounts.factories import UserFactory
from tests.testapp.models import Customer, CustomerNote

pytestmark = pytest.mark.django_db

_sequence = count(1)


# --- a row in every registered model, built from the model's own fields --------------------------


def _text(field: models.Field, marker: str) -> str:
    text = f"{marker}-{field.name}-{next(_sequence)}"
    if field.max_length and len(text) > field.max_length:
        text = f"{marker}{next(_sequence)}"[-field.max_length :]
    return text


def _value(field: models.Field, marker: str):
    """A valid value for ``field``; text carries ``marker`` so a row can be traced to its user."""
    if field.choices:
        return field.choices[0][0]
    if isinstance(field, models.EmailField):
        return f"{marker}.{next(_sequence)}@example.com"
    if isinstance(field, models.GenericIPAddressField):
        return "203.0.113.7"
    if isinstance(field, models.URLField):
        return f"https://example.com/{marker}/{next(_sequence)}"
    if isinstance(field, models.FileField):
        return f"files/{marker}-{next(_sequence)}.txt"
    if isinstance(field, models.CharField | models.TextField):
        return _text(field, marker)
    if isinstance(field, models.JSONField):
        return {"note": f"{marker}-{field.name}"}
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.DateTimeField):
        return timezone.now() - timedelta(days=1)
    if isinstance(field, models.DateField):
        return date(2001, 2, 3)
    if isinstance(field, models.DurationField):
        return timedelta(minutes=5)
    if isinstance(field, models.DecimalField):
        return Decimal(7).quantize(Decimal(10) ** -field.decimal_places)
    if isinstance(field, models.IntegerField | models.FloatField):
        return 2
    if isinstance(field, models.UUIDField):
        return uuid.uuid4()
    if isinstance(field, models.BinaryField):
        return marker.encode()
    raise AssertionError(f"Teach this test a value for {field.model._meta.label}.{field.name} ({type(field).__name__})")


def _needs_value(field: models.Field, declared: set[str]) -> bool:
    if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return False
    if field.name in declared:
        return True
    return not (field.has_default() or field.null or (field.blank and field.empty_strings_allowed))


class RowMaker:
    """Creates, for one user, a row of any model: personal fields and required fields filled, foreign
    keys to the user pointing at them, other foreign keys at rows made (once) the same way."""

    def __init__(self, user) -> None:
        self.user = user
        self.marker = f"owner{user.pk}x"
        self.made: dict[type[models.Model], models.Model] = {get_user_model(): user}

    def row(self, model: type[models.Model]) -> models.Model:
        if model not in self.made:
            self.made[model] = self._create(model)
        return self.made[model]

    def _create(self, model: type[models.Model]) -> models.Model:
        declaration = next((d for d in declarations() if declared_model(d) is model), None)
        declared = set(declaration.field_names) if declaration else set()
        # Numbers under a unique constraint (an invoice's year and sequence) must differ between users' rows.
        unique_numbers = {
            name
            for constraint in model._meta.constraints
            if isinstance(constraint, models.UniqueConstraint) and constraint.condition is None
            for name in constraint.fields
        }
        values = {}
        for field in model._meta.concrete_fields:
            if not _needs_value(field, declared):
                continue
            if field.is_relation:
                values[field.name] = self.row(field.related_model)
            elif field.name in unique_numbers and isinstance(field, models.IntegerField):
                values[field.name] = next(_sequence)
            else:
                values[field.name] = _value(field, self.marker)
        return model._base_manager.create(**values)

    def every_registered_model(self) -> dict[str, models.Model]:
        # An unlinked model (owner=None, Django's sessions) has no row any user owns, hence nothing to export.
        return {d.model: self.row(declared_model(d)) for d in declarations() if d.owner is not None}


def _expected_row(declaration: PersonalModel, instance: models.Model) -> dict:
    row = {}
    for personal in declaration.fields:
        if personal.export:
            value = getattr(instance, instance._meta.get_field(personal.name).attname)
            row[personal.label] = value.name if isinstance(value, FieldFile) else value
    return json.loads(json.dumps(row, cls=ExportJSONEncoder))


def _exported(user_id: int) -> dict:
    return json.loads(export_document_bytes(export_document(user_id=user_id)))


def _sections(document: dict) -> dict[str, dict]:
    return {section["model"]: section for section in document["sections"]}


# --- tests ------------------------------------------------------------------------------------


@pytest.mark.promise("D2")
def test_the_export_holds_every_declared_field_of_every_registered_model():
    # given a user with a row in every registered model (and a neighbour with the same)
    user = UserFactory()
    made = RowMaker(user).every_registered_model()
    RowMaker(UserFactory()).every_registered_model()

    # when
    sections = _sections(_exported(user.pk))

    # then every model with an exported field has its section, its fields, and the user's row in full
    missing = []
    for declaration in declarations():
        exported = [personal for personal in declaration.fields if personal.export]
        if not exported or declaration.owner is None:
            assert declaration.model not in sections
            continue
        section = sections.get(declaration.model)
        if section is None:
            missing.append(declaration.model)
            continue
        assert [f["name"] for f in section["fields"]] == [p.name for p in exported]
        assert [f["label"] for f in section["fields"]] == [p.label for p in exported]
        assert [f["category"] for f in section["fields"]] == [str(p.category) for p in exported]
        assert _expected_row(declaration, made[declaration.model]) in section["rows"], declaration.model
    assert missing == []


def test_secrets_declared_not_for_export_stay_out():
    # given
    user = UserFactory()
    RowMaker(user).every_registered_model()

    # when
    exported = export_document_bytes(export_document(user_id=user.pk)).decode()

    # then
    user.refresh_from_db()
    assert user.password not in exported
    assert "Password hash" not in exported
    assert "Third-party access token" not in exported


def test_another_users_rows_never_appear():
    # given
    user, other = UserFactory(), UserFactory()
    RowMaker(user).every_registered_model()
    other_maker = RowMaker(other)
    other_maker.every_registered_model()

    # when
    document = _exported(user.pk)

    # then
    dumped = json.dumps(document)
    assert other_maker.marker not in dumped
    assert other.email not in dumped
    for declaration in declarations():
        section = _sections(document).get(declaration.model)
        if section is not None:
            assert len(section["rows"]) == owned_rows(declaration, user.pk).count(), declaration.model


def test_the_document_says_what_it_is():
    # given
    user = UserFactory()

    # when
    document = _exported(user.pk)

    # then
    assert document["format_version"] == FORMAT_VERSION
    assert document["user_id"] == user.pk
    assert document["generated_at"]
    labels = [section["model"] for section in document["sections"]]
    assert labels == sorted(labels)
    account = _sections(document)["accounts.User"]
    assert account["title"] == "Users"
    assert account["rows"][0]["Email address"] == user.email
    assert _sections(document)["shop.HistoryEntry"]["rows"] == []


def test_encrypted_fields_are_exported_decrypted_and_relations_through_the_owner_path():
    # given a registry of the test app's models: an encrypted phone, and notes owned via their customer
    site = Registry()
    site.register(
        PersonalModel(
            model="testapp.Customer",
            owner="user",
            retention="customer",
            on_erase=OnErase.ANONYMISE_FIELDS,
            fields=[
                PersonalField(
                    "name", category=Category.IDENTITY, label="Name", mask=Mask.NAME, anonymise=Anonymise.BLANK
                ),
                PersonalField(
                    "phone", category=Category.CONTACT, label="Phone", mask=Mask.PHONE, anonymise=Anonymise.BLANK
                ),
            ],
        )
    )
    site.register(
        PersonalModel(
            model="testapp.CustomerNote",
            owner="customer__user",
            retention="customer",
            on_erase=OnErase.DELETE_ROW,
            fields=[
                PersonalField(
                    "body", category=Category.CONTENT, label="Note", mask=Mask.FULL, anonymise=Anonymise.DELETE_ROW
                ),
                PersonalField(
                    "customer",
                    category=Category.IDENTITY,
                    label="Customer",
                    mask=Mask.NONE,
                    anonymise=Anonymise.DELETE_ROW,
                ),
            ],
        )
    )
    user, other = UserFactory(), UserFactory()
    customer = Customer.objects.create(user=user, name="Li Lei", phone="13812345678")
    CustomerNote.objects.create(customer=customer, body="Leave at the door")
    CustomerNote.objects.create(customer=Customer.objects.create(user=other, name="Han Meimei"), body="Ring twice")

    # when
    document = export_document(user_id=user.pk, registered=site.declarations())

    # then
    sections = _sections(document)
    assert sections["testapp.Customer"]["rows"] == [{"Name": "Li Lei", "Phone": "13812345678"}]
    assert sections["testapp.CustomerNote"]["rows"] == [{"Note": "Leave at the door", "Customer": customer.pk}]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT phone FROM {Customer._meta.db_table} WHERE id = %s", [customer.pk])
        assert "13812345678" not in cursor.fetchone()[0]


def _rows_of(model_label: str, user, how_many: int) -> None:
    """``how_many`` rows of ``model_label`` for ``user``: one made in full, then copies of it."""
    template = RowMaker(user).row(apps.get_model(model_label))
    constrained = {
        name
        for constraint in template._meta.constraints
        if isinstance(constraint, models.UniqueConstraint)
        for name in constraint.fields
    }
    unique = [
        field
        for field in template._meta.concrete_fields
        if not field.primary_key and not field.is_relation and (field.unique or field.name in constrained)
    ]
    for _ in range(how_many - 1):
        template.pk = None
        template._state.adding = True
        for field in unique:
            setattr(template, field.attname, _value(field, "copy"))
        template.save()


@pytest.mark.parametrize("model_label", ["shop.HistoryEntry", "orders.Order"])
def test_the_query_count_depends_on_the_registry_not_on_the_users_rows(django_assert_num_queries, model_label):
    # given a user with 10 rows, exported once to count the queries
    user = UserFactory()
    _rows_of(model_label, user, 10)
    with CaptureQueriesContext(connection) as first:
        small = export_document(user_id=user.pk)
    _rows_of(model_label, user, 490)

    # when / then
    with django_assert_num_queries(len(first.captured_queries)):
        large = export_document(user_id=user.pk)
    assert len(_sections(small)[model_label]["rows"]) == 10
    assert len(_sections(large)[model_label]["rows"]) == 500
    exported_models = [d for d in declarations() if any(p.export for p in d.fields)]
    assert len(first.captured_queries) == len(exported_models)
