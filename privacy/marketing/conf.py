"""Settings of marketing campaigns, with their defaults."""

from django.conf import settings


def send_batch_size() -> int:
    """Accounts one campaign task considers before it queues itself again for the rest."""
    return getattr(settings, "PRIVACY_MARKETING_BATCH_SIZE", 500)
