"""Incident notices (promise F4) and the record of who was told, when, and when they acknowledged it.

An ``IncidentNotice`` is written by staff in the admin: what happened, which data is concerned, the
likely consequences, the measures taken, advice, and a contact. Its audience is one declared selector
(``privacy.incidents.audiences``) with its parameters. Once confirmed it is immutable and each affected
account gets one ``IncidentDelivery``: sent (email, plus the notice in the privacy centre and the API)
and, later, acknowledged by the user.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from privacy.pseudonyms import user_ref_for


class IncidentStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SENDING = "sending", gettext_lazy("Being sent")
    SENT = "sent", gettext_lazy("Sent to everyone")


class IncidentNotice(models.Model):
    title = models.CharField(max_length=200)
    what_happened = models.TextField(help_text="What happened, and when.")
    data_concerned = models.TextField(help_text="Which personal data is concerned.")
    consequences = models.TextField(help_text="The likely consequences for the people concerned.")
    measures_taken = models.TextField(help_text="What the shop did and will do about it.")
    advice = models.TextField(help_text="What the people concerned can do to protect themselves.")
    contact = models.CharField(max_length=200, help_text="Whom to contact with questions (an address, a phone).")
    audience = models.CharField(max_length=40, help_text="Who is affected: one of the declared selectors.")
    audience_params = models.JSONField(default=dict, blank=True)
    public = models.BooleanField(
        default=False,
        help_text="Also publish it on the public incident page (when not everyone concerned can be told in person).",
    )
    status = models.CharField(max_length=10, choices=IncidentStatus.choices, default=IncidentStatus.DRAFT)
    audience_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.title


class IncidentDelivery(models.Model):
    """One affected account: when the notice was sent to it and when its owner acknowledged it."""

    notice = models.ForeignKey(IncidentNotice, on_delete=models.PROTECT, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="incident_deliveries"
    )
    user_ref = models.CharField(max_length=64, editable=False, db_index=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    email_sent = models.BooleanField(default=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = [models.UniqueConstraint(fields=["notice", "user"], name="incident_delivery_once_per_user")]
        verbose_name_plural = "incident deliveries"
        indexes = [models.Index(fields=["notice", "sent_at"], name="incident_delivery_progress_idx")]

    def __str__(self) -> str:
        return f"Incident notice delivery #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self.user_ref and self.user_id is not None:
            self.user_ref = user_ref_for(self.user_id)
        super().save(*args, **kwargs)
