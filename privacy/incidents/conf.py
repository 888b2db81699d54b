"""Settings of incident notices, with their defaults (override them in the project settings)."""

from django.conf import settings


def delivery_batch_size() -> int:
    """Recipients one delivery task emails before it queues itself again for the rest."""
    return getattr(settings, "PRIVACY_INCIDENT_BATCH_SIZE", 200)


def preview_size() -> int:
    """How many affected accounts the admin's preview lists (masked) before staff confirm."""
    return getattr(settings, "PRIVACY_INCIDENT_PREVIEW_SIZE", 20)
