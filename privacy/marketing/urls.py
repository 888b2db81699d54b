"""Website routes of marketing, mounted under ``/privacy/`` in the ``privacy`` namespace (``config/urls.py``)."""

from django.urls import path

from privacy.marketing import views

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe_page, name="unsubscribe"),
]
