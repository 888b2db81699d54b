"""Invoice API: the buyer reads the invoice of a paid order and its credit notes, and downloads them as PDF.

Another user's order answers 404 exactly like an order without an invoice.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from core.api.schema import error_response
from core.api.views import ApiView
from core.money import DECIMAL_PLACES, MAX_DIGITS
from orders.invoices.models import CreditNote, Invoice, InvoiceLine
from orders.invoices.responses import pdf_attachment
from orders.invoices.selectors import credit_note_get_for_buyer, invoice_get_for_buyer

_MONEY = {"max_digits": MAX_DIGITS, "decimal_places": DECIMAL_PLACES}


class PdfRenderer(BaseRenderer):
    """Lets a client ask for ``Accept: application/pdf``; the views answer the file themselves, and an
    error body is sent as JSON text."""

    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else JSONRenderer().render(data)


class TaxRateSerializer(serializers.Serializer):
    rate = serializers.DecimalField(max_digits=5, decimal_places=2, help_text="Percent.")
    net = serializers.DecimalField(**_MONEY)
    tax = serializers.DecimalField(**_MONEY)
    gross = serializers.DecimalField(**_MONEY)


class DocumentLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoiceLine
        fields = ("kind", "description", "sku", "quantity", "unit_price", "tax_rate", "net", "tax", "gross")


class CreditNoteSerializer(serializers.ModelSerializer):
    lines = DocumentLineSerializer(many=True, read_only=True)
    tax_breakdown = TaxRateSerializer(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = CreditNote
        fields = (
            "number",
            "issued_at",
            "currency",
            "reason",
            "net_total",
            "tax_total",
            "total",
            "tax_breakdown",
            "lines",
            "pdf_url",
        )

    def get_pdf_url(self, note: CreditNote) -> str:
        return reverse(
            "api:order-credit-note-pdf",
            kwargs={"number": note.invoice.order.number, "credit_note_number": note.number},
            request=self.context.get("request"),
        )


class InvoiceSerializer(serializers.ModelSerializer):
    order_number = serializers.CharField(source="order.number", read_only=True)
    lines = DocumentLineSerializer(many=True, read_only=True)
    tax_breakdown = TaxRateSerializer(many=True, read_only=True)
    credit_notes = CreditNoteSerializer(many=True, read_only=True)
    pdf_url = serializers.SerializerMethodField()

    class Meta:
        model = Invoice
        fields = (
            "number",
            "order_number",
            "issued_at",
            "currency",
            "prices_include_tax",
            "shipping_method_name",
            "voucher_code",
            "subtotal",
            "discount_total",
            "shipping_total",
            "net_total",
            "tax_total",
            "total",
            "tax_breakdown",
            "lines",
            "credit_notes",
            "pdf_url",
        )

    def get_pdf_url(self, invoice: Invoice) -> str:
        number = invoice.order.number
        return reverse("api:order-invoice-pdf", kwargs={"number": number}, request=self.context.get("request"))


_INVOICE_404 = error_response("invoice_not_found")
_PDF = OpenApiResponse(
    OpenApiTypes.BINARY, description="The PDF document, as an attachment (`Cache-Control: no-store`)."
)


class InvoiceDetailView(ApiView):
    @extend_schema(
        operation_id="orders_invoice_retrieve",
        tags=["orders"],
        summary="The invoice of one of your orders",
        description="Issued when the order is paid: lines with their tax, the breakdown by rate, totals equal to the "
        "order's, and the credit notes of any refund. `invoice_not_found` before payment or for another's order.",
        responses={200: InvoiceSerializer, 404: _INVOICE_404},
    )
    def get(self, request, number: str):
        invoice = invoice_get_for_buyer(user=request.user, order_number=number)
        return Response(InvoiceSerializer(invoice, context={"request": request}).data)


class InvoicePdfView(ApiView):
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        operation_id="orders_invoice_pdf",
        tags=["orders"],
        summary="Download the invoice of one of your orders as PDF",
        responses={(200, "application/pdf"): _PDF, 404: _INVOICE_404},
    )
    def get(self, request, number: str):
        return pdf_attachment(invoice_get_for_buyer(user=request.user, order_number=number))


class CreditNotePdfView(ApiView):
    renderer_classes = [JSONRenderer, PdfRenderer]

    @extend_schema(
        operation_id="orders_credit_note_pdf",
        tags=["orders"],
        summary="Download a credit note of one of your orders as PDF",
        responses={(200, "application/pdf"): _PDF, 404: error_response("credit_note_not_found")},
    )
    def get(self, request, number: str, credit_note_number: str):
        note = credit_note_get_for_buyer(user=request.user, order_number=number, credit_note_number=credit_note_number)
        return pdf_attachment(note)
