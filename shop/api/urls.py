from django.urls import include, path

urlpatterns = [
    path("", include("shop.api.catalog_urls")),
    path("", include("shop.api.cart_urls")),
]
