"""A paid order gets its invoice, in the payment's transaction: number, buyer, lines and totals equal to the
order's; the buyer reads it through the API and the website, nobody else does."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from orders.invoices.models import Invoice
from orders.invoices.services.issuing import OrderNotInvoiceable, invoice_issue
from orders.models import Order, OrderStatus
from orders.services.payment import PaymentDeclined, order_pay
from tests.accounts.factories import UserFactory
from tests.invoices.conftest import paid_order, pdf_text
from tests.orders.factories import order_with_line

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def test_paying_through_the_api_issues_the_invoice_with_the_orders_totals(shopper):
    # given
    order = order_with_line(
        user=shopper, quantity=3, invoice_title="杭州示例科技有限公司", invoice_tax_id="91330100MA2XXXXX1Q"
    )

    # when
    with time_machine.travel("2026-03-14 10:00:00+00:00", tick=False):
        response = _api(shopper).post(reverse("api:order-pay", kwargs={"number": order.number}), {}, format="json")

    # then
    assert response.status_code == 200
    invoice = Invoice.objects.get(order=order)
    order.refresh_from_db()
    assert invoice.number == "INV-2026-000001"
    assert (invoice.year, invoice.sequence) == (2026, 1)
    assert invoice.total == order.total
    assert invoice.subtotal == order.subtotal
    assert sum(line.gross for line in invoice.lines.all()) == order.subtotal
    assert sum(line.net + line.tax for line in invoice.lines.all()) == order.subtotal
    assert invoice.net_total + invoice.tax_total == invoice.total
    assert sum(Decimal(row["gross"]) for row in invoice.tax_breakdown) == invoice.total
    assert [(line.sku, line.quantity) for line in invoice.lines.all()] == [
        (line.sku, line.quantity) for line in order.lines.all()
    ]
    assert invoice.buyer.name == "杭州示例科技有限公司"
    assert invoice.buyer.tax_id == "91330100MA2XXXXX1Q"
    assert invoice.seller["name"]


def test_without_an_invoice_title_the_invoice_is_made_out_to_the_recipient(shopper):
    invoice = Invoice.objects.get(order=paid_order(user=shopper))

    assert invoice.buyer.name == "Wang Xiaoming"
    assert invoice.buyer.tax_id == ""
    assert invoice.buyer.city == "Hangzhou"


def test_issuing_again_returns_the_same_invoice_and_takes_no_number(shopper):
    order = paid_order(user=shopper)
    first = Invoice.objects.get(order=order)

    again = invoice_issue(order_id=order.pk)

    assert again.pk == first.pk
    assert Invoice.objects.count() == 1
    assert paid_order().invoice.sequence == first.sequence + 1


def test_an_unpaid_order_gets_no_invoice(shopper):
    order = order_with_line(user=shopper)

    with pytest.raises(OrderNotInvoiceable):
        invoice_issue(order_id=order.pk)

    response = _api(shopper).get(reverse("api:order-invoice", kwargs={"number": order.number}))
    assert response.status_code == 404
    assert response.json()["code"] == "invoice_not_found"


def test_a_declined_payment_takes_no_invoice_number(shopper):
    # given
    declined = order_with_line(user=shopper)

    # when
    with pytest.raises(PaymentDeclined):
        order_pay(order=declined, actor=shopper, options={"simulate": "decline"})
    paid = paid_order()

    # then
    assert not Invoice.objects.filter(order=declined).exists()
    assert paid.invoice.sequence == 1


def test_numbers_start_again_at_one_each_year():
    with time_machine.travel("2026-12-31 23:00:00+00:00", tick=False):
        last_of_year = paid_order().invoice
    with time_machine.travel("2027-01-01 01:00:00+00:00", tick=False):
        first_of_next = paid_order().invoice

    assert last_of_year.number == "INV-2026-000001"
    assert first_of_next.number == "INV-2027-000001"


def test_the_api_shows_the_buyer_their_invoice_with_lines_and_breakdown(shopper):
    order = paid_order(user=shopper)

    response = _api(shopper).get(reverse("api:order-invoice", kwargs={"number": order.number}))

    assert response.status_code == 200
    body = response.json()
    assert body["number"] == order.invoice.number
    assert body["order_number"] == order.number
    assert Decimal(body["total"]) == order.total
    assert len(body["lines"]) == 1
    assert body["credit_notes"] == []
    assert body["pdf_url"].endswith(f"/api/v1/orders/{order.number}/invoice/pdf/")


def test_the_buyer_downloads_the_pdf_from_the_api(shopper):
    order = paid_order(user=shopper, invoice_title="杭州示例科技有限公司")

    response = _api(shopper).get(reverse("api:order-invoice-pdf", kwargs={"number": order.number}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert f'filename="invoice-{order.invoice.number.lower()}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert order.invoice.number in text
    assert order.number in text
    assert "杭州示例科技有限公司" in text
    assert f"{order.total:,.2f}" in text


def test_the_buyer_downloads_the_pdf_from_the_order_page(shopper):
    # given
    order = paid_order(user=shopper)
    client = _api(shopper)

    # when
    page = client.get(reverse("orders:order-detail", kwargs={"number": order.number}))
    download = client.get(reverse("orders:invoice-download", kwargs={"number": order.number}))

    # then
    assert page.status_code == 200
    assert reverse("orders:invoice-download", kwargs={"number": order.number}) in page.content.decode()
    assert f"Invoice {order.invoice.number}" in page.content.decode()
    assert download.status_code == 200
    assert order.invoice.number in pdf_text(download.content)


def test_nobody_else_reads_or_downloads_the_invoice(shopper):
    # given
    order = paid_order(user=shopper)
    stranger = _api(UserFactory())
    anonymous = APIClient()

    # when / then
    for name in ("api:order-invoice", "api:order-invoice-pdf"):
        url = reverse(name, kwargs={"number": order.number})
        refused = stranger.get(url)
        assert refused.status_code == 404
        assert refused.json()["code"] == "invoice_not_found"
        assert anonymous.get(url).status_code in (401, 403)
    assert stranger.get(reverse("orders:invoice-download", kwargs={"number": order.number})).status_code == 404
    assert APIClient().get(reverse("orders:invoice-download", kwargs={"number": order.number})).status_code == 302


def test_a_pdf_request_that_fails_answers_in_the_error_shape(shopper):
    order = order_with_line(user=shopper, status=OrderStatus.PENDING_PAYMENT)

    response = _api(shopper).get(
        reverse("api:order-invoice-pdf", kwargs={"number": order.number}), HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 404
    assert b"invoice_not_found" in response.content


def test_orders_paid_before_invoices_existed_get_theirs_from_the_command():
    # given: two orders paid without an invoice (as before this feature), and one unpaid
    older = order_with_line(status=OrderStatus.PAID, paid_at=timezone.now() - timedelta(days=2))
    newer = order_with_line(status=OrderStatus.COMPLETED, paid_at=timezone.now() - timedelta(days=1))
    order_with_line()
    out = io.StringIO()

    # when
    call_command("invoices_issue_missing", stdout=out)
    call_command("invoices_issue_missing", stdout=io.StringIO())

    # then
    assert "2 invoice(s) issued." in out.getvalue()
    assert [Invoice.objects.get(order=order).sequence for order in (older, newer)] == [1, 2]
    assert Invoice.objects.count() == 2
    assert Order.objects.filter(invoice__isnull=True).count() == 1
