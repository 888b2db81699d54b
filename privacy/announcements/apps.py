from django.apps import AppConfig


class AnnouncementsConfig(AppConfig):
    """Emails announcing a material policy change to every account (G5): a part of the privacy app."""

    name = "privacy.announcements"
    label = "announcements"
    verbose_name = "Privacy: policy change emails"
