import pytest
from django.core.exceptions import ImproperlyConfigured

from accounts.models import User
from privacy import registry
from privacy.hashing import keyed_hash
from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    Registry,
    owned_rows,
    owner_filter,
)
from tests.accounts.factories import UserFactory
from tests.testapp.models import Customer, CustomerNote


def _field(name="name", **overrides):
    values = {"category": Category.IDENTITY, "label": name.title(), "mask": Mask.NAME, "anonymise": Anonymise.BLANK}
    return PersonalField(name, **(values | overrides))


def _customer(*fields, owner="user", on_erase=OnErase.ANONYMISE_FIELDS, model="testapp.Customer"):
    return PersonalModel(model=model, owner=owner, retention="customer", on_erase=on_erase, fields=fields or [_field()])


# --- registration and lookups -----------------------------------------------------------------


def test_a_declaration_is_stored_with_normalised_names():
    # given
    site = Registry()

    # when
    stored = site.register(
        _customer(_field("user_id", mask=Mask.NONE, anonymise=Anonymise.NULL), _field("name"), model="testapp.customer")
    )

    # then
    assert stored.model == "testapp.Customer"
    assert stored.field_names == ("user", "name")
    assert site.for_model(Customer) is stored
    assert site.for_model(Customer(name="x")) is stored
    assert site.for_model("testapp.Customer") is stored
    assert site.declarations() == (stored,)


def test_lookups_answer_for_declared_exempt_and_unknown_fields():
    # given
    site = Registry()
    site.register(_customer(_field("user", mask=Mask.NONE, anonymise=Anonymise.NULL), _field("name")))
    site.exempt("testapp.Customer", "code", reason="An internal reference code.")

    # then
    assert site.personal_field_names(Customer) == ("user", "name")
    assert site.is_declared(Customer, "name")
    assert site.is_declared(Customer, "user_id")
    assert not site.is_declared(Customer, "code")
    assert not site.is_declared(Customer, "no_such_field")
    assert site.exemption_reason(Customer, "code") == "An internal reference code."
    assert site.exemption_reason(Customer, "name") is None
    assert site.for_model(CustomerNote) is None
    assert site.personal_field_names(CustomerNote) == ()
    assert [(e.model, e.field) for e in site.exemptions()] == [("testapp.Customer", "code")]


def test_declarations_are_sorted_by_model_label():
    # given
    site = Registry()

    # when
    site.register(
        _customer(_field("body", category=Category.CONTENT), owner="customer__user", model="testapp.CustomerNote")
    )
    site.register(_customer())

    # then
    assert [declaration.model for declaration in site.declarations()] == ["testapp.Customer", "testapp.CustomerNote"]


def test_one_exempt_call_can_exempt_several_fields():
    # given
    site = Registry()

    # when
    site.exempt("testapp.Customer", "code", "phone_hash", reason="Not about a person.")

    # then
    assert site.exemption_reason(Customer, "code") == site.exemption_reason(Customer, "phone_hash")


def test_declaration_values_are_frozen():
    # given
    declaration = _customer()

    # when / then
    with pytest.raises(AttributeError):
        declaration.owner = "someone"
    assert isinstance(declaration.fields, tuple)


# --- refusals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("declaration", "message"),
    [
        (_customer(model="testapp.Nope"), "'testapp.Nope' is not an installed model"),
        (_customer(model="Customer"), "'Customer' is not an installed model"),
        (_customer(_field("nmae")), "testapp.Customer has no field 'nmae'"),
        (_customer(_field("customer_notes")), "testapp.Customer.customer_notes is a reverse relation"),
        (_customer(_field("name"), _field("name")), "testapp.Customer.name is declared twice"),
        (_customer(owner=""), "testapp.Customer: owner must be the ORM path"),
        (_customer(owner="usr"), "owner 'usr': testapp.Customer has no field 'usr'"),
        (_customer(owner="name"), "testapp.Customer.name must be a ForeignKey or OneToOneField"),
        (_customer(owner="customer", model="testapp.CustomerNote"), "ends at testapp.Customer, not at the user"),
        (_customer(owner="user__groups"), "accounts.User.groups must be a ForeignKey or OneToOneField"),
        (_customer(model="accounts.User", owner="self"), "accounts.User: the user model's owner path must be ''"),
        (
            _customer(_field("code", anonymise=Anonymise.NULL), owner="customer__user", model="testapp.CustomerNote"),
            "testapp.CustomerNote has no field 'code'",
        ),
        (_customer(_field("name", anonymise=Anonymise.NULL)), "testapp.Customer.name: anonymise=NULL needs null=True"),
        (_customer(_field("user", anonymise=Anonymise.BLANK)), "testapp.Customer.user: anonymise=BLANK needs a text"),
        (
            _customer(_field("code", anonymise=Anonymise.KEYED_HASH)),
            "testapp.Customer.code: anonymise=KEYED_HASH needs max_length >= 64",
        ),
        (
            _customer(_field("user", anonymise=Anonymise.KEYED_HASH)),
            "testapp.Customer.user: anonymise=KEYED_HASH needs a text field",
        ),
        (_customer(_field("code", anonymise=Anonymise.constant("gone"))), "testapp.Customer.code: the field is unique"),
        (_customer(_field("name", anonymise=Anonymise.constant("gone {id}"))), "may only use the placeholder {pk}"),
        (
            _customer(_field("user", anonymise=Anonymise.constant("x"))),
            "testapp.Customer.user: a relation cannot be set",
        ),
        (
            _customer(_field("name", anonymise=Anonymise.DELETE_ROW)),
            "testapp.Customer.name: anonymise=DELETE_ROW needs",
        ),
        (
            _customer(_field("name", anonymise=Anonymise.keep(reason=" "))),
            "testapp.Customer.name: Anonymise.keep() needs a reason",
        ),
        (
            _customer(_field("groups", anonymise=Anonymise.NULL), model="accounts.User", owner=""),
            "accounts.User.groups: a many-to-many field can only be BLANK",
        ),
    ],
)
def test_a_wrong_declaration_is_refused_with_a_clear_message(declaration, message):
    # given
    site = Registry()

    # when / then
    with pytest.raises(ImproperlyConfigured) as error:
        site.register(declaration)
    assert message in str(error.value)
    assert site.declarations() == ()


