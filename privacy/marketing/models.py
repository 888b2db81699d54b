"""Marketing campaigns and the record of who received each (A3, G2)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from privacy.marketing.channels import MarketingChannel
from privacy.pseudonyms import user_ref_for


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", gettext_lazy("Draft")
    SENDING = "sending", gettext_lazy("Being sent")
    SENT = "sent", gettext_lazy("Sent")


class Campaign(models.Model):
    subject = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text. An unsubscribe link is added to every message.")
    channel = models.CharField(max_length=8, choices=MarketingChannel.choices, default=MarketingChannel.EMAIL)
    status = models.CharField(max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    finished_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The send walks the accounts by id; this is how far it got (a retried task resumes here).
    cursor = models.BigIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return self.subject


class CampaignDelivery(models.Model):
    """One marketing message sent to one consenting account, at the time its consent was checked."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="deliveries")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="marketing_deliveries"
    )
    user_ref = models.CharField(max_length=64, editable=False, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-sent_at", "-id")
        verbose_name_plural = "campaign deliveries"
        constraints = [models.UniqueConstraint(fields=["campaign", "user"], name="campaign_delivery_once_per_user")]

    def __str__(self) -> str:
        return f"Campaign delivery #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self.user_ref and self.user_id is not None:
            self.user_ref = user_ref_for(self.user_id)
        super().save(*args, **kwargs)
