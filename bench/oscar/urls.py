"""Oscar's shop at ``/`` and django-oscar-api at ``/api/``, as their documentation wires them."""

from django.apps import apps
from django.urls import include, path

urlpatterns = [
    # Oscar's base template offers the language switcher.
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/", include("oscarapi.urls")),
    path("", include(apps.get_app_config("oscar").urls[0])),
]
