from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    """What the optional-cookies choice controls (A3, B5): a first-party view counter, and proof of the choice."""

    name = "privacy.analytics"
    label = "analytics"
    verbose_name = "Privacy: cookie choices and view counts"

    def ready(self) -> None:
        from privacy.analytics.services import cookie_choice_proof_record
        from privacy.extensions import cookie_choice_recorder_register

        cookie_choice_recorder_register(name="analytics.cookie_proof", handler=cookie_choice_proof_record)
