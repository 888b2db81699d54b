"""Logistics and payment-provider webhook routes, under ``/api/v1/`` in the ``api`` namespace."""

from django.urls import path

from orders.api.logistics import CarrierWebhookView
from orders.api.payments import PaymentWebhookView

urlpatterns = [
    path("logistics/webhooks/<slug:carrier_slug>/", CarrierWebhookView.as_view(), name="logistics-carrier-webhook"),
    path("payments/webhooks/<slug:provider_name>/", PaymentWebhookView.as_view(), name="payment-webhook"),
]
