"""Non-ASCII and malformed values in the signature, timestamp, idempotency and request-id headers are
refused with 401 or 400 in the error shape, never a 500 (WSGI hands headers over as Latin-1 text)."""

import json

import pytest
from rest_framework.test import APIClient

from orders.carriers.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, webhook_headers
from orders.models import Order
from tests.accounts.factories import UserFactory
from tests.orders.conftest import CARRIER_SECRET
from tests.orders.factories import AddressFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

BODY = json.dumps({"tracking_number": "T1", "event_id": "e1", "status": "picked_up"}).encode()
HOSTILE_VALUES = ["é" * 8, "\uff21\uff22\uff23", "²³¹", "١٢٣٤٥", "\t \t", "a\x01b", "ÿ" * 200, ""]


def _webhook(carrier, headers):
    return APIClient().post(
        f"/api/v1/logistics/webhooks/{carrier.slug}/", data=BODY, content_type="application/json", headers=headers
    )


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_signature_header_is_401(carrier, value):
    # given a valid timestamp and a hostile signature
    headers = {**webhook_headers(secret=CARRIER_SECRET, body=BODY), SIGNATURE_HEADER: value}

    # when
    response = _webhook(carrier, headers)

    # then
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_signature"


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_timestamp_header_is_401(carrier, value):
    # given a signature computed over the hostile timestamp itself
    signed = webhook_headers(secret=CARRIER_SECRET, body=BODY)
    headers = {**signed, TIMESTAMP_HEADER: value}

    # when
    response = _webhook(carrier, headers)

    # then
    assert response.status_code == 401


@pytest.mark.parametrize("value", HOSTILE_VALUES[:-1])
def test_a_hostile_idempotency_key_is_400_and_places_nothing(value):
    # given a shopper with a cart
    user = UserFactory()
    CartItemFactory(cart=CartFactory(user=user), variant=ProductVariantFactory(stock=5), quantity=1)
    address = AddressFactory(user=user, is_default=True)
    api = APIClient()
    api.force_login(user)

    # when
    response = api.post("/api/v1/orders/", {"address": address.pk}, format="json", headers={"Idempotency-Key": value})

    # then
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["fields"]
    assert not Order.objects.exists()


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_a_hostile_request_id_is_replaced(value):
    # when
    response = APIClient().get("/api/v1/products/", headers={"X-Request-ID": value})

    # then
    assert response.status_code == 200
    assert response["X-Request-ID"] != value
