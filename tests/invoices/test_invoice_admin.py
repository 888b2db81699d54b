"""Staff find invoices and credit notes in the admin, read-only and masked, and download their PDFs: in full
(and on the access log) with the permission to reveal personal data, masked without it."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from orders.invoices.services.credit_notes import credit_note_issue
from privacy.models import PiiAccessLog
from tests.accounts.factories import StaffFactory
from tests.invoices.conftest import paid_order, pdf_text

pytestmark = pytest.mark.django_db

TITLE = "杭州示例科技有限公司"


def _client(client, staff):
    client.force_login(staff)
    return client


def _bookkeeper():
    """Staff who may view invoices and credit notes, but not reveal personal data."""
    staff = StaffFactory(is_superuser=False)
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_invoice", "view_creditnote"], content_type__app_label="invoices")
    )
    return staff


def test_the_invoice_list_and_page_show_amounts_and_mask_the_buyer(client):
    # given
    order = paid_order(invoice_title=TITLE, invoice_tax_id="91330100MA2XXXXX1Q")
    staff_client = _client(client, StaffFactory())

    # when
    listing = staff_client.get(reverse("admin:invoices_invoice_changelist"), {"q": order.number})
    page = staff_client.get(reverse("admin:invoices_invoice_change", args=[order.invoice.pk]))

    # then
    assert order.invoice.number in listing.content.decode()
    body = page.content.decode()
    assert page.status_code == 200
    assert str(order.total) in body
    assert TITLE not in body
    assert "91330100MA2XXXXX1Q" not in body
    assert reverse("admin:invoices_invoice_pdf", args=[order.invoice.pk]) in body


def test_staff_who_may_reveal_download_the_full_pdf_and_the_access_is_logged(client):
    # given
    order = paid_order(invoice_title=TITLE)
    staff = StaffFactory()

    # when
    response = _client(client, staff).get(reverse("admin:invoices_invoice_pdf", args=[order.invoice.pk]))

    # then
    assert response.status_code == 200
    assert TITLE in pdf_text(response.content)
    entry = PiiAccessLog.objects.get(staff=staff)
    assert entry.object_id == str(order.invoice.buyer.pk)
    assert "tax_id" in entry.fields


def test_staff_without_the_reveal_permission_get_the_buyer_masked(client):
    # given
    order = paid_order(invoice_title=TITLE)
    note = credit_note_issue(order_id=order.pk, amount=Decimal("1.00"), reason="Goodwill")
    staff_client = _client(client, _bookkeeper())

    # when
    invoice_pdf = staff_client.get(reverse("admin:invoices_invoice_pdf", args=[order.invoice.pk]))
    note_pdf = staff_client.get(reverse("admin:invoices_creditnote_pdf", args=[note.pk]))

    # then
    assert invoice_pdf.status_code == note_pdf.status_code == 200
    for text in (pdf_text(invoice_pdf.content), pdf_text(note_pdf.content)):
        assert TITLE not in text
        assert "杭*" in text
    assert not PiiAccessLog.objects.exists()


def test_staff_without_the_view_permission_cannot_download(client):
    order = paid_order()

    response = _client(client, StaffFactory(is_superuser=False)).get(
        reverse("admin:invoices_invoice_pdf", args=[order.invoice.pk])
    )

    assert response.status_code == 403


def test_the_order_page_links_to_its_invoice(client):
    order = paid_order()

    page = _client(client, StaffFactory()).get(reverse("admin:orders_order_change", args=[order.pk]))

    assert page.status_code == 200
    body = page.content.decode()
    assert order.invoice.number in body
    assert reverse("admin:invoices_invoice_pdf", args=[order.invoice.pk]) in body
