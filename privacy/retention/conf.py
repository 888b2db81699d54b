"""Defaults of the retention settings added after ``config/settings`` was split (override in settings)."""

from django.conf import settings

DEFAULTS = {
    # Seconds without a heartbeat after which a running purge run (or a queued one never started) is queued again
    # by the reclaim sweep (every minute): a killed worker's run resumes within minutes, not after the broker's
    # one-hour visibility timeout. Each batch beats, so keep this well above the slowest batch.
    "PRIVACY_RETENTION_RECLAIM_AFTER": 3 * 60,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
