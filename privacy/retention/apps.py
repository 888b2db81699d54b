from django.apps import AppConfig


class RetentionConfig(AppConfig):
    """Retention rules and purge runs (E1): a part of the privacy app with its own migrations."""

    name = "privacy.retention"
    label = "retention"
    verbose_name = "Privacy: retention"
