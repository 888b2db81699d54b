"""Where personal data is stored, and whether a recipient is across the border (promise E4).

``PRIVACY_STORAGE_REGION`` names the shop's storage region (an ISO 3166 country code, default ``CN``).
Every recipient declares its own region: a carrier in its admin record, the payment provider as its
``region`` attribute, the email provider as ``PRIVACY_EMAIL_PROVIDER_REGION``. Sending personal data to a
recipient whose region differs needs the user's ``cross_border_transfer`` consent, and the disclosure log
marks it ``cross_border``.
"""

from django.core import checks

from privacy.conf import privacy_settings


def storage_region() -> str:
    return str(privacy_settings.PRIVACY_STORAGE_REGION).upper()


def email_provider_region() -> str:
    return str(privacy_settings.PRIVACY_EMAIL_PROVIDER_REGION or storage_region()).upper()


def region_is_cross_border(region: str) -> bool:
    """True when ``region`` is declared and differs from the storage region."""
    return bool(region) and region.upper() != storage_region()


def check_email_provider_region(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every account gets service emails, which cannot wait for a consent: the email provider must be in
    the storage region."""
    if region_is_cross_border(email_provider_region()):
        return [
            checks.Error(
                "The email provider is outside the storage region: every email would send personal data abroad "
                "without the user's consent.",
                hint="Use an email provider in PRIVACY_STORAGE_REGION, or set PRIVACY_EMAIL_PROVIDER_REGION.",
                id="privacy.E401",
            )
        ]
    return []
