"""Website downloads: the buyer's invoice and credit notes, linked from the order page.

Another's document, or one not issued, is a 404 (``NotFound``, answered by ``core.web_errors``)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from orders.invoices.responses import pdf_attachment
from orders.invoices.selectors import credit_note_get_for_buyer, invoice_get_for_buyer


@login_required
@require_GET
def invoice_download(request: HttpRequest, number: str) -> HttpResponse:
    return pdf_attachment(invoice_get_for_buyer(user=request.user, order_number=number))


@login_required
@require_GET
def credit_note_download(request: HttpRequest, number: str, credit_note_number: str) -> HttpResponse:
    note = credit_note_get_for_buyer(user=request.user, order_number=number, credit_note_number=credit_note_number)
    return pdf_attachment(note)
