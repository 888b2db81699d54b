"""Routes of the demo carrier, mounted at ``/demo-carrier/``."""

from django.urls import path

from demo.carrier.views import demo_deletion_request, demo_return_pickup_book, demo_shipment_book

app_name = "demo_carrier"
urlpatterns = [
    path("api/shipments/", demo_shipment_book, name="shipments"),
    path("api/deletion-requests/", demo_deletion_request, name="deletion-requests"),
    path("api/return-pickups/", demo_return_pickup_book, name="return-pickups"),
]
