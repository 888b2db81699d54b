"""Credit notes: the document of money given back against an invoice.

Other code calls ``credit_note_issue`` whenever it refunds: a whole order (``order_refund``, cancelling a paid
order) or part of one (after-sales returns). A credit note never changes its invoice; what is left to credit is
the invoice minus every earlier credit note, line by line and rate by rate, and no credit note can take more.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, DomainError, NotFound
from core.money import money_round
from orders.codes import ErrorCode
from orders.invoices import conf
from orders.invoices.models import CreditNote, CreditNoteLine, DocumentSeries, Invoice, InvoiceLine, LineKind
from orders.invoices.services.amounts import (
    ZERO,
    breakdown_as_json,
    breakdown_from_rows,
    split_proportionally,
)
from orders.invoices.services.numbering import document_number_take


class InvoiceNotFound(NotFound):
    code = ErrorCode.INVOICE_NOT_FOUND
    default_detail = gettext_lazy("This order has no invoice, so nothing can be credited against it.")


class CreditNoteLineInvalid(DomainError):
    code = ErrorCode.CREDIT_NOTE_LINE_INVALID
    status_code = 400
    default_detail = gettext_lazy("A line to credit is not on the invoice or asks for more than is left to credit.")


class CreditExceedsInvoice(Conflict):
    code = ErrorCode.CREDIT_EXCEEDS_INVOICE
    default_detail = gettext_lazy("The amount to credit is more than what is left to credit on the invoice.")


class CreditNoteEmpty(DomainError):
    code = ErrorCode.CREDIT_NOTE_EMPTY
    status_code = 400
    default_detail = gettext_lazy("There is nothing to credit: the amount is zero.")


@dataclass(frozen=True)
class CreditLine:
    """``quantity`` units of order line ``order_line_id`` given back."""

    order_line_id: int
    quantity: int


@dataclass
class _Left:
    """What is left to credit on one invoice line."""

    line: InvoiceLine
    quantity: int
    discount: Decimal
    gross: Decimal
    tax: Decimal


def _as_credit_line(item: CreditLine | Mapping) -> CreditLine:
    if isinstance(item, CreditLine):
        return item
    try:
        return CreditLine(order_line_id=int(item["order_line_id"]), quantity=int(item["quantity"]))
    except (KeyError, TypeError, ValueError):
        raise CreditNoteLineInvalid(fields={"lines": ["Each line needs an order_line_id and a quantity."]}) from None


def _left_by_invoice_line(invoice: Invoice) -> dict[int, _Left]:
    """Per invoice line id, what earlier credit notes have not credited yet."""
    credited = {
        row["invoice_line"]: row
        for row in CreditNoteLine.objects.filter(invoice_line__invoice=invoice)
        .values("invoice_line")
        .annotate(quantity=Sum("quantity"), discount=Sum("discount"), gross=Sum("gross"), tax=Sum("tax"))
    }
    left = {}
    for line in invoice.lines.all():
        done = credited.get(line.pk, {})
        left[line.pk] = _Left(
            line=line,
            quantity=line.quantity - (done.get("quantity") or 0),
            discount=line.discount - (done.get("discount") or ZERO),
            gross=line.gross - (done.get("gross") or ZERO),
            tax=line.tax - (done.get("tax") or ZERO),
        )
    return left


def _requested_by_invoice_line(requested: list[CreditLine], left: dict[int, _Left]) -> dict[int, int]:
    """Units asked per invoice line, from the callers' order line ids; refuses what is not on the invoice or
    more than is left."""
    by_order_line = {item.line.order_line_id: key for key, item in left.items() if item.line.order_line_id}
    errors = []
    wanted: dict[int, int] = {}
    for item in requested:
        key = by_order_line.get(item.order_line_id)
        if key is None:
            errors.append(f"Order line {item.order_line_id} is not on this invoice.")
            continue
        wanted[key] = wanted.get(key, 0) + item.quantity
    for key, quantity in wanted.items():
        if quantity < 1 or quantity > left[key].quantity:
            errors.append(
                f"Order line {left[key].line.order_line_id}: between 1 and {left[key].quantity} units can be credited."
            )
    if errors:
        raise CreditNoteLineInvalid(fields={"lines": errors})
    return wanted


def _line_credits(wanted: dict[int, int], left: dict[int, _Left]) -> list[CreditNoteLine]:
    """Unsaved credit lines for ``wanted`` units per invoice line; the last units of a line take exactly what is
    left of it, so crediting a line in several steps adds up to the invoice line to the cent."""
    credits = []
    for key, quantity in wanted.items():
        remaining = left[key]
        line = remaining.line
        if quantity == remaining.quantity:
            discount, gross, tax = remaining.discount, remaining.gross, remaining.tax
        else:
            discount = money_round(line.discount * quantity / line.quantity)
            gross = money_round(line.gross * quantity / line.quantity)
            tax = money_round(line.tax * quantity / line.quantity)
        credits.append(
            CreditNoteLine(
                invoice_line=line,
                kind=line.kind,
                description=line.description,
                sku=line.sku,
                quantity=quantity,
                unit_price=line.unit_price,
                discount=discount,
                tax_rate=line.tax_rate,
                net=gross - tax,
                tax=tax,
                gross=gross,
            )
        )
    return credits


def _rates_left(invoice: Invoice) -> dict[Decimal, dict[str, Decimal]]:
    """Per tax rate, the invoice's breakdown minus everything credited so far."""
    left = breakdown_from_rows(invoice.tax_breakdown)
    credited = CreditNoteLine.objects.filter(credit_note__invoice=invoice).values("tax_rate", "net", "tax", "gross")
    for rate, values in breakdown_from_rows({**row, "rate": row["tax_rate"]} for row in credited).items():
        bucket = left.setdefault(rate, {"net": ZERO, "tax": ZERO, "gross": ZERO})
        for key in ("net", "tax", "gross"):
            bucket[key] -= values[key]
    return left


