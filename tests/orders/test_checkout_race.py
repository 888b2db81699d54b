"""Checkout under contention, on real PostgreSQL: buyers racing for fewer units than there are buyers
never oversell, and one buyer's retries racing each other never place two orders."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Order
from shop.models import ProductVariant
from tests.accounts.factories import UserFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUYERS = 24
UNITS = 5
ADDRESS = {
    "recipient_name": "Zhang San",
    "phone": "13800001111",
    "region": "Beijing",
    "city": "Beijing",
    "street": "1 Chang'an Avenue",
}


def _race(clients: list[APIClient], headers: dict | None = None) -> list[tuple[int, dict]]:
    """Every client posts an order at the same instant; returns (status, body) per client."""
    barrier = threading.Barrier(len(clients))
    results: list[tuple[int, dict] | None] = [None] * len(clients)

    def buy(index: int, client: APIClient) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post("/api/v1/orders/", {"shipping_address": ADDRESS}, **(headers or {}))
            results[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=buy, args=(index, client)) for index, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert all(result is not None for result in results), "a buyer thread did not finish"
    return results  # type: ignore[return-value]


def test_concurrent_buyers_never_oversell():
    # given
    variant = ProductVariantFactory(stock=UNITS)
    clients = []
    for _ in range(BUYERS):
        user = UserFactory()
        CartItemFactory(cart=CartFactory(user=user), variant=variant, quantity=1)
        client = APIClient()
        client.force_login(user)
        clients.append(client)

    # when
    results = _race(clients)

    # then
    statuses = sorted(status for status, _ in results)
    assert statuses.count(201) == UNITS
    assert statuses.count(400) == BUYERS - UNITS
    assert {body["code"] for status, body in results if status == 400} == {"insufficient_stock"}
    assert Order.objects.count() == UNITS
    assert ProductVariant.objects.get(pk=variant.pk).stock == 0


def test_one_buyers_concurrent_retries_with_one_key_place_one_order():
    # given
    variant = ProductVariantFactory(stock=100)
    user = UserFactory()
    CartItemFactory(cart=CartFactory(user=user), variant=variant, quantity=2)
    clients = []
    for _ in range(10):
        client = APIClient()
        client.force_login(user)
        clients.append(client)

    # when
    results = _race(clients, headers={"HTTP_IDEMPOTENCY_KEY": "retry-storm"})

    # then
    assert sorted(status for status, _ in results) == [200] * 9 + [201]
    assert len({body["number"] for _, body in results}) == 1
    assert Order.objects.filter(user=user).count() == 1
    assert ProductVariant.objects.get(pk=variant.pk).stock == 98
