"""Invoices and credit notes as PDF files (WeasyPrint, from ``templates/invoices/document.html``).

Nothing is stored: the PDF is rendered on each download from the document's frozen data, so it always shows
what the database holds, including the buyer's details being gone once their statutory period has ended.
WeasyPrint needs Pango and fonts from the system (``make install`` and ``.ci/run`` install them).
"""

import logging
from decimal import Decimal

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify

from orders.invoices.models import CreditNote, Invoice, InvoiceBuyer
from orders.invoices.services.amounts import breakdown_from_rows
from privacy.registry import for_model

# WeasyPrint logs every rendering step at INFO: seven lines a download that say nothing an operator needs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

PDF_CONTENT_TYPE = "application/pdf"
# A static file, not a <style> in the template: the site's templates carry no inline styles (CSP).
STYLESHEET = "invoices/document.css"
BUYER_FIELDS = ("name", "tax_id", "street", "district", "city", "region", "postcode", "email")


def _buyer(invoice: Invoice) -> InvoiceBuyer | None:
    try:
        return invoice.buyer
    except InvoiceBuyer.DoesNotExist:
        return None


def _breakdown_rows(rows: list[dict]) -> list[dict[str, Decimal]]:
    return [{"rate": rate, **values} for rate, values in sorted(breakdown_from_rows(rows).items(), reverse=True)]


def _seller_address_lines(seller: dict) -> list[str]:
    return [line for line in (seller.get("address") or "").splitlines() if line.strip()]


def buyer_masked_value(buyer: InvoiceBuyer, name: str) -> str:
    """The buyer's field ``name`` as staff without the reveal permission see it (the registry's mask)."""
    # Imported here: the masking helper lives with the admin machinery, which only staff pages need.
    from privacy.admin.masking import masked_display_value

    personal = for_model(buyer).get_field(name)
    return str(masked_display_value(buyer, personal) or "")


def _masked(buyer: InvoiceBuyer) -> dict[str, str]:
    return {name: buyer_masked_value(buyer, name) for name in BUYER_FIELDS}


def document_context(document: Invoice | CreditNote, *, masked_buyer: bool = False) -> dict:
    """What the template needs to lay out ``document``, an invoice or a credit note; with ``masked_buyer``
    the buyer's details are masked as the admin shows them."""
    is_credit_note = isinstance(document, CreditNote)
    invoice = document.invoice if is_credit_note else document
    buyer = _buyer(invoice)
    lines = list(document.lines.all())
    return {
        "document": document,
        "is_credit_note": is_credit_note,
        "title": "Credit note" if is_credit_note else "Invoice",
        "invoice": invoice,
        "order": invoice.order,
        "seller": document.seller,
        "seller_address_lines": _seller_address_lines(document.seller),
        "buyer": _masked(buyer) if masked_buyer and buyer is not None else buyer,
        "lines": lines,
        "has_discounts": any(line.discount for line in lines),
        "breakdown": _breakdown_rows(document.tax_breakdown),
    }


def document_pdf(document: Invoice | CreditNote, *, masked_buyer: bool = False) -> bytes:
    """``document`` rendered as a PDF file (see ``document_context`` for ``masked_buyer``)."""
    # Imported here: WeasyPrint loads Pango through cffi, which only the download path needs.
    from weasyprint import CSS, HTML

    html = render_to_string("invoices/document.html", document_context(document, masked_buyer=masked_buyer))
    return HTML(string=html).write_pdf(stylesheets=[CSS(filename=finders.find(STYLESHEET))])


def document_filename(document: Invoice | CreditNote) -> str:
    kind = "credit-note" if isinstance(document, CreditNote) else "invoice"
    return f"{kind}-{slugify(document.number)}.pdf"
