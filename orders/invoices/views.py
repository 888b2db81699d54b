"""Website downloads: the buyer's invoice and credit notes, linked from the order page."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from core.errors import NotFound
from orders.invoices.responses import pdf_attachment
from orders.invoices.selectors import credit_note_get_for_buyer, invoice_get_for_buyer


@login_required
@require_GET
def invoice_download(request: HttpRequest, number: str) -> HttpResponse:
    try:
        invoice = invoice_get_for_buyer(user=request.user, order_number=number)
    except NotFound as error:
        raise Http404(error.detail) from error
    return pdf_attachment(invoice)


@login_required
@require_GET
def credit_note_download(request: HttpRequest, number: str, credit_note_number: str) -> HttpResponse:
    try:
        note = credit_note_get_for_buyer(user=request.user, order_number=number, credit_note_number=credit_note_number)
    except NotFound as error:
        raise Http404(error.detail) from error
    return pdf_attachment(note)
