"""Credit notes: a refund or the cancellation of a paid order credits the whole invoice; other code (after-sales)
credits lines or amounts; nothing can credit more than is left, and the buyer downloads every credit note."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from orders.invoices.models import CreditNote, LineKind
from orders.invoices.services.credit_notes import (
    CreditExceedsInvoice,
    CreditLine,
    CreditNoteEmpty,
    CreditNoteLineInvalid,
    InvoiceNotFound,
    credit_note_issue,
)
from orders.models import OrderStatus
from orders.services.refunds import order_refund
from tests.accounts.factories import StaffFactory, UserFactory
from tests.invoices.conftest import paid_order, pdf_text
from tests.orders.factories import OrderLineFactory, order_with_line

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _two_line_paid_order(user=None):
    from tests.invoices.conftest import pay

    order = order_with_line(user=user or UserFactory(), quantity=3)
    OrderLineFactory(order=order, quantity=1, unit_price=Decimal("5.55"), line_total=Decimal("5.55"))
    order.subtotal = order.total = sum(line.line_total for line in order.lines.all())
    order.save(update_fields=["subtotal", "total"])
    return pay(order)


def test_a_refund_issues_a_credit_note_for_the_whole_invoice():
    # given
    order = _two_line_paid_order()

    # when
    order_refund(order=order, actor=StaffFactory(), message="Refused at the door")

    # then
    note = CreditNote.objects.get(invoice__order=order)
    assert note.number.startswith("CN-") and note.number.endswith("-000001")
    assert note.total == order.invoice.total == order.total
    assert note.reason == "Refused at the door"
    assert sum(line.gross for line in note.lines.all()) == note.total
    assert note.net_total + note.tax_total == note.total
    assert note.tax_breakdown == order.invoice.tax_breakdown


def test_cancelling_a_paid_order_through_the_api_credits_it(shopper):
    order = paid_order(user=shopper)

    response = _api(shopper).post(reverse("api:order-cancel", kwargs={"number": order.number}), {}, format="json")

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert CreditNote.objects.get(invoice__order=order).total == order.total


def test_cancelling_an_unpaid_order_issues_no_document(shopper):
    order = order_with_line(user=shopper)

    _api(shopper).post(reverse("api:order-cancel", kwargs={"number": order.number}), {}, format="json")

    assert not CreditNote.objects.exists()


def test_crediting_lines_step_by_step_adds_up_to_the_invoice_to_the_cent():
    # given: 3 units at 19.90 and 1 at 5.55
    order = _two_line_paid_order()
    first, second = order.lines.all()

    # when: one unit of the first line, then another, then the rest of everything
    one = credit_note_issue(order_id=order.pk, lines=[CreditLine(first.pk, 1)], reason="Returned")
    two = credit_note_issue(order_id=order.pk, lines=[{"order_line_id": first.pk, "quantity": 1}], reason="Returned")
    rest = credit_note_issue(order_id=order.pk, reason="Order refunded")

    # then
    assert one.total == two.total == Decimal("19.90")
    assert [(line.sku, line.quantity) for line in rest.lines.all()] == [(first.sku, 1), (second.sku, 1)]
    assert one.total + two.total + rest.total == order.invoice.total
    with pytest.raises(CreditNoteEmpty):
        credit_note_issue(order_id=order.pk, reason="Again")


def test_an_amount_beyond_the_lines_is_credited_as_an_adjustment():
    order = _two_line_paid_order()
    second = order.lines.all()[1]

    note = credit_note_issue(order_id=order.pk, lines=[CreditLine(second.pk, 1)], amount=Decimal("7.00"), reason="x")

    kinds = sorted((line.kind, line.gross) for line in note.lines.all())
    assert kinds == [(LineKind.ADJUSTMENT, Decimal("1.45")), (LineKind.PRODUCT, Decimal("5.55"))]
    assert note.total == Decimal("7.00")


@pytest.mark.parametrize(
    ("request_lines", "amount", "error"),
    [
        ([CreditLine(999_999, 1)], None, CreditNoteLineInvalid),
        ("first:4", None, CreditNoteLineInvalid),
        ("first:0", None, CreditNoteLineInvalid),
        ([{"quantity": 1}], None, CreditNoteLineInvalid),
        (None, Decimal("1000.00"), CreditExceedsInvoice),
        (None, Decimal("0.00"), CreditNoteEmpty),
    ],
)
def test_what_cannot_be_credited_is_refused_with_a_code(request_lines, amount, error):
    order = _two_line_paid_order()
    if isinstance(request_lines, str):
        request_lines = [CreditLine(order.lines.first().pk, int(request_lines.split(":")[1]))]

    with pytest.raises(error):
        credit_note_issue(order_id=order.pk, lines=request_lines, amount=amount, reason="x")

    assert not CreditNote.objects.exists()


def test_an_order_without_invoice_cannot_be_credited():
    order = order_with_line()

    with pytest.raises(InvoiceNotFound) as raised:
        credit_note_issue(order_id=order.pk, reason="x")

    assert raised.value.code == "invoice_not_found"
    assert raised.value.status_code == 404


def test_a_retry_with_the_same_key_returns_the_same_credit_note():
    order = _two_line_paid_order()

    first = credit_note_issue(order_id=order.pk, amount=Decimal("3.00"), reason="x", idempotency_key="rma-1")
    again = credit_note_issue(order_id=order.pk, amount=Decimal("3.00"), reason="x", idempotency_key="rma-1")

    assert again.pk == first.pk
    assert CreditNote.objects.count() == 1


def test_the_buyer_sees_and_downloads_credit_notes_and_nobody_else_does(shopper):
    # given
    order = paid_order(user=shopper)
    note = credit_note_issue(order_id=order.pk, amount=Decimal("5.00"), reason="Late delivery")
    url = reverse("api:order-credit-note-pdf", kwargs={"number": order.number, "credit_note_number": note.number})
    client = _api(shopper)

    # when
    detail = client.get(reverse("api:order-invoice", kwargs={"number": order.number}))
    download = client.get(url)
    page = client.get(reverse("orders:order-detail", kwargs={"number": order.number}))

    # then
    assert [item["number"] for item in detail.json()["credit_notes"]] == [note.number]
    assert detail.json()["credit_notes"][0]["pdf_url"].endswith(url)
    text = pdf_text(download.content)
    assert note.number in text and order.invoice.number in text and "Late delivery" in text
    assert f"Credit note {note.number}" in page.content.decode()
    refused = _api(UserFactory()).get(url)
    assert refused.status_code == 404
    assert refused.json()["code"] == "credit_note_not_found"
