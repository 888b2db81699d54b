"""API routes of requests, mounted at ``/api/v1/privacy/`` (names in the ``api`` namespace, ``config/urls.py``)."""

from django.urls import path

from privacy.requests import api

urlpatterns = [
    path("requests/", api.PrivacyRequestView.as_view(), name="privacy-requests"),
]
