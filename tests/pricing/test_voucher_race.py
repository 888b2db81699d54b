"""Buyers racing for a voucher's last uses on real PostgreSQL: exactly the remaining uses are granted.

Checkout locks the voucher row (``SELECT ... FOR UPDATE``) before checking its count; without that lock
every buyer reads the same count, all pass the check, and this test fails with more uses than allowed.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from orders.models import Order
from shop.promotions.models import Voucher, VoucherUsage
from tests.accounts.factories import UserFactory
from tests.pricing.factories import VoucherFactory
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUYERS = 12
USES_LEFT = 3
ADDRESS = {"recipient_name": "Zhang San", "phone": "13800001111", "region": "Beijing", "city": "Beijing", "street": "1"}


def test_buyers_racing_for_the_last_uses_get_exactly_the_uses_left():
    # given: each buyer has their own product, so only the voucher is contended
    VoucherFactory(code="LAST", max_uses=10, used_count=10 - USES_LEFT, value=Decimal("10"))
    clients = []
    for _ in range(BUYERS):
        user = UserFactory()
        CartItemFactory(cart=CartFactory(user=user), variant=ProductVariantFactory(stock=5), quantity=1)
        client = APIClient()
        client.force_login(user)
        clients.append(client)
    barrier = threading.Barrier(BUYERS)
    statuses: list[tuple[int, str] | None] = [None] * BUYERS

    def buy(index: int, client: APIClient) -> None:
        try:
            barrier.wait(timeout=30)
            response = client.post(
                "/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": "LAST"}, format="json"
            )
            statuses[index] = (response.status_code, response.json().get("code", ""))
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=buy, args=(index, client)) for index, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    # then
    assert all(status is not None for status in statuses), "a buyer thread did not finish"
    assert sorted(status for status, _code in statuses).count(201) == USES_LEFT
    assert {code for status, code in statuses if status != 201} == {"voucher_used_up"}
    assert Voucher.objects.get(code="LAST").used_count == 10
    assert VoucherUsage.objects.count() == USES_LEFT
    assert Order.objects.filter(voucher_code="LAST").count() == USES_LEFT
