"""API routes of the privacy app, mounted at ``/api/v1/privacy/`` (names live in the ``api`` namespace)."""

from django.urls import path

from privacy.api import views

urlpatterns = [
    path("policy/", views.PolicyCurrentView.as_view(), name="privacy-policy"),
    path("policy/accept/", views.PolicyAcceptView.as_view(), name="privacy-policy-accept"),
    path("policy/versions/", views.PolicyVersionListView.as_view(), name="privacy-policy-versions"),
    path("policy/versions/<str:version>/", views.PolicyVersionDetailView.as_view(), name="privacy-policy-version"),
    path("consents/", views.ConsentsView.as_view(), name="privacy-consents"),
]
