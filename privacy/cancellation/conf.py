"""Defaults of the cancellation settings added after ``config/settings`` was split (override in settings)."""

from django.conf import settings

DEFAULTS = {
    # Seconds before an anonymisation that failed with an error (rolled back) is tried again, doubling with
    # each failure up to PRIVACY_CANCELLATION_RETRY_DELAY: a crash is retried within minutes, not an hour.
    "PRIVACY_CANCELLATION_FAILURE_RETRY_DELAY": 2 * 60,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
