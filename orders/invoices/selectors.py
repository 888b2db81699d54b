"""Invoice and credit-note reads: a buyer sees only the documents of their own orders; staff see all."""

from django.db.models import Prefetch
from django.utils.translation import gettext, gettext_lazy

from core.errors import NotFound
from orders.codes import ErrorCode
from orders.invoices.models import CreditNote, Invoice

_DOCUMENT_RELATIONS = ("order", "buyer")


class DocumentNotFound(NotFound):
    code = ErrorCode.INVOICE_NOT_FOUND
    default_detail = gettext_lazy("This order has no invoice yet: one is issued when the order is paid.")


def invoice_get_for_buyer(*, user, order_number: str) -> Invoice:
    """The invoice of ``user``'s order ``order_number``, with its lines and credit notes (three queries).
    Raises ``DocumentNotFound`` when the order is not ``user``'s or has no invoice."""
    if not getattr(user, "is_authenticated", False):
        raise DocumentNotFound()
    invoice = (
        Invoice.objects.filter(order__user=user, order__number=order_number)
        .select_related(*_DOCUMENT_RELATIONS)
        .prefetch_related("lines", Prefetch("credit_notes", queryset=CreditNote.objects.order_by("issued_at", "id")))
        .first()
    )
    if invoice is None:
        raise DocumentNotFound()
    return invoice


def credit_note_get_for_buyer(*, user, order_number: str, credit_note_number: str) -> CreditNote:
    """``user``'s credit note ``credit_note_number`` of order ``order_number``. Raises ``DocumentNotFound``
    (code ``credit_note_not_found``) for anyone else's."""
    if not getattr(user, "is_authenticated", False):
        raise DocumentNotFound(gettext("There is no such credit note."), code="credit_note_not_found")
    note = (
        CreditNote.objects.filter(
            invoice__order__user=user, invoice__order__number=order_number, number=credit_note_number
        )
        .select_related("invoice__order", "invoice__buyer")
        .prefetch_related("lines")
        .first()
    )
    if note is None:
        raise DocumentNotFound(gettext("There is no such credit note."), code="credit_note_not_found")
    return note


def order_documents(*, order) -> tuple[Invoice | None, list[CreditNote]]:
    """The invoice of ``order`` (None before payment) and its credit notes, oldest first (two queries)."""
    invoice = (
        Invoice.objects.filter(order=order)
        .prefetch_related(Prefetch("credit_notes", queryset=CreditNote.objects.order_by("issued_at", "id")))
        .first()
    )
    return invoice, (list(invoice.credit_notes.all()) if invoice else [])


def invoice_get_for_staff(*, invoice_id: int) -> Invoice:
    invoice = Invoice.objects.select_related(*_DOCUMENT_RELATIONS).prefetch_related("lines").filter(pk=invoice_id)
    found = invoice.first()
    if found is None:
        raise DocumentNotFound(gettext("There is no such invoice."))
    return found


def credit_note_get_for_staff(*, credit_note_id: int) -> CreditNote:
    found = (
        CreditNote.objects.select_related("invoice__order", "invoice__buyer")
        .prefetch_related("lines")
        .filter(pk=credit_note_id)
        .first()
    )
    if found is None:
        raise DocumentNotFound(gettext("There is no such credit note."), code="credit_note_not_found")
    return found
