"""Issuing the invoice of a paid order."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from core.errors import Conflict, NotFound
from orders.codes import ErrorCode
from orders.invoices import conf
from orders.invoices.models import DocumentSeries, Invoice, InvoiceBuyer, InvoiceLine
from orders.invoices.services.numbering import document_number_take
from orders.invoices.services.order_amounts import order_document_lines, order_totals
from orders.models import Order

# Statuses in which an order has been paid (and so has, or should have, an invoice).
INVOICEABLE_STATUSES = frozenset(
    {"paid", "awaiting_pickup", "shipped", "delivered", "completed", "refunded", "cancelled"}
)


class OrderNotInvoiceable(Conflict):
    code = ErrorCode.ORDER_NOT_INVOICEABLE
    default_detail = gettext_lazy("An invoice is issued only for an order that has been paid.")


def _buyer_for(order: Order) -> InvoiceBuyer:
    return InvoiceBuyer(
        name=order.invoice_title or order.recipient_name,
        tax_id=order.invoice_tax_id,
        street=order.street,
        district=order.district,
        city=order.city,
        region=order.region,
        postcode=order.postcode,
        email=order.invoice_email,
    )


def invoice_issue(*, order_id: int) -> Invoice:
    """Issue the invoice of paid order ``order_id`` and return it; return the existing one if it has one.

    Idempotent. Locks the order row, then takes the next gapless invoice number of the year (see
    ``numbering``) as the last step, in the caller's transaction when there is one (``order_pay`` calls it
    in the transaction that marks the order paid, so a paid order always has its invoice and a rolled-back
    payment gives its number back). Freezes the seller details, the buyer's invoice title, tax id and
    address, every line with its tax, the tax breakdown and the totals, which equal the order's.

    Raises ``NotFound`` for an unknown order, ``OrderNotInvoiceable`` (409) for an order never paid.
    """
    with transaction.atomic():
        order = Order.objects.select_for_update().filter(pk=order_id).first()
        if order is None:
            raise NotFound(gettext("This order does not exist."))
        existing = Invoice.objects.filter(order=order).first()
        if existing is not None:
            return existing
        if order.paid_at is None or order.status not in INVOICEABLE_STATUSES:
            raise OrderNotInvoiceable()
        lines = order_document_lines(order)
        issued_at = timezone.now()
        year, sequence, number = document_number_take(
            series=DocumentSeries.INVOICE, prefix=conf.invoice_prefix(), at=issued_at
        )
        invoice = Invoice.objects.create(
            order=order,
            number=number,
            year=year,
            sequence=sequence,
            issued_at=issued_at,
            currency=order.currency,
            seller=conf.seller(),
            **order_totals(order, lines),
        )
        buyer = _buyer_for(order)
        buyer.invoice = invoice
        buyer.save()
        for line in lines:
            line.invoice = invoice
        InvoiceLine.objects.bulk_create(lines)
    return invoice


def invoices_issue_missing(*, batch_size: int = 500) -> int:
    """Issue the invoice of every paid order that has none (orders paid before invoices existed), oldest
    payment first, each in its own transaction; returns how many were issued. Idempotent: run it again and it
    issues nothing."""
    issued = 0
    while True:
        order_ids = list(
            Order.objects.filter(paid_at__isnull=False, invoice__isnull=True, status__in=INVOICEABLE_STATUSES)
            .order_by("paid_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not order_ids:
            return issued
        for order_id in order_ids:
            invoice_issue(order_id=order_id)
            issued += 1
