"""Catalog pages of the website."""

from django.urls import path

from shop.web import catalog_views

urlpatterns = [
    path("", catalog_views.product_list, name="product-list"),
    path("products/<slug:slug>/", catalog_views.product_detail, name="product-detail"),
    path("for-you/", catalog_views.recommendations_page, name="recommendations"),
]
