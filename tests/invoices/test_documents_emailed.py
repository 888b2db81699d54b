"""The buyer gets each document by email as well as on the order page: the invoice with the "payment
received" email, and each refund's credit note with its "refunded" email (a partial refund's note credits
only what that refund gave back)."""

import pytest
from django.core import mail

from orders.models import Order, OrderStatus
from orders.services.refunds import order_refund_partial
from tests.invoices.conftest import pay, pdf_text
from tests.orders.factories import order_with_line

pytestmark = pytest.mark.django_db


def _pdfs(message) -> dict[str, bytes]:
    return {name: content for name, content, mimetype in message.attachments if mimetype == "application/pdf"}


def test_the_payment_email_carries_the_invoice_pdf(django_capture_on_commit_callbacks):
    # given
    order = order_with_line(quantity=2)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        pay(order)

    # then
    order = Order.objects.select_related("invoice").get(pk=order.pk)
    email = next(message for message in mail.outbox if "payment" in message.subject)
    pdfs = _pdfs(email)
    assert list(pdfs) == [f"invoice-{order.invoice.number.lower()}.pdf"]
    text = pdf_text(pdfs[f"invoice-{order.invoice.number.lower()}.pdf"])
    assert order.invoice.number in text
    assert str(order.total) in text


def test_a_partial_refund_email_carries_the_credit_note_of_that_refund(django_capture_on_commit_callbacks):
    # given a delivered order with a line of three units
    order = pay(order_with_line(quantity=3))
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.DELIVERED)
    line = order.lines.get()

    # when one unit is refunded
    with django_capture_on_commit_callbacks(execute=True):
        refund = order_refund_partial(order=order, reason="One arrived torn", lines={line.pk: 1})

    # then the email's credit note credits that unit only, and agrees with the refund to the cent
    email = next(message for message in mail.outbox if "refunded" in message.subject)
    ((name, content),) = _pdfs(email).items()
    note = order.invoice.credit_notes.get()
    assert name == f"credit-note-{note.number.lower()}.pdf"
    assert note.total == refund.amount == line.unit_price
    text = pdf_text(content)
    assert note.number in text and "One arrived torn" in text
    assert str(refund.amount) in text
