"""Settings of account cancellation, anonymisation and erasure, with their defaults (``core.conf``)."""

from pathlib import Path
from typing import Any

from core.conf import AppSetting, AppSettings


class CancellationSettings(AppSettings):
    PRIVACY_CANCELLATION_COOLING_OFF = AppSetting(
        7 * 24 * 60 * 60, "Seconds between a cancellation request and the anonymisation; the user may revoke meanwhile."
    )
    PRIVACY_CANCELLATION_BATCH_SIZE = AppSetting(
        50, "Accounts one run of the due job anonymises before it queues itself again."
    )
    PRIVACY_CANCELLATION_RETRY_DELAY = AppSetting(
        60 * 60,
        "Seconds a due cancellation waits before its next try when postponed (orders in progress, email refused).",
    )
    PRIVACY_CANCELLATION_FAILURE_RETRY_DELAY = AppSetting(
        2 * 60,
        "Seconds before an anonymisation that failed with an error is tried again, doubling with each failure up "
        "to PRIVACY_CANCELLATION_RETRY_DELAY: a crash is retried within minutes, not an hour.",
    )
    PRIVACY_CANCELLATION_EMAIL_ATTEMPTS = AppSetting(
        3, "Tries to send the last email before the account is anonymised without it."
    )
    PRIVACY_RECIPIENT_DELETION_DEADLINE_DAYS = AppSetting(
        30, "Days a recipient of an erased user's data has to confirm the deletion request."
    )
    PRIVACY_RECIPIENT_DELETION_MAX_RETRIES = AppSetting(8, "Times a deletion request a recipient refused is retried.")
    PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF = AppSetting(
        60, "Seconds before the first retry of a deletion request, then twice as long each time."
    )
    PRIVACY_RECIPIENT_DELETION_RETRY_BACKOFF_MAX = AppSetting(
        6 * 3600, "Longest wait, in seconds, between two retries of a deletion request."
    )
    PRIVACY_ERASURE_JOURNAL = AppSetting(
        Path("var/erasure-journal.jsonl"),
        "File of one JSON line per anonymised account (ids only), kept outside the database so that `manage.py "
        "reapply_erasures` knows every erasure after a restore from an older backup; relative to BASE_DIR. "
        "Empty: no journal.",
    )


cancellation_settings = CancellationSettings()


def setting(name: str) -> Any:
    """``cancellation_settings[name]``, kept for the call sites that name the setting as a string."""
    return cancellation_settings[name]
