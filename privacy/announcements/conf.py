"""Settings of policy change emails, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class AnnouncementsSettings(AppSettings):
    PRIVACY_POLICY_EMAIL_BATCH_SIZE = AppSetting(
        200, "Accounts one mailing task emails before it queues itself again for the rest."
    )


announcements_settings = AnnouncementsSettings()


def batch_size() -> int:
    return announcements_settings.PRIVACY_POLICY_EMAIL_BATCH_SIZE
