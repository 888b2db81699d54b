from django.apps import AppConfig


class CancellationConfig(AppConfig):
    """Account cancellation and erasure (D4, C4): a part of the privacy app with its own migrations."""

    name = "privacy.cancellation"
    label = "cancellation"
    verbose_name = "Privacy: account cancellation"

    def ready(self) -> None:
        from privacy.cancellation.centre import cancellation_centre_summary
        from privacy.cancellation.selectors import cancellation_pending_exists
        from privacy.extensions import centre_summary_register, site_notice_register

        site_notice_register(name="cancellation_pending", check=cancellation_pending_exists)
        centre_summary_register(name="cancellation", summary=cancellation_centre_summary)
