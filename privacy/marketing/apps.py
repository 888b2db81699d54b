from django.apps import AppConfig


class MarketingConfig(AppConfig):
    """Marketing by consent (A3, G2): campaigns per channel, sent only to consenting users, one-click unsubscribe."""

    name = "privacy.marketing"
    label = "marketing"
    verbose_name = "Privacy: marketing"
