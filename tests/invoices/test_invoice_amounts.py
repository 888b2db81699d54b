"""The invoice of an order placed through checkout with two tax rates, a voucher and banded shipping agrees with
the order to the cent, line by line, rate by rate and in total; its PDF shows those amounts; a full refund's
credit note mirrors it exactly."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from core.money import money_sum
from orders.invoices.models import CreditNote, LineKind
from orders.invoices.services.credit_notes import CreditLine, credit_note_issue
from orders.models import Order
from orders.services.refunds import order_refund
from shop.promotions.models import DiscountKind
from tests.accounts.factories import StaffFactory, UserFactory
from tests.invoices.conftest import pdf_text
from tests.pricing.factories import VoucherFactory, method_with_bands, standard_tax_setup
from tests.shop.factories import CartFactory, CartItemFactory, ProductFactory, ProductVariantFactory

pytestmark = pytest.mark.django_db

ADDRESS = {
    "recipient_name": "Han Meimei",
    "phone": "13700001234",
    "region": "Sichuan",
    "city": "Chengdu",
    "street": "99 Tianfu Avenue",
}


@pytest.fixture
def taxed_order() -> tuple[APIClient, Order]:
    """3 shirts at 19.90 (13%) and a book at 45.00 (9%), 10.00 off with a voucher, 12.00 shipping (13%), paid:
    the order of the pricing tests, whose totals were worked out by hand (total 106.70, tax 10.95)."""
    user = UserFactory()
    _standard, reduced = standard_tax_setup()
    shirt = ProductVariantFactory(price=Decimal("19.90"), stock=10)
    book = ProductVariantFactory(price=Decimal("45.00"), stock=10, product=ProductFactory(tax_class=reduced))
    method_with_bands(name="Standard parcel", bands=[("99.00", "12.00"), (None, "8.00")])
    VoucherFactory(code="TENOFF", kind=DiscountKind.FIXED_AMOUNT, value=Decimal("10.00"))
    cart = CartFactory(user=user)
    CartItemFactory(cart=cart, variant=shirt, quantity=3)
    CartItemFactory(cart=cart, variant=book, quantity=1)
    client = APIClient()
    client.force_login(user)
    placed = client.post("/api/v1/orders/", {"shipping_address": ADDRESS, "voucher_code": "tenoff"}, format="json")
    assert placed.status_code == 201, placed.json()
    number = placed.json()["number"]
    paid = client.post(reverse("api:order-pay", kwargs={"number": number}), {}, format="json")
    assert paid.status_code == 200, paid.json()
    return client, Order.objects.get(number=number)


def test_the_invoice_equals_the_order_to_the_cent(taxed_order):
    # given
    client, order = taxed_order

    # when
    body = client.get(reverse("api:order-invoice", kwargs={"number": order.number})).json()
    order_body = client.get(reverse("api:order-detail", kwargs={"number": order.number})).json()

    # then: totals, as the order's own API shows them
    for name in ("subtotal", "shipping_total", "discount_total", "net_total", "tax_total", "total", "voucher_code"):
        assert body[name] == order_body[name], name
    assert body["tax_breakdown"] == order_body["tax_breakdown"]
    assert (body["total"], body["tax_total"]) == ("106.70", "10.95")
    # lines: one per order line, then shipping, adding up to the order's total and breakdown
    invoice = order.invoice
    lines = list(invoice.lines.all())
    assert [line.kind for line in lines] == [LineKind.PRODUCT, LineKind.PRODUCT, LineKind.SHIPPING]
    assert money_sum(line.gross for line in lines) == order.total
    assert money_sum(line.tax for line in lines) == order.tax_total
    assert money_sum(line.unit_price * line.quantity for line in lines) == order.subtotal + order.shipping_total
    assert money_sum(line.discount for line in lines) == order.discount_total
    for line in lines:
        assert line.net + line.tax == line.gross
    for row in invoice.tax_breakdown:
        at_rate = [line for line in lines if line.tax_rate == Decimal(row["rate"])]
        assert str(money_sum(line.gross for line in at_rate)) == row["gross"]
        assert str(money_sum(line.tax for line in at_rate)) == row["tax"]


def test_the_pdf_shows_the_orders_amounts(taxed_order):
    client, order = taxed_order

    text = pdf_text(client.get(reverse("api:order-invoice-pdf", kwargs={"number": order.number})).content)

    for amount in ("106.70", "10.95", "95.75", "104.70", "12.00", "10.00"):
        assert amount in text, amount
    assert "13%" in text and "9%" in text
    assert "TENOFF" in text


def test_a_full_refund_credits_every_line_and_rate_exactly(taxed_order):
    # given
    _client, order = taxed_order

    # when
    order_refund(order=order, actor=StaffFactory(), message="Refunded")

    # then
    note = CreditNote.objects.get(invoice__order=order)
    assert note.total == order.total
    assert note.tax_total == order.tax_total
    assert note.tax_breakdown == order.invoice.tax_breakdown
    assert not note.lines.filter(kind=LineKind.ADJUSTMENT).exists()


def test_a_returned_shirt_then_the_rest_add_up_to_the_invoice(taxed_order):
    # given
    _client, order = taxed_order
    shirt_line = order.lines.get(quantity=3)

    # when
    returned = credit_note_issue(order_id=order.pk, lines=[CreditLine(shirt_line.pk, 1)], reason="Returned: too small")
    rest = credit_note_issue(order_id=order.pk, reason="Order refunded")

    # then: one shirt is a third of the line after its voucher share, tax at 13%
    invoice_line = order.invoice.lines.get(order_line=shirt_line)
    assert returned.total == (invoice_line.gross / 3).quantize(Decimal("0.01"))
    assert returned.tax_breakdown[0]["rate"] == "13.00"
    assert returned.total + rest.total == order.total
    assert returned.tax_total + rest.tax_total == order.tax_total
