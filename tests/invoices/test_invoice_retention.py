"""Promise G4 on invoices: account erasure keeps what the law requires on the invoice (while the order's own
copy goes), and the retention job removes the buyer's details once the statutory period from the invoice
date is over, and not a day before; the invoice's number, lines and amounts stay."""

from datetime import timedelta

import pytest
from django.utils import timezone

from orders.invoices.documents import document_pdf
from orders.invoices.models import Invoice, InvoiceBuyer
from orders.models import Order, OrderStatus
from privacy.cancellation.services import account_anonymise
from privacy.registry import retention_policy
from tests.invoices.conftest import paid_order, pdf_text
from tests.retention.conftest import NOW, at

pytestmark = [pytest.mark.django_db, pytest.mark.promise("G4")]

TEN_YEARS = timedelta(days=3653)  # 10 years with the most leap days they can hold (3)
DAY = timedelta(days=1)

INVOICE_DETAILS = {
    "invoice_title": "杭州示例科技有限公司",
    "invoice_tax_id": "91330100MA2XXXXX1Q",
    "invoice_email": "ap@example.com",
}


def test_erasing_the_account_keeps_the_invoice_details_and_blanks_the_orders():
    # given: a paid order, since delivered and completed (an order on its way blocks erasure)
    order = paid_order(**INVOICE_DETAILS)
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.COMPLETED, completed_at=timezone.now())

    # when
    result = account_anonymise(user_id=order.user_id, trigger="cessation")

    # then
    assert result.anonymised
    order.refresh_from_db()
    assert (order.invoice_title, order.invoice_tax_id, order.invoice_email, order.street) == ("", "", "", "")
    buyer = InvoiceBuyer.objects.get(invoice__order=order)
    assert (buyer.name, buyer.tax_id, buyer.email) == (
        INVOICE_DETAILS["invoice_title"],
        INVOICE_DETAILS["invoice_tax_id"],
        INVOICE_DETAILS["invoice_email"],
    )
    assert buyer.street.endswith("Flat 301")
    assert "杭州示例科技有限公司" in pdf_text(document_pdf(Invoice.objects.get(order=order)))


def test_the_retention_job_removes_buyer_details_after_the_statutory_period(purge):
    # given: one invoice just past ten years, one a day short of it
    with at(NOW - TEN_YEARS - DAY):
        old = paid_order(**INVOICE_DETAILS).invoice
    with at(NOW - TEN_YEARS + DAY * 2):
        recent = paid_order(**INVOICE_DETAILS).invoice

    # when
    run = purge("invoice_buyer")

    # then
    assert (run.examined, run.deleted) == (1, 1)
    assert not InvoiceBuyer.objects.filter(invoice=old).exists()
    assert InvoiceBuyer.objects.filter(invoice=recent).exists()
    old.refresh_from_db()
    assert old.total == old.order.total
    assert old.lines.count() == 1
    text = pdf_text(document_pdf(Invoice.objects.get(pk=old.pk)))
    assert old.number in text
    assert "杭州示例科技有限公司" not in text
    assert "removed at the end of the statutory retention period" in " ".join(text.split())


def test_the_default_period_is_ten_years_with_their_leap_days():
    assert retention_policy("invoice_buyer").default_period == TEN_YEARS
