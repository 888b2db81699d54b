"""Ops overrides of the retention periods, the record of every purge run, and warnings sent before a purge.

The policies themselves (what is kept, how long by default, what happens then) are declared in the apps'
``personal_data.py`` (``privacy.registry.retention``); these tables hold only what changes at run time.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

# Ten years and a bit: a period beyond this is a typo, not a retention rule.
MAX_PERIOD_DAYS = 3700


class RetentionRule(models.Model):
    """Ops' override of one retention policy: another period than the default, or the policy paused.

    One row per registered policy (``retention_rules_sync`` creates the missing ones); an empty
    ``period_days`` means "the default" (settings ``PRIVACY_RETENTION_DEFAULTS``, else the declaration).
    """

    category = models.CharField(max_length=48, unique=True, editable=False)
    period_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PERIOD_DAYS)],
        help_text="Leave empty to keep the default period shown beside it.",
    )
    enabled = models.BooleanField(
        default=True, help_text="A paused rule purges nothing (scheduled, command or admin) until enabled again."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("category",)
        verbose_name = "retention rule"

    def __str__(self) -> str:
        return self.category


class PurgeStatus(models.TextChoices):
    QUEUED = "queued", gettext_lazy("Queued")
    RUNNING = "running", gettext_lazy("Running")
    COMPLETED = "completed", gettext_lazy("Completed")
    FAILED = "failed", gettext_lazy("Failed")
    INTERRUPTED = "interrupted", gettext_lazy("Interrupted (no sign of life; resumes if redelivered)")
    SKIPPED = "skipped", gettext_lazy("Skipped (rule paused)")


class PurgeTrigger(models.TextChoices):
    SCHEDULE = "schedule", gettext_lazy("Schedule")
    COMMAND = "command", gettext_lazy("Management command")
    ADMIN = "admin", gettext_lazy("Admin")


class PurgePhase(models.TextChoices):
    WARN = "warn", gettext_lazy("Sending warnings")
    PURGE = "purge", gettext_lazy("Purging")


class PurgeRun(models.Model):
    """One run of one retention category: when, how it was started, and what it did.

    Counters, the phase and the cursor (the last primary key handled) change in the same transaction as each
    batch, so after a crash they say exactly what was committed and a resumed run goes on from there.
    ``deleted`` and ``anonymised`` count rows of the policy's own model (rows under it go along).
    """

    category = models.CharField(max_length=48, db_index=True)
    status = models.CharField(max_length=12, choices=PurgeStatus.choices, default=PurgeStatus.QUEUED, db_index=True)
    triggered_by = models.CharField(max_length=10, choices=PurgeTrigger.choices)
    dry_run = models.BooleanField(default=False)
    batch_size = models.PositiveIntegerField()
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True, db_index=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    period_days = models.PositiveIntegerField(null=True, blank=True)
    cutoff = models.DateTimeField(null=True, blank=True, help_text="Rows dated at or before this were due.")
    phase = models.CharField(max_length=6, choices=PurgePhase.choices, default=PurgePhase.WARN)
    cursor = models.CharField(max_length=64, blank=True, help_text="Last primary key handled in this phase.")
    examined = models.PositiveBigIntegerField(default=0)
    deleted = models.PositiveBigIntegerField(default=0)
    anonymised = models.PositiveBigIntegerField(default=0)
    skipped_hold = models.PositiveBigIntegerField("skipped (legal hold)", default=0)
    warned = models.PositiveBigIntegerField(default=0)
    postponed = models.PositiveBigIntegerField(
        default=0, help_text="Accounts the anonymisation postponed (orders still on their way...): tried next run."
    )
    errors = models.PositiveBigIntegerField(default=0)
    last_error = models.CharField(max_length=120, blank=True, help_text="Exception class only; never data.")
    worker = models.CharField(max_length=120, blank=True, help_text="Host and process id that last ran it.")

    class Meta:
        ordering = ("-queued_at", "-id")
        indexes = [models.Index(fields=["category", "-started_at"], name="retention_run_category_idx")]

    def __str__(self) -> str:
        return f"Purge run #{self.pk} ({self.category}, {self.status})"

    @property
    def purged(self) -> int:
        return self.deleted + self.anonymised


class RetentionNotice(models.Model):
    """The owner of a row was warned that it will be purged (a policy with ``warn_before``), so the warning is
    sent once per due date. ``reference_at`` is the row's date when warned: if it moves (the user signs in),
    the notice no longer counts and a new warning is due when the new date comes round."""

    category = models.CharField(max_length=48)
    object_pk = models.CharField(max_length=64)
    reference_at = models.DateTimeField()
    warned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-warned_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "object_pk", "reference_at"], name="retention_notice_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"Retention notice #{self.pk} ({self.category})"
