"""API routes of incidents, mounted at ``/api/v1/privacy/`` (names in the ``api`` namespace, ``config/urls.py``)."""

from django.urls import path

from privacy.incidents import api

urlpatterns = [
    path("incident-notices/", api.IncidentNoticeListView.as_view(), name="privacy-incident-notices"),
    path(
        "incident-notices/<int:delivery_id>/acknowledge/",
        api.IncidentAcknowledgeView.as_view(),
        name="privacy-incident-notice-acknowledge",
    ),
]
