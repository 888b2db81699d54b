"""API routes of cancellation, mounted at ``/api/v1/privacy/`` (names in the ``api`` namespace, ``config/urls.py``)."""

from django.urls import path

from privacy.cancellation import api

urlpatterns = [
    path("cancellation/", api.CancellationAPIView.as_view(), name="privacy-cancellation"),
]
