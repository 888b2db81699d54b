"""Website routes of the orders app, mounted at ``/orders/`` in the ``orders`` namespace."""

from django.urls import path

from orders.invoices import views as invoice_views
from orders.returns.views import order_return_request_page
from orders.web import guest_views, views

app_name = "orders"

urlpatterns = [
    path("", views.order_list_page, name="order-list"),
    path("checkout/", views.checkout, name="checkout"),
    path("guest/checkout/", guest_views.guest_checkout, name="guest-checkout"),
    path("guest/claim/", views.guest_orders_claim_page, name="guest-claim"),
    path("guest/erasure/", guest_views.guest_erasure_request_page, name="guest-erasure"),
    path("guest/erasure/<str:token>/", guest_views.guest_erasure_confirm_page, name="guest-erasure-confirm"),
    path("guest/<str:token>/", guest_views.guest_order_page, name="guest-order"),
    path("guest/<str:token>/pay/", guest_views.guest_order_pay, name="guest-order-pay"),
    path("addresses/", views.address_book, name="address-book"),
    path("addresses/<int:address_id>/", views.address_edit, name="address-edit"),
    path("addresses/<int:address_id>/delete/", views.address_remove, name="address-delete"),
    path("<str:number>/", views.order_detail_page, name="order-detail"),
    path("<str:number>/pay/", views.order_pay_page, name="order-pay"),
    path("<str:number>/payment-return/", views.order_payment_return_page, name="payment-return"),
    path("<str:number>/cancel/", views.order_cancel_page, name="order-cancel"),
    path("<str:number>/invoice/", invoice_views.invoice_download, name="invoice-download"),
    path(
        "<str:number>/credit-notes/<str:credit_note_number>/",
        invoice_views.credit_note_download,
        name="credit-note-download",
    ),
    path("<str:number>/returns/", order_return_request_page, name="order-return"),
]
