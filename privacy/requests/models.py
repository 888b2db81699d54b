"""Privacy requests that staff answer (G1): access, correction, deletion, objection, complaint.

Anyone may ask, with or without an account. A signed-out person's request counts only once its email is
verified by link (``received_at``); from then on staff have ``PRIVACY_REQUEST_DUE_DAYS`` (30) to answer
(``due_at``). Answering is free of charge by default (``fee``).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy


class RequestKind(models.TextChoices):
    ACCESS = "access", gettext_lazy("Access to my data")
    CORRECTION = "correction", gettext_lazy("Correction of my data")
    DELETION = "deletion", gettext_lazy("Deletion of my data")
    OBJECTION = "objection", gettext_lazy("Objection to a use of my data")
    COMPLAINT = "complaint", gettext_lazy("A question or complaint")


class RequestStatus(models.TextChoices):
    UNVERIFIED = "unverified", gettext_lazy("Waiting for email verification")
    OPEN = "open", gettext_lazy("Waiting for our answer")
    ANSWERED = "answered", gettext_lazy("Answered")


class PrivacyRequestQuerySet(models.QuerySet):
    def open(self) -> "PrivacyRequestQuerySet":
        return self.filter(status=RequestStatus.OPEN)

    def overdue(self, *, now=None) -> "PrivacyRequestQuerySet":
        return self.open().filter(due_at__lt=now or timezone.now())


class PrivacyRequest(models.Model):
    kind = models.CharField(max_length=12, choices=RequestKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="privacy_requests"
    )
    email = models.EmailField(help_text="Where the answer goes.")
    details = models.TextField(help_text="What the person asks, in their words.")
    status = models.CharField(max_length=12, choices=RequestStatus.choices, default=RequestStatus.UNVERIFIED)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    received_at = models.DateTimeField(null=True, blank=True, editable=False, help_text="When the request counts.")
    due_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    fee = models.DecimalField(
        max_digits=8, decimal_places=2, default=Decimal("0.00"), help_text="Free of charge unless unreasonable."
    )

    objects = PrivacyRequestQuerySet.as_manager()

    class Meta:
        ordering = ("due_at", "id")

    def __str__(self) -> str:
        return f"Privacy request #{self.pk} ({self.get_kind_display().lower()})"

    @property
    def is_overdue(self) -> bool:
        return self.status == RequestStatus.OPEN and self.due_at is not None and self.due_at < timezone.now()
