"""Settings of marketing campaigns, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class MarketingSettings(AppSettings):
    PRIVACY_MARKETING_BATCH_SIZE = AppSetting(
        500, "Accounts one campaign task considers before it queues itself again for the rest."
    )


marketing_settings = MarketingSettings()


def send_batch_size() -> int:
    return marketing_settings.PRIVACY_MARKETING_BATCH_SIZE
