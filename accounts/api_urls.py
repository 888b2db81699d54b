"""API routes of the accounts app, mounted under ``/api/v1/``."""

from django.urls import path

from accounts.api import ProfileView, SignOutEverywhereView

urlpatterns = [
    path("me/", ProfileView.as_view(), name="me"),
    path("me/sign-out-everywhere/", SignOutEverywhereView.as_view(), name="me-sign-out-everywhere"),
]
