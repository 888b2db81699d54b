from django.apps import AppConfig


class CompromiseConfig(AppConfig):
    """ "My account was compromised" (G6): a part of the privacy app with its own migrations."""

    name = "privacy.compromise"
    label = "compromise"
    verbose_name = "Privacy: compromised accounts"

    def ready(self) -> None:
        from allauth.account.signals import password_reset

        from privacy.compromise.receivers import close_reports_on_password_reset

        password_reset.connect(close_reports_on_password_reset, dispatch_uid="privacy_compromise_password_reset")
