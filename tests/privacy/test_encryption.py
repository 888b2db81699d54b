import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from privacy.encryption import DecryptionError, EncryptedCharField, check_encryption_keys
from privacy.hashing import keyed_hash, normalise_email, normalise_phone
from tests.accounts.factories import UserFactory
from tests.testapp.models import Customer, UndeclaredProfile

pytestmark = pytest.mark.django_db

KEY_A = Fernet.generate_key().decode()
KEY_B = Fernet.generate_key().decode()
PHONE = "13812345678"
NOTE = "Leave the parcel with the neighbour at No. 7"


def _raw(model, pk, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {model._meta.db_table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def _rotate(*args):
    out = io.StringIO()
    call_command("rotate_encryption_keys", *args, stdout=out)
    return out.getvalue()


def test_encrypted_fields_round_trip(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]

    # when
    customer = Customer.objects.create(phone=PHONE, notes=NOTE)
    loaded = Customer.objects.get(pk=customer.pk)

    # then
    assert loaded.phone == PHONE
    assert loaded.notes == NOTE
    assert Customer.objects.values_list("phone", flat=True).get(pk=customer.pk) == PHONE


@pytest.mark.promise("F1")
def test_the_database_holds_a_token_not_the_plaintext(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]

    # when
    customer = Customer.objects.create(phone=PHONE, notes=NOTE)

    # then
    raw_phone, raw_notes = _raw(Customer, customer.pk, "phone"), _raw(Customer, customer.pk, "notes")
    assert PHONE not in raw_phone
    assert "neighbour" not in raw_notes
    assert Fernet(KEY_A).decrypt(raw_phone.encode()).decode() == PHONE


def test_the_same_value_encrypts_differently_each_time(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]

    # when
    first, second = Customer.objects.create(phone=PHONE), Customer.objects.create(phone=PHONE)

    # then
    assert _raw(Customer, first.pk, "phone") != _raw(Customer, second.pk, "phone")


def test_empty_and_null_values_are_stored_as_they_are():
    # when
    customer = Customer.objects.create(phone="", notes=None)

    # then
    assert _raw(Customer, customer.pk, "phone") == ""
    assert _raw(Customer, customer.pk, "notes") is None
    loaded = Customer.objects.get(pk=customer.pk)
    assert (loaded.phone, loaded.notes) == ("", None)


def test_max_length_applies_to_the_plaintext():
    # given
    customer = Customer(phone="1" * 33, code="C1")

    # when / then
    with pytest.raises(ValidationError) as error:
        customer.full_clean()
    assert "phone" in error.value.message_dict


def test_filtering_on_an_encrypted_field_is_refused_with_guidance():
    # given
    Customer.objects.create(phone=PHONE)

    # when / then
    with pytest.raises(FieldError, match=r"testapp\.Customer\.phone is encrypted.*keyed_hash"):
        list(Customer.objects.filter(phone=PHONE))
    with pytest.raises(FieldError):
        list(Customer.objects.filter(phone__startswith="138"))


def test_isnull_still_works_on_an_encrypted_field():
    # given
    with_notes = Customer.objects.create(notes=NOTE)
    Customer.objects.create(notes=None)

    # when
    found = list(Customer.objects.filter(notes__isnull=False))

    # then
    assert found == [with_notes]


def test_a_keyed_hash_finds_the_row_whatever_the_formatting():
    # given
    wanted = Customer.objects.create(phone=PHONE, phone_hash=keyed_hash(PHONE, normalise=normalise_phone))
    Customer.objects.create(phone="13900000000", phone_hash=keyed_hash("13900000000", normalise=normalise_phone))

    # when
    found = Customer.objects.get(phone_hash=keyed_hash("138-1234-5678", normalise=normalise_phone))

    # then
    assert found == wanted


def test_keyed_hash_depends_on_the_key(settings):
    # given
    settings.PRIVACY_HASH_KEY = "first key"
    first = keyed_hash(PHONE)

    # when
    settings.PRIVACY_HASH_KEY = "second key"
    second = keyed_hash(PHONE)

    # then
    assert first != second
    assert len(first) == 64
    assert PHONE not in first


def test_keyed_hash_normalises_emails():
    assert keyed_hash(" Alice@Example.COM ", normalise=normalise_email) == keyed_hash(
        "alice@example.com", normalise=normalise_email
    )
    assert keyed_hash("Alice@Example.COM") != keyed_hash("alice@example.com")


def test_keyed_hash_without_a_key_is_refused(settings):
    # given
    settings.PRIVACY_HASH_KEY = ""

    # when / then
    with pytest.raises(ImproperlyConfigured, match="PRIVACY_HASH_KEY") as error:
        keyed_hash(PHONE)
    assert PHONE not in str(error.value)


def test_a_value_under_an_unknown_key_fails_without_revealing_it(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]
    customer = Customer.objects.create(phone=PHONE)
    token = _raw(Customer, customer.pk, "phone")
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_B]

    # when
    with pytest.raises(DecryptionError) as error:
        Customer.objects.get(pk=customer.pk)

    # then
    message = str(error.value)
    assert "testapp.Customer.phone" in message
    assert PHONE not in message
    assert token not in message
    assert error.value.__cause__ is None
    assert error.value.__suppress_context__


def test_a_malformed_key_is_reported_by_position_not_by_value(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A, "not-a-fernet-key"]

    # when
    with pytest.raises(ImproperlyConfigured) as error:
        Customer.objects.create(phone=PHONE)
    problems = check_encryption_keys()

    # then
    assert "PRIVACY_ENCRYPTION_KEYS[1]" in str(error.value)
    assert "not-a-fernet-key" not in str(error.value)
    assert PHONE not in str(error.value)
    assert [problem.id for problem in problems] == ["privacy.E001"]


def test_no_key_at_all_is_a_configuration_error(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = []
    settings.PRIVACY_HASH_KEY = ""

    # when
    problems = check_encryption_keys()

    # then
    assert [problem.id for problem in problems] == ["privacy.E001", "privacy.E002"]
    with pytest.raises(ImproperlyConfigured, match="empty"):
        Customer.objects.create(phone=PHONE)


def test_the_configured_keys_pass_the_system_check():
    assert check_encryption_keys() == []


def test_rotation_re_encrypts_every_value_under_the_newest_key(settings):
    # given: values written under key A, in more rows than one batch, across two models
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]
    customers = [Customer.objects.create(phone=f"1380000000{n}", notes=f"note {n}") for n in range(5)]
    blank = Customer.objects.create(phone="", notes=None)
    profile = UndeclaredProfile.objects.create(author=UserFactory(), secret="s3cret")
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    # when
    output = _rotate("--batch-size", "2")

    # then
    assert "testapp.Customer (phone, notes): 10 values, re-encrypted 10" in output
    assert "testapp.UndeclaredProfile (secret): 1 values, re-encrypted 1" in output
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_B]
    for n, customer in enumerate(customers):
        loaded = Customer.objects.get(pk=customer.pk)
        assert (loaded.phone, loaded.notes) == (f"1380000000{n}", f"note {n}")
    assert UndeclaredProfile.objects.get(pk=profile.pk).secret == "s3cret"
    assert _raw(Customer, blank.pk, "phone") == ""
    assert _raw(Customer, blank.pk, "notes") is None


