"""API routes of compromise, mounted at ``/api/v1/privacy/`` (names in the ``api`` namespace, ``config/urls.py``)."""

from django.urls import path

from privacy.compromise import api

urlpatterns = [
    path("compromised/", api.CompromiseView.as_view(), name="privacy-compromised"),
]
