"""A user's report that their account was compromised (promise G6), and what the shop did at once."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class ReportChannel(models.TextChoices):
    SIGNED_IN = "signed_in", gettext_lazy("Signed in, on the website")
    API = "api", gettext_lazy("Signed in, in the app")
    EMAIL_LINK = "email_link", gettext_lazy("Signed out, by email link")


class CompromiseReport(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="compromise_reports"
    )
    channel = models.CharField(max_length=12, choices=ReportChannel.choices)
    reported_at = models.DateTimeField(default=timezone.now, db_index=True)
    sessions_ended = models.PositiveIntegerField(default=0, help_text="Website sessions and app tokens ended.")
    reset_email_sent = models.BooleanField(default=False)
    resolved_at = models.DateTimeField(
        null=True, blank=True, help_text="When the user chose a new password, which unlocked the account."
    )

    class Meta:
        ordering = ("-reported_at", "-id")

    def __str__(self) -> str:
        return f"Compromise report #{self.pk}"
