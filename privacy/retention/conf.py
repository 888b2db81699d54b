"""Defaults of the retention settings added after ``config/settings`` was split (override in settings)."""

from django.conf import settings

DEFAULTS = {
    # Seconds without a heartbeat after which a running purge run (or a queued one never started) is queued again
    # by the reclaim sweep (every minute): a killed worker's run resumes within minutes, not after the broker's
    # one-hour visibility timeout. Each batch beats, so keep this well above the slowest batch.
    "PRIVACY_RETENTION_RECLAIM_AFTER": 3 * 60,
    # Accounts per batch at most, whatever the run's batch size: each account is erased on its own (savepoint,
    # every declared model), so a batch of them must stay well inside the reclaim delay above.
    "PRIVACY_RETENTION_ACCOUNT_BATCH_SIZE": 500,
}


def setting(name: str):
    return getattr(settings, name, DEFAULTS[name])
