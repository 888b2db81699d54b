"""Reads of compromise reports."""

from privacy.compromise.models import CompromiseReport


def account_is_locked(*, user_id: int) -> bool:
    """True while a compromise report of ``user_id`` is open (no new password chosen since). One query."""
    return CompromiseReport.objects.filter(user_id=user_id, resolved_at__isnull=True).exists()
