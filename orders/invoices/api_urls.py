"""Invoice API routes, under ``/api/v1/orders/{number}/`` in the ``api`` namespace."""

from django.urls import path

from orders.invoices.api import CreditNotePdfView, InvoiceDetailView, InvoicePdfView

urlpatterns = [
    path("orders/<str:number>/invoice/", InvoiceDetailView.as_view(), name="order-invoice"),
    path("orders/<str:number>/invoice/pdf/", InvoicePdfView.as_view(), name="order-invoice-pdf"),
    path(
        "orders/<str:number>/credit-notes/<str:credit_note_number>/pdf/",
        CreditNotePdfView.as_view(),
        name="order-credit-note-pdf",
    ),
]
