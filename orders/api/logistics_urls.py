"""Logistics API routes, under ``/api/v1/`` in the ``api`` namespace."""

from django.urls import path

from orders.api.logistics import CarrierWebhookView

urlpatterns = [
    path("logistics/webhooks/<slug:carrier_slug>/", CarrierWebhookView.as_view(), name="logistics-carrier-webhook"),
]
