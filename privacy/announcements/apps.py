from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    """Emails announcing a material policy change to every account (G5): a part of the privacy app."""

    name = "privacy.announcements"
    label = "announcements"
    verbose_name = "Privacy: policy change emails"

    def ready(self) -> None:
        from privacy.announcements.services import policy_change_mailing_start
        from privacy.extensions import policy_published_handler_register

        policy_published_handler_register(name="announcements.mailing", handler=policy_change_mailing_start)
