"""Settings of incident notices, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class IncidentsSettings(AppSettings):
    PRIVACY_INCIDENT_BATCH_SIZE = AppSetting(
        200, "Recipients one delivery task emails before it queues itself again for the rest."
    )
    PRIVACY_INCIDENT_PREVIEW_SIZE = AppSetting(
        20, "How many affected accounts the admin's preview lists (masked) before staff confirm."
    )


incidents_settings = IncidentsSettings()


def delivery_batch_size() -> int:
    return incidents_settings.PRIVACY_INCIDENT_BATCH_SIZE


def preview_size() -> int:
    return incidents_settings.PRIVACY_INCIDENT_PREVIEW_SIZE
