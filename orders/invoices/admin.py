"""Admin for invoices and credit notes: read-only (documents are issued by the services, never edited), with
a PDF download on each.

The buyer block is masked on these pages. A PDF downloaded by staff who may reveal personal data shows the
buyer in full and is written to the personal-data access log first; anyone else's copy shows it masked.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from unfold.admin import ModelAdmin, TabularInline

from orders.invoices.documents import BUYER_FIELDS, buyer_masked_value
from orders.invoices.models import CreditNote, CreditNoteLine, Invoice, InvoiceBuyer, InvoiceLine
from orders.invoices.responses import pdf_attachment
from privacy.services.pii_access import may_reveal_pii, pii_access_record

DOWNLOAD_REASON = "Downloaded the PDF of an invoice or credit note in the admin"


class ReadOnlyInline(TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class InvoiceLineInline(ReadOnlyInline):
    model = InvoiceLine
    fields = ("kind", "description", "sku", "quantity", "unit_price", "tax_rate", "net", "tax", "gross")
    readonly_fields = fields


class CreditNoteLineInline(InvoiceLineInline):
    model = CreditNoteLine


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ("number", "issued_at", "reason", "total", "pdf")
    readonly_fields = fields
    show_change_link = True

    @admin.display(description="PDF")
    def pdf(self, note: CreditNote) -> str:
        return format_html('<a href="{}">Download</a>', reverse("admin:invoices_creditnote_pdf", args=[note.pk]))


def _buyer(invoice: Invoice) -> InvoiceBuyer | None:
    try:
        return invoice.buyer
    except InvoiceBuyer.DoesNotExist:
        return None


def _download(request: HttpRequest, document: Invoice | CreditNote) -> HttpResponse:
    invoice = document.invoice if isinstance(document, CreditNote) else document
    buyer = _buyer(invoice)
    if buyer is not None and may_reveal_pii(request.user):
        pii_access_record(staff=request.user, obj=buyer, field_names=BUYER_FIELDS, reason=DOWNLOAD_REASON)
        return pdf_attachment(document)
    return pdf_attachment(document, masked_buyer=True)


class DocumentAdmin(ModelAdmin):
    """What the invoice and credit-note pages share: read-only, never added or deleted, a PDF link."""

    date_hierarchy = "issued_at"
    show_full_result_count = False

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="PDF")
    def pdf(self, document) -> str:
        name = f"admin:invoices_{document._meta.model_name}_pdf"
        return format_html('<a class="button" href="{}">Download PDF</a>', reverse(name, args=[document.pk]))

    def get_urls(self):
        name = f"invoices_{self.model._meta.model_name}_pdf"
        view = self.admin_site.admin_view(self.pdf_view)
        return [path("<int:object_id>/pdf/", view, name=name), *super().get_urls()]

    def pdf_view(self, request: HttpRequest, object_id: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        return _download(request, get_object_or_404(self.document_queryset(), pk=object_id))

    def document_queryset(self):
        return self.model.objects.all()


@admin.register(Invoice)
class InvoiceAdmin(DocumentAdmin):
    list_display = ("number", "issued_at", "order", "total", "tax_total", "currency", "pdf")
    list_select_related = ("order",)
    search_fields = ("=number", "=order__number")
    inlines = (InvoiceLineInline, CreditNoteInline)
    fieldsets = (
        (None, {"fields": ("number", "issued_at", "order", "pdf")}),
        ("Bill to", {"fields": ("buyer_name", "buyer_tax_id", "buyer_address")}),
        (
            "Amounts",
            {
                "fields": (
                    "currency",
                    "prices_include_tax",
                    "subtotal",
                    "discount_total",
                    "voucher_code",
                    "shipping_total",
                    "shipping_method_name",
                    "net_total",
                    "tax_total",
                    "total",
                    "tax_breakdown",
                )
            },
        ),
        ("Seller", {"fields": ("seller",)}),
    )
    readonly_fields = (
        "number",
        "issued_at",
        "order",
        "pdf",
        "buyer_name",
        "buyer_tax_id",
        "buyer_address",
        "currency",
        "prices_include_tax",
        "subtotal",
        "discount_total",
        "voucher_code",
        "shipping_total",
        "shipping_method_name",
        "net_total",
        "tax_total",
        "total",
        "tax_breakdown",
        "seller",
    )

    def document_queryset(self):
        return Invoice.objects.select_related("order", "buyer").prefetch_related("lines")

    def _buyer_value(self, invoice: Invoice, *names: str) -> str:
        buyer = _buyer(invoice)
        if buyer is None:
            return "Removed at the end of the statutory period"
        values = [buyer_masked_value(buyer, name) for name in names]
        return ", ".join(str(value) for value in values if value) or "-"

    @admin.display(description="Name or invoice title")
    def buyer_name(self, invoice: Invoice) -> str:
        return self._buyer_value(invoice, "name")

    @admin.display(description="Tax id")
    def buyer_tax_id(self, invoice: Invoice) -> str:
        return self._buyer_value(invoice, "tax_id")

    @admin.display(description="Address")
    def buyer_address(self, invoice: Invoice) -> str:
        return self._buyer_value(invoice, "street", "district", "city", "region", "postcode")


@admin.register(CreditNote)
class CreditNoteAdmin(DocumentAdmin):
    list_display = ("number", "issued_at", "invoice", "reason", "total", "currency", "pdf")
    list_select_related = ("invoice",)
    search_fields = ("=number", "=invoice__number", "=invoice__order__number")
    inlines = (CreditNoteLineInline,)
    fields = (
        "number",
        "issued_at",
        "invoice",
        "pdf",
        "reason",
        "currency",
        "net_total",
        "tax_total",
        "total",
        "tax_breakdown",
    )
    readonly_fields = fields

    def document_queryset(self):
        return CreditNote.objects.select_related("invoice__order", "invoice__buyer").prefetch_related("lines")