def _adjustment_lines(
    adjustment: Decimal, *, rates_left: dict[Decimal, dict[str, Decimal]], line_credits: list[CreditNoteLine]
) -> list[CreditNoteLine]:
    """Lines for an amount not tied to products (shipping given back, or a deduction when negative), split
    over the tax rates: in proportion to what is left per rate when positive (so crediting all that is left
    clears every rate exactly), in proportion to this note's lines when negative."""
    if adjustment == 0:
        return []
    if adjustment > 0:
        rates = sorted(rate for rate, values in rates_left.items() if values["gross"] > 0)
        weights = [rates_left[rate]["gross"] for rate in rates]
    else:
        by_rate = breakdown_from_rows(
            {"rate": line.tax_rate, "net": line.net, "tax": line.tax, "gross": line.gross} for line in line_credits
        )
        rates = sorted(by_rate)
        weights = [by_rate[rate]["gross"] for rate in rates]
    lines = []
    for rate, gross in zip(rates, split_proportionally(adjustment, weights), strict=True):
        if gross == 0:
            continue
        left = rates_left.get(rate, {"gross": ZERO, "tax": ZERO})
        if adjustment > 0 and left["gross"] > 0:
            tax = money_round(left["tax"] * gross / left["gross"])
        else:
            tax = money_round(gross * rate / (100 + rate))
        lines.append(
            CreditNoteLine(
                kind=LineKind.ADJUSTMENT,
                description="Other amount refunded" if adjustment > 0 else "Deduction from the refund",
                quantity=1,
                unit_price=gross,
                tax_rate=rate,
                net=gross - tax,
                tax=tax,
                gross=gross,
            )
        )
    return lines


def credit_note_issue(
    *,
    order_id: int,
    lines: Sequence[CreditLine | Mapping] | None = None,
    amount: Decimal | None = None,
    reason: str,
    idempotency_key: str | None = None,
) -> CreditNote:
    """Issue a credit note against the invoice of order ``order_id`` and return it.

    - ``lines`` (``CreditLine`` or ``{"order_line_id", "quantity"}``): units given back, credited at the price
      and tax of the invoice line.
    - ``amount``: the gross total of the note, when it differs from the lines' (shipping refunded too, or a
      deduction); the difference is credited over the tax rates. Without lines, the whole amount is.
    - neither: everything still left to credit on the invoice (a full refund).

    Locks the invoice row, so concurrent credit notes of one invoice never credit more than it; the number is
    gapless per year like invoice numbers. With ``idempotency_key``, a retry returns the note already issued.
    Raises ``InvoiceNotFound`` (404), ``CreditNoteLineInvalid`` (400), ``CreditExceedsInvoice`` (409, with
    ``remaining``), ``CreditNoteEmpty`` (400).
    """
    reason = " ".join(reason.split())[:255] or "Refund"
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().filter(order_id=order_id).first()
        if invoice is None:
            raise InvoiceNotFound()
        if idempotency_key:
            existing = CreditNote.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                if existing.invoice_id != invoice.pk:
                    raise Conflict(gettext("This idempotency key was used for another order's credit note."))
                return existing
        credited = invoice.credit_notes.aggregate(total=Sum("total"))["total"] or ZERO
        remaining = invoice.total - credited
        left = _left_by_invoice_line(invoice)
        if lines is None and amount is None:
            # A full refund: every line, shipping included, for what is left of it.
            wanted = {key: item.quantity for key, item in left.items() if item.quantity > 0}
        else:
            wanted = _requested_by_invoice_line([_as_credit_line(item) for item in lines or ()], left)
        line_credits = _line_credits(wanted, left)
        lines_total = sum((line.gross for line in line_credits), ZERO)
        if lines is None and amount is None:
            total = remaining
        else:
            total = money_round(amount if amount is not None else lines_total)
        if total <= 0:
            raise CreditNoteEmpty()
        if total > remaining:
            raise CreditExceedsInvoice(remaining=str(remaining))
        note_lines = line_credits + _adjustment_lines(
            total - lines_total, rates_left=_rates_left(invoice), line_credits=line_credits
        )
        breakdown = breakdown_from_rows(
            {"rate": line.tax_rate, "net": line.net, "tax": line.tax, "gross": line.gross} for line in note_lines
        )
        issued_at = timezone.now()
        year, sequence, number = document_number_take(
            series=DocumentSeries.CREDIT_NOTE, prefix=conf.credit_note_prefix(), at=issued_at
        )
        note = CreditNote.objects.create(
            invoice=invoice,
            number=number,
            year=year,
            sequence=sequence,
            issued_at=issued_at,
            currency=invoice.currency,
            reason=reason,
            idempotency_key=idempotency_key or None,
            net_total=sum((line.net for line in note_lines), ZERO),
            tax_total=sum((line.tax for line in note_lines), ZERO),
            total=total,
            tax_breakdown=breakdown_as_json(breakdown),
            seller=conf.seller(),
        )
        for line in note_lines:
            line.credit_note = note
        CreditNoteLine.objects.bulk_create(note_lines)
    return note


def credit_note_issue_for_refund(*, order_id: int, reason: str) -> CreditNote | None:
    """The credit note of a full refund of order ``order_id``: everything still left to credit on its invoice.

    Returns None, crediting nothing, when the order has no invoice (paid before invoices existed) or when
    earlier credit notes already credited all of it. Call inside the refund's transaction.
    """
    if not Invoice.objects.filter(order_id=order_id).exists():
        return None
    try:
        return credit_note_issue(order_id=order_id, reason=reason)
    except CreditNoteEmpty:
        return None
