"""Settings of the view counter and cookie proof, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings
from privacy.conf import privacy_settings


class AnalyticsSettings(AppSettings):
    PRIVACY_VISITOR_COOKIE_NAME = AppSetting(
        "privacy_visitor",
        "The essential cookie holding a visitor's random id, the key of the proof of their cookie choice.",
    )


analytics_settings = AnalyticsSettings()


def visitor_cookie_name() -> str:
    return analytics_settings.PRIVACY_VISITOR_COOKIE_NAME


def visitor_cookie_max_age() -> int:
    """As long as the cookie choice it proves (``PRIVACY_COOKIE_CONSENT_MAX_AGE``)."""
    return privacy_settings.PRIVACY_COOKIE_CONSENT_MAX_AGE
