"""Website routes of compromise, mounted under ``/privacy/`` in the ``privacy`` namespace (``config/urls.py``)."""

from django.urls import path

from privacy.compromise import views

urlpatterns = [
    path("compromised/", views.compromised_page, name="compromised"),
    path("compromised/confirm/<str:token>/", views.compromised_confirm_page, name="compromised-confirm"),
]
