"""Website routes of the reviews app, mounted at ``/reviews/`` in the ``reviews`` namespace."""

from django.urls import path

from shop.reviews.web import views

app_name = "reviews"

urlpatterns = [
    path("", views.my_reviews_page, name="mine"),
    path("new/<int:order_line_id>/", views.review_new_page, name="new"),
    path("<int:review_id>/edit/", views.review_edit_page, name="edit"),
    path("<int:review_id>/delete/", views.review_delete_page, name="delete"),
    path("<int:review_id>/report/", views.review_report_page, name="report"),
    path("<int:review_id>/helpful/", views.review_helpful_page, name="helpful"),
]
