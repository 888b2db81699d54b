"""Settings of compromise reports, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class CompromiseSettings(AppSettings):
    PRIVACY_COMPROMISE_LINK_MAX_AGE = AppSetting(
        2 * 24 * 60 * 60, 'Seconds a signed-out user\'s "my account was compromised" email link stays valid.'
    )


compromise_settings = CompromiseSettings()


def link_max_age() -> int:
    return compromise_settings.PRIVACY_COMPROMISE_LINK_MAX_AGE
