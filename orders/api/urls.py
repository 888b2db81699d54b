from django.urls import include, path

urlpatterns = [
    path("", include("orders.api.orders_urls")),
    path("", include("orders.api.logistics_urls")),
    path("", include("orders.invoices.api_urls")),
]
