from django.apps import AppConfig


class CancellationConfig(AppConfig):
    """Account cancellation and erasure (D4, C4): a part of the privacy app with its own migrations."""

    name = "privacy.cancellation"
    label = "cancellation"
    verbose_name = "Privacy: account cancellation"
