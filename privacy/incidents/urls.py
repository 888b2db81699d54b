"""Website routes of incidents, mounted under ``/privacy/`` in the ``privacy`` namespace (``config/urls.py``)."""

from django.urls import path

from privacy.incidents import views

urlpatterns = [
    path("incidents/", views.incidents_page, name="incidents"),
    path("incidents/public/", views.incidents_public_page, name="incidents-public"),
    path("incidents/<int:delivery_id>/acknowledge/", views.incident_acknowledge_page, name="incident-acknowledge"),
]
