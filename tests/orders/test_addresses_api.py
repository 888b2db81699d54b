"""The address book API: own addresses only, validated phones, exactly one default."""

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Address
from privacy.hashing import keyed_hash, normalise_phone
from tests.accounts.factories import UserFactory
from tests.orders.factories import AddressFactory

pytestmark = pytest.mark.django_db

NEW_ADDRESS = {
    "recipient_name": "Li Lei",
    "phone": "+86 139-0000-1111",
    "region": "Guangdong",
    "city": "Shenzhen",
    "district": "Nanshan",
    "street": "1 Keji Road, Tower B, Floor 12",
    "postcode": "518057",
}


@pytest.fixture
def user():
    return UserFactory()


@pytest.fixture
def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_the_first_address_is_the_default_and_its_phone_is_normalised_hashed_and_encrypted(api, user):
    # when
    response = api.post("/api/v1/addresses/", NEW_ADDRESS)

    # then
    assert response.status_code == 201
    body = response.json()
    assert body["is_default"] is True
    assert body["phone"] == "+8613900001111"
    address = Address.objects.get(pk=body["id"], user=user)
    assert address.phone_hash == keyed_hash("+86 139 0000 1111", normalise=normalise_phone)
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, street FROM orders_address WHERE id = %s", [address.pk])
        stored_phone, stored_street = cursor.fetchone()
    assert "13900001111" not in stored_phone
    assert "Keji" not in stored_street


@pytest.mark.parametrize(
    ("phone", "stored"),
    [
        ("138 1234 5678", "+8613812345678"),
        ("138-1234-5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("008613812345678", "+8613812345678"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_china_mobile_and_international_numbers_are_accepted(api, phone, stored):
    # when
    response = api.post("/api/v1/addresses/", {**NEW_ADDRESS, "phone": phone})

    # then the stored number is E.164 and its search hash is that of the number, however it was typed
    assert response.status_code == 201, response.json()
    assert response.json()["phone"] == stored
    address = Address.objects.get(pk=response.json()["id"])
    assert (address.phone, address.phone_hash) == (stored, keyed_hash(phone, normalise=normalise_phone))


@pytest.mark.parametrize(
    "phone", ["12345", "12812345678", "1381234567", "+86 123 4567 8901", "call me", "+0123456789", ""]
)
def test_an_invalid_phone_is_refused_without_echoing_it(api, phone):
    # when
    response = api.post("/api/v1/addresses/", {**NEW_ADDRESS, "phone": phone})

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "phone" in body["fields"]
    assert not Address.objects.exists()


def test_missing_required_fields_are_reported_by_name(api):
    # when
    response = api.post("/api/v1/addresses/", {"phone": "13812345678"})

    # then
    assert response.status_code == 400
    assert {"recipient_name", "region", "city", "street"} <= set(response.json()["fields"])


def test_asking_for_a_new_default_moves_the_default(api, user):
    # given
    first = AddressFactory(user=user, is_default=True)

    # when
    response = api.post("/api/v1/addresses/", {**NEW_ADDRESS, "is_default": True})

    # then
    assert response.status_code == 201
    first.refresh_from_db()
    assert first.is_default is False
    assert Address.objects.filter(user=user, is_default=True).count() == 1


def test_the_list_shows_only_the_callers_addresses_default_first(api, user):
    # given
    AddressFactory(user=user, is_default=False, recipient_name="Second")
    default = AddressFactory(user=user, is_default=True, recipient_name="Default")
    AddressFactory(recipient_name="Someone else's")

    # when
    response = api.get("/api/v1/addresses/")

    # then
    assert response.status_code == 200
    names = [row["recipient_name"] for row in response.json()]
    assert names == ["Default", "Second"]
    assert response.json()[0]["id"] == default.pk


@pytest.mark.promise("D1")
def test_patch_changes_fields_and_rehashes_the_phone(api, user):
    # given
    address = AddressFactory(user=user, is_default=True)

    # when
    response = api.patch(f"/api/v1/addresses/{address.pk}/", {"phone": "13900002222", "city": "Ningbo"})

    # then
    assert response.status_code == 200
    address.refresh_from_db()
    assert (address.phone, address.city) == ("+8613900002222", "Ningbo")
    assert address.phone_hash == keyed_hash("13900002222", normalise=normalise_phone)
    assert address.recipient_name == "Wang Xiaoming"


def test_patch_with_a_bad_phone_changes_nothing(api, user):
    # given
    address = AddressFactory(user=user, is_default=True)

    # when
    response = api.patch(f"/api/v1/addresses/{address.pk}/", {"phone": "555", "city": "Ningbo"})

    # then
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    address.refresh_from_db()
    assert (address.phone, address.city) == ("13812345678", "Hangzhou")


def test_the_default_cannot_be_unset_directly(api, user):
    # given
    address = AddressFactory(user=user, is_default=True)

    # when
    response = api.patch(f"/api/v1/addresses/{address.pk}/", {"is_default": False})

    # then the address stays the default, in the database too
    assert response.status_code == 200
    assert response.json()["is_default"] is True
    address.refresh_from_db()
    assert address.is_default is True


def test_deleting_the_default_promotes_another_address(api, user):
    # given
    default = AddressFactory(user=user, is_default=True)
    other = AddressFactory(user=user, is_default=False)

    # when
    response = api.delete(f"/api/v1/addresses/{default.pk}/")

    # then
    assert response.status_code == 204
    assert not Address.objects.filter(pk=default.pk).exists()
    other.refresh_from_db()
    assert other.is_default is True


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_users_address_answers_404_and_is_untouched(api, method):
    # given
    theirs = AddressFactory(is_default=True)

    # when
    response = getattr(api, method)(
        f"/api/v1/addresses/{theirs.pk}/", {"city": "Mine now"} if method == "patch" else None
    )

    # then
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    theirs.refresh_from_db()
    assert theirs.city == "Hangzhou"


def test_an_anonymous_caller_is_refused():
    # when
    response = APIClient().get("/api/v1/addresses/")

    # then
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"
