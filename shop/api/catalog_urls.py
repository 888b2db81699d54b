"""Catalog API routes (mounted under ``/api/v1/``, namespace ``api``)."""

from django.urls import path

from shop.api.catalog import CategoryTreeView, ProductDetailView, ProductListView
from shop.api.recommendations import RecommendationsView

urlpatterns = [
    path("categories/", CategoryTreeView.as_view(), name="category-list"),
    path("products/", ProductListView.as_view(), name="product-list"),
    path("products/<slug:slug>/", ProductDetailView.as_view(), name="product-detail"),
    path("recommendations/", RecommendationsView.as_view(), name="recommendations"),
]