def test_a_model_cannot_be_declared_twice():
    # given
    site = Registry()
    site.register(_customer())

    # when / then
    with pytest.raises(ImproperlyConfigured, match=r"testapp\.Customer is declared twice"):
        site.register(_customer(_field("notes", mask=Mask.FULL)))


def test_an_empty_retention_is_refused():
    with pytest.raises(ImproperlyConfigured, match="retention"):
        Registry().register(
            PersonalModel(model="testapp.Customer", owner="user", retention=" ", on_erase="delete_row", fields=[])
        )


def test_a_field_cannot_be_both_declared_and_exempt():
    # given
    declared_first, exempt_first = Registry(), Registry()
    declared_first.register(_customer())
    exempt_first.exempt("testapp.Customer", "name", reason="Not personal.")

    # when / then
    with pytest.raises(ImproperlyConfigured, match=r"testapp\.Customer\.name is both declared personal and exempt"):
        declared_first.exempt("testapp.Customer", "name", reason="Not personal.")
    with pytest.raises(ImproperlyConfigured, match=r"testapp\.Customer\.name is both declared personal and exempt"):
        exempt_first.register(_customer())


@pytest.mark.parametrize(
    ("fields", "reason", "message"),
    [
        (("name",), "", "testapp.Customer: an exemption needs a reason"),
        ((), "Because.", "exempt() needs at least one field name"),
        (("nmae",), "Because.", "testapp.Customer has no field 'nmae'"),
        (("code", "code"), "Because.", "testapp.Customer.code is exempted twice"),
    ],
)
def test_a_wrong_exemption_is_refused(fields, reason, message):
    with pytest.raises(ImproperlyConfigured) as error:
        Registry().exempt("testapp.Customer", *fields, reason=reason)
    assert message in str(error.value)


# --- anonymise rules ------------------------------------------------------------------------


def test_anonymise_rules_say_what_replaces_a_value():
    assert Anonymise.BLANK.replacement("Alice", pk=7) == ""
    assert Anonymise.NULL.replacement("Alice", pk=7) is None
    assert Anonymise.constant("deleted-{pk}@invalid.invalid").replacement("a@example.com", pk=7) == (
        "deleted-7@invalid.invalid"
    )
    assert Anonymise.KEYED_HASH.replacement("Alice", pk=7) == keyed_hash("Alice")
    assert Anonymise.KEYED_HASH.replacement(None, pk=7) is None
    assert Anonymise.keep(reason="Accounting.").replacement("Alice", pk=7) == "Alice"
    with pytest.raises(ValueError, match="deleting its row"):
        Anonymise.DELETE_ROW.replacement("Alice", pk=7)


# --- owner paths ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_owner_filter_selects_only_the_owners_rows():
    # given
    site = Registry()
    customers = site.register(_customer())
    notes = site.register(
        _customer(_field("body", category=Category.CONTENT), owner="customer__user", model="testapp.CustomerNote")
    )
    alice, bob = UserFactory(), UserFactory()
    alice_customer = Customer.objects.create(user=alice)
    bob_customer = Customer.objects.create(user=bob)
    alice_note = CustomerNote.objects.create(customer=alice_customer, body="hers")
    CustomerNote.objects.create(customer=bob_customer, body="his")

    # when
    alice_customers = list(Customer.objects.filter(owner_filter(customers, alice.pk)))
    alice_notes = list(owned_rows(notes, alice.pk))

    # then
    assert alice_customers == [alice_customer]
    assert alice_notes == [alice_note]


@pytest.mark.django_db
def test_the_user_model_is_its_own_owner():
    # given
    user, other = UserFactory(), UserFactory()
    declaration = registry.for_model(User)

    # when
    rows = list(owned_rows(declaration, user.pk))

    # then
    assert declaration.owner == ""
    assert rows == [user]
    assert other not in rows


# --- the project's own declarations ---------------------------------------------------------


def test_the_apps_declarations_are_discovered_at_startup():
    assert registry.is_declared("accounts.User", "email")
    assert registry.is_declared("shop.Cart", "user")
    assert registry.for_model("shop.CartItem").owner == "cart__user"
    assert registry.exemption_reason("shop.ProductVariant", "attributes")
    assert registry.exemption_reason("accounts.User", "groups")


@pytest.mark.django_db
def test_erasing_a_users_email_gives_a_unique_undeliverable_address():
    # given
    first, second = UserFactory(), UserFactory()
    rule = registry.for_model(User).get_field("email").anonymise

    # when
    for user in (first, second):
        user.email = rule.replacement(user.email, pk=user.pk)
        user.save(update_fields=["email"])

    # then
    assert first.email == f"deleted-{first.pk}@invalid.invalid"
    assert first.email != second.email


@pytest.mark.django_db
def test_erasing_a_users_password_makes_login_impossible():
    # given
    user = UserFactory()
    declared = registry.for_model(User).get_field("password")

    # when
    user.password = declared.anonymise.replacement(user.password, pk=user.pk)
    user.save(update_fields=["password"])

    # then
    user.refresh_from_db()
    assert not user.has_usable_password()
    assert not user.check_password("correct-horse-battery-staple")
    assert declared.export is False
