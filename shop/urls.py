"""Website routes of the shop app."""

from django.urls import include, path

urlpatterns = [
    path("", include("shop.web.catalog_urls")),
    path("cart/", include("shop.web.cart_urls")),
]
