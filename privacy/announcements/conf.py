"""Settings of policy change emails, with their defaults."""

from django.conf import settings


def batch_size() -> int:
    """Accounts one mailing task emails before it queues itself again for the rest."""
    return getattr(settings, "PRIVACY_POLICY_EMAIL_BATCH_SIZE", 200)
