"""Oscar's shop at ``/`` and django-oscar-api at ``/api/``, as their documentation wires them."""

from django.apps import apps
from django.urls import include, path

urlpatterns = [
    path("api/", include("oscarapi.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
