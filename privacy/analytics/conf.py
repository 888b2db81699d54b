"""Settings of the view counter and cookie proof, with their defaults."""

from django.conf import settings


def visitor_cookie_name() -> str:
    """The essential cookie holding a visitor's random id, the key of the proof of their cookie choice."""
    return getattr(settings, "PRIVACY_VISITOR_COOKIE_NAME", "privacy_visitor")


def visitor_cookie_max_age() -> int:
    return getattr(settings, "PRIVACY_COOKIE_CONSENT_MAX_AGE", 60 * 60 * 24 * 182)
