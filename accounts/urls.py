"""Website routes of the accounts app (allauth serves its own under ``/accounts/``)."""

from django.urls import path

from accounts.web import profile_page

urlpatterns = [path("", profile_page, name="profile")]
