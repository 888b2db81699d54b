from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """What the optional-cookies choice controls (A3, B5): a first-party view counter, and proof of the choice."""

    name = "privacy.analytics"
    label = "analytics"
    verbose_name = "Privacy: cookie choices and view counts"
