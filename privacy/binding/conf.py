"""Settings of third-party sign-in and binding, with their defaults (``core.conf``)."""

from core.conf import AppSetting, AppSettings


class BindingSettings(AppSettings):
    PRIVACY_BINDING_PENDING_TTL = AppSetting(
        600, "Seconds a choice of fields made before the redirect waits for the provider to send the user back."
    )
    PRIVACY_BINDING_AVATAR_MAX_BYTES = AppSetting(2 * 1024 * 1024, "Largest avatar fetched from a provider, in bytes.")
    PRIVACY_BINDING_AVATAR_CONNECT_TIMEOUT = AppSetting(5.0, "Seconds to connect to a provider's avatar server.")
    PRIVACY_BINDING_AVATAR_READ_TIMEOUT = AppSetting(10.0, "Seconds to wait for a provider's avatar.")
    PRIVACY_BINDING_AVATAR_ALLOW_PRIVATE_HOSTS = AppSetting(
        False, "Fetch avatars from private addresses: only for tests against a local provider, never in production."
    )


binding_settings = BindingSettings()
