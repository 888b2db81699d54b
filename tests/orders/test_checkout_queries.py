"""What placing an order costs the database: a bounded number of queries with shipping, tax and a voucher,
the same for one line or ten (issue 18: at most 12 per order, down from 31), and the pricing snapshot that
makes it so never serves a price the merchant has changed."""

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from orders.models import Order
from shop.promotions.models import VoucherUsage
from tests.accounts.factories import UserFactory
from tests.orders.factories import AddressFactory
from tests.pricing.factories import SaleFactory, VoucherFactory, method_with_bands, standard_tax_setup
from tests.shop.factories import CartFactory, CartItemFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

MAX_QUERIES_PER_ORDER = 12


def _counted(queries) -> list[str]:
    """The statements a request sends in production. The test runs inside a transaction, so checkout's own
    transaction is a savepoint here; in production it is BEGIN and COMMIT, which Django does not log."""
    return [query["sql"] for query in queries if not query["sql"].startswith(("SAVEPOINT", "RELEASE SAVEPOINT"))]


def _place(lines, *, method, voucher_code):
    user = UserFactory()
    address = AddressFactory(user=user, is_default=True)
    client = APIClient()
    client.force_login(user)
    cart = CartFactory(user=user)
    for variant, quantity in lines:
        CartItemFactory(cart=cart, variant=variant, quantity=quantity)
    body = {"address": address.pk, "shipping_method": method.pk}
    if voucher_code:
        body["voucher_code"] = voucher_code
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/api/v1/orders/", body, format="json", HTTP_IDEMPOTENCY_KEY=f"key-{user.pk}")
    assert response.status_code == 201, response.json()
    return response.json(), queries


def test_an_order_with_shipping_tax_and_a_voucher_takes_at_most_twelve_queries_whatever_its_size():
    # given
    standard_tax_setup()
    method = method_with_bands(bands=[(None, "8.00")])
    VoucherFactory(code="BENCH5", value=Decimal("5"), max_uses=100, max_uses_per_customer=2)
    variants = [ProductVariantFactory(price=Decimal("10.00"), stock=10) for _ in range(10)]
    _place([(variants[0], 1)], method=method, voucher_code="BENCH5")  # the first order caches the pricing setup

    # when
    one, one_queries = _place([(variants[0], 1)], method=method, voucher_code="BENCH5")
    ten, ten_queries = _place([(variant, 2) for variant in variants], method=method, voucher_code="BENCH5")

    # then
    assert len(_counted(one_queries)) <= MAX_QUERIES_PER_ORDER, "\n".join(_counted(one_queries))
    assert len(_counted(ten_queries)) == len(_counted(one_queries))
    assert one["voucher_code"] == ten["voucher_code"] == "BENCH5"
    assert (one["total"], one["shipping_total"]) == ("17.50", "8.00")  # 10.00 - 5% + 8.00 shipping
    assert [line["quantity"] for line in ten["lines"]] == [2] * 10
    assert [event["kind"] for event in one["events"]] == ["placed"] and one["payments"] == []
    placed = Order.objects.filter(number__in=[one["number"], ten["number"]])
    assert sorted(placed.values_list("lines__quantity", flat=True)) == [1] + [2] * 10
    assert VoucherUsage.objects.filter(voucher__code="BENCH5").count() == 3
    for variant in variants:
        variant.refresh_from_db()
    assert [variant.stock for variant in variants] == [6] + [8] * 9


def test_a_change_to_shipping_tax_or_sales_prices_the_very_next_order():
    # given: an order priced (and the pricing setup cached) before the merchant changes anything
    standard, _reduced = standard_tax_setup()
    method = method_with_bands(bands=[(None, "8.00")])
    variant = ProductVariantFactory(price=Decimal("100.00"), stock=10)
    before, _ = _place([(variant, 1)], method=method, voucher_code="")

    # when: the band's price, the standard rate and a new sale change, as the admin saves them
    band = method.bands.get()
    band.price = Decimal("12.00")
    band.save()
    rate = standard.rates.get()
    rate.rate = Decimal("20.00")
    rate.save()
    SaleFactory(products=[variant.product], value=Decimal("10"))
    after, _ = _place([(variant, 1)], method=method, voucher_code="")

    # then
    assert (before["subtotal"], before["shipping_total"], before["tax_total"]) == ("100.00", "8.00", "12.42")
    assert (after["subtotal"], after["shipping_total"]) == ("90.00", "12.00")
    assert [band["rate"] for band in after["tax_breakdown"]] == ["20.00"]


def test_a_sale_that_ends_stops_pricing_orders_without_any_write():
    # given: a sale ending in a moment, cached with the pricing setup
    method = method_with_bands(bands=[(None, "0.00")])
    variant = ProductVariantFactory(price=Decimal("50.00"), stock=10)
    SaleFactory(products=[variant.product], value=Decimal("20"), ends_at=timezone.now() + timedelta(minutes=10))
    during, _ = _place([(variant, 1)], method=method, voucher_code="")

    # when
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        after, _ = _place([(variant, 1)], method=method, voucher_code="")

    # then
    assert (during["subtotal"], after["subtotal"]) == ("40.00", "50.00")
