"""Settings of retention rules and purge jobs, with their defaults (``core.conf``).

The retention periods themselves are declared once, with each category, in the apps' ``personal_data.py``
(``default_period``); ``PRIVACY_RETENTION_DEFAULTS`` only overrides them, and ops override both in the admin.
"""

from typing import Any

from core.conf import AppSetting, AppSettings


class RetentionSettings(AppSettings):
    PRIVACY_RETENTION_DEFAULTS = AppSetting(
        {},
        "Periods in days per purge category that replace the declaration's default_period (empty: the "
        'declarations rule), e.g. {"history": 90}. Ops override either in the admin (Retention rules).',
    )
    PRIVACY_RETENTION_BATCH_SIZE = AppSetting(
        10_000,
        "Rows per purge batch (one transaction each). Rows are deleted or anonymised in bulk statements, so a "
        "batch of 10,000 takes a fraction of a second and keeps the per-batch overhead (holds, counters, commit) "
        "small; accounts, erased one by one, go in batches of at most PRIVACY_RETENTION_ACCOUNT_BATCH_SIZE.",
    )
    PRIVACY_RETENTION_ACCOUNT_BATCH_SIZE = AppSetting(
        500,
        "Accounts per purge batch at most, whatever the run's batch size: each account is erased on its own "
        "(savepoint, every declared model), so a batch of them must stay well inside the reclaim delay.",
    )
    PRIVACY_RETENTION_BATCH_PAUSE = AppSetting(0.0, "Seconds to pause between purge batches (to spare replicas).")
    PRIVACY_RETENTION_TASK_BUDGET = AppSetting(
        8 * 60, "Seconds a purge task works before it queues itself again for the rest."
    )
    PRIVACY_RETENTION_STALE_AFTER = AppSetting(60, "Minutes without a heartbeat before a run counts as dead.")
    PRIVACY_RETENTION_RECLAIM_AFTER = AppSetting(
        3 * 60,
        "Seconds without a heartbeat after which a running purge run (or a queued one never started) is queued "
        "again by the reclaim sweep (every minute). Each batch beats, so keep this well above the slowest batch.",
    )
    PRIVACY_RETENTION_SCHEDULE = AppSetting(
        "30 3 * * *",
        'When the daily purge starts, as a crontab line in CELERY_TIMEZONE ("minute hour day month weekday").',
    )


retention_settings = RetentionSettings()


def setting(name: str) -> Any:
    """``retention_settings[name]``, kept for the call sites that name the setting as a string."""
    return retention_settings[name]
