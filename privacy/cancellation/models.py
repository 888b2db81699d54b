"""Account cancellation (D4), the record of every completed erasure, and deletion requests to recipients (C4).

* ``CancellationRequest``: a user asked to close their account. It waits out the cooling-off window
  (``due_at``), during which the user may revoke it; then the beat job anonymises the account.
* ``ErasureTombstone``: one row per anonymised account, for audit and for ``reapply_erasures`` after a
  backup restore. It keeps the user's database id (a number that names no one once the account row is
  anonymised), the pseudonymous ``user_ref`` of the proof records, and counts; never a personal value.
* ``RecipientDeletionRequest``: one per recipient in the user's disclosure log, asked through its API to
  delete what it received; the answer is recorded and the request has a deadline.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy


class CancellationStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Cooling off")
    REVOKED = "revoked", gettext_lazy("Revoked by the user")
    COMPLETED = "completed", gettext_lazy("Account anonymised")


class CancellationChannel(models.TextChoices):
    WEB = "web", gettext_lazy("Website")
    API = "api", gettext_lazy("API")


class CancellationRequest(models.Model):
    """A user's request to cancel their account. At most one is pending per user."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cancellation_requests", editable=False
    )
    status = models.CharField(max_length=10, choices=CancellationStatus.choices, default=CancellationStatus.PENDING)
    channel = models.CharField(max_length=8, choices=CancellationChannel.choices, editable=False)
    requested_at = models.DateTimeField(default=timezone.now, editable=False)
    due_at = models.DateTimeField(db_index=True, help_text="End of the cooling-off window.")
    revoked_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    tombstone = models.ForeignKey(
        "ErasureTombstone", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # Failed or postponed attempts (orders still in progress, the last email not sent, an error): when to
    # try again, so a stuck account does not take the batch's first place on every run.
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=60, blank=True, help_text="An error code, never personal data.")
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(status=CancellationStatus.PENDING),
                name="cancellation_one_pending_per_user",
            )
        ]
        indexes = [models.Index(fields=["status", "due_at"], name="cancellation_due_idx")]

    def __str__(self) -> str:
        return f"Cancellation #{self.pk} ({self.status})"


class ErasureTrigger(models.TextChoices):
    CANCELLATION = "cancellation", gettext_lazy("Cancelled by the user")
    INACTIVITY = "inactivity", gettext_lazy("Inactive account (retention)")
    CESSATION = "cessation", gettext_lazy("The shop ceased operation")
    MINOR_WITHOUT_CONSENT = "minor", gettext_lazy("A minor's data collected without a guardian's consent")


class ErasureTombstone(models.Model):
    """Proof that an account was anonymised, and the key to anonymise it again after a restore.

    ``user_id`` is a plain integer, not a foreign key: the tombstone must survive whatever happens to
    the user table (a restore from an older backup). Written once by the anonymisation; a re-application
    only moves ``last_applied_at`` and ``applied_count``.
    """

    user_id = models.BigIntegerField(unique=True, editable=False)
    user_ref = models.CharField(max_length=64, db_index=True, editable=False)
    trigger = models.CharField(max_length=16, choices=ErasureTrigger.choices, editable=False)
    completed_at = models.DateTimeField(default=timezone.now, db_index=True, editable=False)
    counts = models.JSONField(
        default=dict,
        editable=False,
        help_text='Rows changed per model ("deleted", "anonymised") and per retention category ("by_category").',
    )
    sessions_ended = models.PositiveIntegerField(default=0, editable=False)
    confirmation_email_sent = models.BooleanField(default=False, editable=False)
    last_applied_at = models.DateTimeField(default=timezone.now, editable=False)
    applied_count = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ("-completed_at", "-id")

    def __str__(self) -> str:
        return f"Tombstone of user #{self.user_id}"


class RecipientRequestStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting to be sent (or retried)")
    ACCEPTED = "accepted", gettext_lazy("Accepted, deletion not yet confirmed")
    DONE = "done", gettext_lazy("Deletion confirmed")
    REJECTED = "rejected", gettext_lazy("Refused by the recipient")
    FAILED = "failed", gettext_lazy("Could not be delivered")
    UNSUPPORTED = "unsupported", gettext_lazy("No API for this recipient: ask by hand")


class RecipientDeletionRequestQuerySet(models.QuerySet):
    def overdue(self, *, now=None) -> "RecipientDeletionRequestQuerySet":
        """Requests whose deadline passed without a confirmed deletion."""
        return self.exclude(status=RecipientRequestStatus.DONE).filter(deadline_at__lt=now or timezone.now())


class RecipientDeletionRequest(models.Model):
    """A request to one recipient of an erased user's data to delete it too (C4)."""

    tombstone = models.ForeignKey(ErasureTombstone, on_delete=models.PROTECT, related_name="recipient_requests")
    recipient_ref = models.CharField(max_length=120, help_text='As in the disclosure log, e.g. "carrier:demo".')
    recipient = models.CharField(max_length=120, help_text="The recipient's name, as in the disclosure log.")
    references = models.JSONField(default=list, help_text="What the recipient received, e.g. order numbers.")
    status = models.CharField(
        max_length=12, choices=RecipientRequestStatus.choices, default=RecipientRequestStatus.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=60, blank=True, help_text="An error code, never personal data.")
    answer_reference = models.CharField(max_length=100, blank=True, help_text="The recipient's id for the request.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    deadline_at = models.DateTimeField(db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = RecipientDeletionRequestQuerySet.as_manager()

    class Meta:
        ordering = ("deadline_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["tombstone", "recipient_ref"], name="recipient_request_once_per_recipient")
        ]

    def __str__(self) -> str:
        return f"Deletion request #{self.pk} to {self.recipient_ref}"

    @property
    def is_overdue(self) -> bool:
        return self.status != RecipientRequestStatus.DONE and self.deadline_at < timezone.now()
