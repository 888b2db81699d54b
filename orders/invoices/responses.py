"""The HTTP answer that hands out a document as a PDF attachment (website, API and admin alike)."""

from django.http import HttpResponse

from orders.invoices.documents import PDF_CONTENT_TYPE, document_filename, document_pdf
from orders.invoices.models import CreditNote, Invoice


def pdf_attachment(document: Invoice | CreditNote, *, masked_buyer: bool = False) -> HttpResponse:
    """``document`` as a PDF download; never cached by a shared cache (it names the buyer)."""
    response = HttpResponse(document_pdf(document, masked_buyer=masked_buyer), content_type=PDF_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document_filename(document)}"'
    response["Cache-Control"] = "private, no-store"
    return response
