"""Website routes of third-party binding, mounted at ``/privacy/third-party/``."""

from django.urls import path

from privacy.binding import views

app_name = "binding"

urlpatterns = [
    path("", views.bindings_page, name="list"),
    path("<int:grant_id>/unbind/", views.unbind_page, name="unbind"),
]
