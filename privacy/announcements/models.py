"""The email of a material policy version to every account (G5): one mailing per version, one row per
account emailed, so staff see the progress and a retried task never emails anyone twice."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from privacy.pseudonyms import user_ref_for


class PolicyChangeMailing(models.Model):
    version = models.OneToOneField("privacy.PolicyVersion", on_delete=models.PROTECT, related_name="mailing")
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Accounts are walked by id; this is how far the mailing got.
    cursor = models.BigIntegerField(default=0)

    class Meta:
        ordering = ("-started_at", "-id")

    def __str__(self) -> str:
        return f"Mailing of policy version {self.version_id}"


class PolicyChangeEmail(models.Model):
    mailing = models.ForeignKey(PolicyChangeMailing, on_delete=models.PROTECT, related_name="emails")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="policy_change_emails"
    )
    user_ref = models.CharField(max_length=64, editable=False, db_index=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-sent_at", "-id")
        constraints = [models.UniqueConstraint(fields=["mailing", "user"], name="policy_email_once_per_user")]

    def __str__(self) -> str:
        return f"Policy change email #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self.user_ref and self.user_id is not None:
            self.user_ref = user_ref_for(self.user_id)
        super().save(*args, **kwargs)
