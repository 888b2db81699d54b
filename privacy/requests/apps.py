from django.apps import AppConfig


class RequestsConfig(AppConfig):
    """Privacy requests answered by staff within a deadline (G1): a part of the privacy app."""

    name = "privacy.requests"
    label = "privacy_requests"
    verbose_name = "Privacy: requests"

    def ready(self) -> None:
        from privacy.extensions import centre_summary_register
        from privacy.requests.centre import requests_centre_summary

        centre_summary_register(name="requests", summary=requests_centre_summary)
