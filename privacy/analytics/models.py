"""A privacy-preserving view counter, and proof of anonymous visitors' cookie choices (A3, B5).

``DailyViewCount`` holds one number per subject (``"product:42"``) per day and nothing about who looked:
no user, no IP, no cookie id. It only counts views of visitors who accepted optional cookies.

``CookieChoiceProof`` proves what an anonymous visitor chose, when, under which policy version, with a
keyed hash of the random id in their essential ``privacy_visitor`` cookie: a pseudonym that links the
choice to that browser without naming anyone. Append-only.
"""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from privacy.errors import AppendOnlyRecord


class DailyViewCount(models.Model):
    subject = models.CharField(max_length=80, help_text='What was viewed, for example "product:42".')
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("-day", "subject")
        constraints = [models.UniqueConstraint(fields=["subject", "day"], name="daily_view_count_once")]

    def __str__(self) -> str:
        return f"{self.subject} on {self.day}: {self.views}"


class CookieChoice(models.TextChoices):
    ALL = "all", gettext_lazy("Accepted optional cookies")
    ESSENTIAL = "essential", gettext_lazy("Essential cookies only")


class CookieChoiceProof(models.Model):
    visitor_ref = models.CharField(max_length=64, db_index=True, editable=False)
    choice = models.CharField(max_length=10, choices=CookieChoice.choices, editable=False)
    policy_version = models.ForeignKey(
        "privacy.PolicyVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    user_agent = models.CharField(max_length=512, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Cookie choice #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyRecord()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyRecord()
