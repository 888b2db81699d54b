"""History API route, mounted at ``/api/v1/privacy/history/`` (namespace ``api``)."""

from django.urls import path

from shop.api.history import HistoryView

urlpatterns = [
    path("", HistoryView.as_view(), name="privacy-history"),
]
