from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    """Incident notices to the users a security incident concerns (F4): a part of the privacy app."""

    name = "privacy.incidents"
    label = "incidents"
    verbose_name = "Privacy: incident notices"

    def ready(self) -> None:
        from privacy.extensions import site_notice_register
        from privacy.incidents.selectors import incident_unacknowledged_exists

        site_notice_register(name="incident_notice_pending", check=incident_unacknowledged_exists)
