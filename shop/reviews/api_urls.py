"""Reviews API routes (mounted under ``/api/v1/``, namespace ``api``)."""

from django.urls import path

from shop.reviews.api import views

urlpatterns = [
    path("products/<slug:slug>/reviews/", views.ProductReviewsView.as_view(), name="product-reviews"),
    path("reviews/mine/", views.MyReviewsView.as_view(), name="reviews-mine"),
    path("reviews/<int:review_id>/", views.ReviewDetailView.as_view(), name="review-detail"),
    path("reviews/<int:review_id>/report/", views.ReviewReportView.as_view(), name="review-report"),
    path("reviews/<int:review_id>/helpful/", views.ReviewHelpfulView.as_view(), name="review-helpful"),
]
