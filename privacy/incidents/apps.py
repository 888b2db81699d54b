from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    """Incident notices to the users a security incident concerns (F4): a part of the privacy app."""

    name = "privacy.incidents"
    label = "incidents"
    verbose_name = "Privacy: incident notices"
