from importlib import import_module

from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from privacy.encryption import check_encryption_keys

        # Every app's personal_data.py registers its declarations, as admin.py registers ModelAdmins;
        # a wrong declaration raises ImproperlyConfigured here, at startup.
        autodiscover_modules("personal_data")
        # Django's contrib apps have no personal_data.py of their own: the project declares them.
        import_module("privacy.contrib_personal_data")
        checks.register(check_encryption_keys, checks.Tags.security)
        from privacy.admin.checks import check_admins_mask_personal_data

        checks.register(check_admins_mask_personal_data, checks.Tags.admin)

        from privacy.regions import check_email_provider_region

        checks.register(check_email_provider_region, checks.Tags.security)
