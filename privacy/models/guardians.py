"""Guardians' consents for minors' accounts (promise A8), a module of ``privacy.models``."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class GuardianConsentStatus(models.TextChoices):
    REQUESTED = "requested", gettext_lazy("Requested")
    CONFIRMED = "confirmed", gettext_lazy("Confirmed")


class GuardianConsentMethod(models.TextChoices):
    EMAIL = "email", gettext_lazy("Guardian confirmed by email link")
    STAFF = "staff", gettext_lazy("Recorded by staff with evidence")


class GuardianConsent(models.Model):
    """A guardian's consent for a minor's account (A8). Until one is confirmed the account is restricted."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="guardian_consents")
    guardian_name = models.CharField(max_length=100, blank=True)
    guardian_email = models.EmailField(blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    status = models.CharField(
        max_length=10, choices=GuardianConsentStatus.choices, default=GuardianConsentStatus.REQUESTED
    )
    method = models.CharField(max_length=10, choices=GuardianConsentMethod.choices)
    evidence = models.TextField(blank=True, help_text="What staff saw, for example a signed form's reference.")
    # What the guardian declared when confirming by link, word for word, and which optional purposes
    # (personalisation, marketing) they approved for the minor (A8): the minor may switch on only those.
    declaration = models.TextField(blank=True, editable=False)
    approved_purposes = models.JSONField(default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return f"Guardian consent #{self.pk} ({self.status})"
