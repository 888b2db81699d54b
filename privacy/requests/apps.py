from django.apps import AppConfig


class RequestsConfig(AppConfig):
    """Privacy requests answered by staff within a deadline (G1): a part of the privacy app."""

    name = "privacy.requests"
    label = "privacy_requests"
    verbose_name = "Privacy: requests"
