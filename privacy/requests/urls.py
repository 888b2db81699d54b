"""Website routes of requests, mounted under ``/privacy/`` in the ``privacy`` namespace (``config/urls.py``)."""

from django.urls import path

from privacy.requests import views

urlpatterns = [
    path("requests/", views.request_page, name="requests"),
    path("requests/verify/<str:token>/", views.request_verify_page, name="request-verify"),
]
