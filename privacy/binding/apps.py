from django.apps import AppConfig


class BindingConfig(AppConfig):
    """Third-party login bindings and the profile fields each grant allows (A7)."""

    name = "privacy.binding"
    label = "binding"
    verbose_name = "Privacy: third-party bindings"
