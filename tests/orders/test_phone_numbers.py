"""Phone numbers through the public surfaces: stored as E.164, masked for others, found by admin search hashes,
and the migration that moves address books stored before to the same form."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from core.phone_numbers import phone_e164, phone_mask, phone_normalise
from orders.models import Address
from privacy.hashing import keyed_hash, normalise_phone
from tests.orders.factories import AddressFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("138 1234 5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("0044 20 7946 0958", "+442079460958"),
        ("+1 (415) 555-2671", "+14155552671"),
    ],
)
def test_valid_numbers_are_stored_in_e164(typed, stored):
    assert phone_e164(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "010 1234 5678",  # a Beijing landline: a courier needs a number that reaches the recipient
        "+86 10 1234 5678",
        "1-800-FLOWERS",  # letters are not read as digits
        "+44 20 31",  # too short for the country
        "".join(chr(0xFF10 + int(digit)) for digit in "13812345678"),  # full-width digits: refused, not converted
    ],
)
def test_landlines_of_the_shop_country_and_malformed_numbers_are_refused(typed):
    with pytest.raises(ValidationError) as refused:
        phone_e164(typed)
    assert refused.value.code == "invalid_phone"
    assert typed not in str(refused.value)


def test_the_same_number_typed_two_ways_hashes_alike():
    assert phone_normalise("138 1234 5678") == phone_normalise("+86 138-1234-5678") == "+8613812345678"
    assert keyed_hash("13812345678", normalise=normalise_phone) == keyed_hash(
        "+8613812345678", normalise=normalise_phone
    )


def test_masking_keeps_the_country_code_and_hides_the_middle():
    assert phone_mask("+8613812345678") == "+86 138****5678"
    assert phone_mask("+442079460958") == "+44 ******0958"


def test_the_migration_moves_address_books_stored_before_to_e164():
    # given an address stored the old way: digits as typed, hashed as digits
    address = AddressFactory()
    Address.objects.filter(pk=address.pk).update(phone="13812345678")
    old_hash = "0" * 64
    Address.objects.filter(pk=address.pk).update(phone_hash=old_hash)

    # when
    migration = importlib.import_module("orders.migrations.0009_address_phones_e164")
    migration.addresses_to_e164(apps, None)

    # then the number is E.164 and an admin search for it, typed either way, finds it
    address.refresh_from_db()
    assert address.phone == "+8613812345678"
    assert address.phone_hash == keyed_hash("138 1234 5678", normalise=normalise_phone)
