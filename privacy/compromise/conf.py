"""Settings of compromise reports, with their defaults."""

from django.conf import settings


def link_max_age() -> int:
    """Seconds a signed-out user's "my account was compromised" email link stays valid."""
    return getattr(settings, "PRIVACY_COMPROMISE_LINK_MAX_AGE", 2 * 24 * 60 * 60)
