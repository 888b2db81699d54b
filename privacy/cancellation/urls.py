"""Website routes of cancellation, mounted under ``/privacy/`` in the ``privacy`` namespace (``config/urls.py``)."""

from django.urls import path

from privacy.cancellation import views

urlpatterns = [
    path("cancellation/", views.cancellation_page, name="cancellation"),
    path("cancellation/revoke/", views.cancellation_revoke_page, name="cancellation-revoke"),
]
