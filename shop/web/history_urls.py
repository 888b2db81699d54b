"""History page, mounted at ``/privacy/history/`` beside the privacy centre."""

from django.urls import path

from shop.web import history_views

urlpatterns = [
    path("", history_views.history_page, name="history"),
    path("clear/", history_views.history_clear_page, name="history-clear"),
]
