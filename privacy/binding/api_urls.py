"""API routes of third-party binding, mounted at ``/api/v1/privacy/third-party-accounts/`` (``api`` namespace)."""

from django.urls import path

from privacy.binding import api

urlpatterns = [
    path("", api.BindingListView.as_view(), name="privacy-third-party-accounts"),
    path("providers/", api.BindingProvidersView.as_view(), name="privacy-third-party-providers"),
    path("<int:grant_id>/", api.BindingDetailView.as_view(), name="privacy-third-party-account"),
]