def test_rotation_is_idempotent(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]
    Customer.objects.create(phone=PHONE)
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_B, KEY_A]
    _rotate()

    # when
    output = _rotate()

    # then
    assert "testapp.Customer (phone, notes): 1 values, re-encrypted 0" in output


def test_rotation_dry_run_changes_nothing(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]
    customer = Customer.objects.create(phone=PHONE)
    before = _raw(Customer, customer.pk, "phone")
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_B, KEY_A]

    # when
    output = _rotate("--dry-run")

    # then
    assert "testapp.Customer (phone, notes): 1 values, would re-encrypt 1" in output
    assert _raw(Customer, customer.pk, "phone") == before


def test_rotation_refuses_a_batch_size_below_one():
    with pytest.raises(CommandError, match="batch-size"):
        _rotate("--batch-size", "0")


def test_rotation_of_a_value_no_key_opens_names_the_row_not_the_value(settings):
    # given
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_A]
    customer = Customer.objects.create(phone=PHONE)
    settings.PRIVACY_ENCRYPTION_KEYS = [KEY_B]

    # when
    with pytest.raises(DecryptionError) as error:
        _rotate()

    # then
    assert f"testapp.Customer.phone (pk {customer.pk})" in str(error.value)
    assert PHONE not in str(error.value)


def test_encrypted_fields_deconstruct_to_their_own_path():
    # when
    _name, path, _args, kwargs = EncryptedCharField(max_length=32, blank=True).deconstruct()

    # then
    assert path == "privacy.encryption.EncryptedCharField"
    assert kwargs == {"max_length": 32, "blank": True}


def test_the_test_models_need_no_new_migration():
    call_command("makemigrations", "testapp", "--check", "--dry-run", verbosity=0)
