"""Policy versions, the proof of who accepted which, and consents to optional purposes.

Proof records (``PolicyAcceptance``, ``ConsentRecord``) are append-only: a row is written once and never
changed or deleted. The one change allowed is detaching the user (``user`` set to NULL) when the account
goes; the pseudonymous ``user_ref`` stays, so the proof survives in pseudonymous form (promise B4).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from privacy.errors import AppendOnlyRecord, PolicyVersionImmutable

# Guardians' consents live in their own module; importing them here registers them with the app.
from privacy.models.guardians import GuardianConsent as GuardianConsent
from privacy.models.guardians import GuardianConsentMethod as GuardianConsentMethod
from privacy.models.guardians import GuardianConsentStatus as GuardianConsentStatus
from privacy.policy_text import policy_body_digest, policy_body_html
from privacy.policy_translations import PolicyTranslation  # noqa: F401 - registered with the app's models here
from privacy.pseudonyms import user_ref_for
from privacy.purposes import PURPOSE_CHOICES
from privacy.storage import export_storage

# Labels appear in URLs (/privacy/policy/<label>/); "accept" is the accept page's own path.
RESERVED_VERSION_LABELS = frozenset({"accept"})
_version_label_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$", "Use letters, digits, dots, dashes and underscores, for example 2026-03."
)


class Channel(models.TextChoices):
    WEB = "web", gettext_lazy("Website")
    API = "api", gettext_lazy("API")
    SIGNUP = "signup", gettext_lazy("Sign-up")
    EMAIL_LINK = "email_link", gettext_lazy("Email link")


def _only_detaches_user(kwargs: dict, field: str) -> bool:
    return bool(kwargs) and set(kwargs) <= {field, f"{field}_id"} and all(v is None for v in kwargs.values())


class PolicyVersionQuerySet(models.QuerySet):
    def published(self) -> "PolicyVersionQuerySet":
        return self.filter(published_at__isnull=False)

    def effective(self, *, now) -> "PolicyVersionQuerySet":
        """Published versions in effect at ``now``, the current one first."""
        return self.published().filter(effective_at__lte=now).order_by("-effective_at", "-published_at", "-id")

    def update(self, **kwargs):
        # Detaching the publishing staff account (its deletion) is the only change a published row accepts.
        if not _only_detaches_user(kwargs, "published_by") and self.published().exists():
            raise PolicyVersionImmutable()
        return super().update(**kwargs)

    def delete(self):
        if self.published().exists():
            raise PolicyVersionImmutable()
        return super().delete()

    delete.queryset_only = True


class PolicyVersion(models.Model):
    """One version of the privacy policy. A draft may be edited; once published it never changes."""

    version = models.CharField(
        max_length=32, unique=True, validators=[_version_label_validator], help_text="A short label, e.g. 2026-03."
    )
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="The full policy text, in Markdown.")
    body_html = models.TextField(editable=False, default="")
    body_digest = models.CharField(max_length=64, editable=False, default="")
    summary_of_changes = models.TextField(blank=True, help_text="Shown to users before they accept.")
    material = models.BooleanField(
        default=True,
        help_text=(
            "A material change (new purposes, new recipients, fewer rights) must be accepted before a signed-in "
            "user can go on. A non-material change is only notified."
        ),
    )
    effective_at = models.DateTimeField(
        default=timezone.now, help_text="When it takes effect. Publishing moves a past date to the publication time."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, editable=False, db_index=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, editable=False, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        ordering = ("-effective_at", "-published_at", "-id")
        indexes = [models.Index(fields=["effective_at", "published_at"], name="privacy_policy_effective_idx")]

    def __str__(self) -> str:
        return f"{self.version} ({'published' if self.is_published else 'draft'})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and type(self).objects.filter(pk=self.pk).published().exists():
            raise PolicyVersionImmutable()
        self.body_html = policy_body_html(self.body)
        self.body_digest = policy_body_digest(self.body)
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "body_html", "body_digest", "updated_at"}
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk is not None and type(self).objects.filter(pk=self.pk).published().exists():
            raise PolicyVersionImmutable()
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def clean(self) -> None:
        if self.version and self.version.lower() in RESERVED_VERSION_LABELS:
            raise ValidationError({"version": "This label is reserved."})


class AppendOnlyQuerySet(models.QuerySet):
    """Refuses bulk changes and deletes; only detaching the user (``user=None``) goes through."""

    def update(self, **kwargs):
        if not _only_detaches_user(kwargs, "user"):
            raise AppendOnlyRecord()
        return super().update(**kwargs)

    def delete(self):
        raise AppendOnlyRecord()

    delete.queryset_only = True


class AppendOnlyRecordModel(models.Model):
    """A proof record: written once, never edited or deleted; keeps a pseudonymous user reference.

    ``ip_address`` and ``user_agent`` hold what the request carried until the account is erased; erasure
    replaces both by their keyed hashes (``privacy.selectors.proof.proof_claim_matches`` still checks a
    claimed value), so the record stays provable (B4) without anything readable left. That is why the
    address is a text column wide enough for a hash rather than an IP column.
    """

    user_ref = models.CharField(max_length=64, editable=False, db_index=True)
    ip_address = models.CharField(max_length=64, null=True, blank=True, editable=False)
    user_agent = models.CharField(max_length=512, blank=True, editable=False)
    channel = models.CharField(max_length=16, choices=Channel.choices, editable=False)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyRecord()
        if not self.user_ref and self.user_id is not None:
            self.user_ref = user_ref_for(self.user_id)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyRecord()


class PolicyAcceptance(AppendOnlyRecordModel):
    """Proof that a user accepted one policy version: which text (its digest), when, from where (B4)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="policy_acceptances",
    )
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="acceptances", editable=False)
    body_digest = models.CharField(max_length=64, editable=False)
    # The language of the text that was shown and accepted; ``body_digest`` is that text's digest.
    language = models.CharField(max_length=10, default="en", editable=False)
    accepted_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ("-accepted_at", "-id")
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="privacy_acceptance_once_per_version")]

    def __str__(self) -> str:
        return f"Acceptance #{self.pk} of {self.version_id}"


class ConsentRecord(AppendOnlyRecordModel):
    """One grant or withdrawal of consent to an optional purpose. The latest record per purpose is the state."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="consent_records",
    )
    purpose = models.CharField(max_length=40, choices=PURPOSE_CHOICES, editable=False)
    granted = models.BooleanField(editable=False)
    # The policy in effect when the choice was made: a consent is bound to the terms it was given under (A6).
    policy_version = models.ForeignKey(
        PolicyVersion, null=True, blank=True, editable=False, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["user", "purpose", "-created_at", "-id"], name="privacy_consent_latest_idx")]

    def __str__(self) -> str:
        return f"Consent #{self.pk}: {self.purpose} {'granted' if self.granted else 'withdrawn'}"


class PolicyNoticeShown(models.Model):
    """A non-material policy version was shown to a user as a notice. Never counts as acceptance (B2, B3)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_notices_shown")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="notices_shown")
    shown_at = models.DateTimeField(default=timezone.now)
    # The website records the notice once the page showing it is served; an app when it acknowledges it.
    channel = models.CharField(max_length=16, choices=Channel.choices, default=Channel.WEB)

    class Meta:
        ordering = ("-shown_at", "-id")
        verbose_name = "policy update notice shown"
        verbose_name_plural = "policy update notices shown"
        constraints = [models.UniqueConstraint(fields=["user", "version"], name="privacy_notice_once_per_version")]

    def __str__(self) -> str:
        return f"Notice of {self.version_id} shown to user #{self.user_id}"


class DisclosureOutcome(models.TextChoices):
    """What the recipient answered when the data was sent. Whatever it answered, the data left the shop."""

    ACCEPTED = "accepted", gettext_lazy("Accepted by the recipient")
    REJECTED = "rejected", gettext_lazy("Refused by the recipient")
    UNAVAILABLE = "unavailable", gettext_lazy("No answer (retried)")


class DisclosureRecord(models.Model):
    """One handoff of a user's personal data to a third party: to whom, why, which fields, when (C3, E4).

    Written once by ``privacy.services.disclosure.disclosure_record``; kept as proof with a pseudonymous
    ``user_ref`` when the account goes. Every recipient listed here is asked to delete the data when the
    user cancels the account (C4).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    user_ref = models.CharField(max_length=64, editable=False, db_index=True)
    recipient = models.CharField(max_length=120, help_text="Who received the data, as shown to the user.")
    recipient_ref = models.CharField(
        max_length=120, db_index=True, help_text='A stable key of the recipient, for example "carrier:sf-express".'
    )
    purpose = models.CharField(max_length=200)
    fields = models.JSONField(default=list, help_text="Names of the fields sent, never their values.")
    cross_border = models.BooleanField(default=False)
    reference = models.CharField(max_length=64, blank=True, help_text="What it was about, e.g. an order number.")
    outcome = models.CharField(max_length=12, choices=DisclosureOutcome.choices, default=DisclosureOutcome.ACCEPTED)
    outcome_code = models.CharField(max_length=60, blank=True, help_text="The error code of a refusal or a failure.")
    recipient_region = models.CharField(max_length=8, blank=True, help_text="Where the recipient declared it is.")
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["user", "-created_at"], name="privacy_disclosure_user_idx")]

    def __str__(self) -> str:
        return f"Disclosure #{self.pk} to {self.recipient_ref}"

    def save(self, *args, **kwargs) -> None:
        if not self.user_ref and self.user_id is not None:
            self.user_ref = user_ref_for(self.user_id)
        super().save(*args, **kwargs)


class ExportStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Pending")
    RUNNING = "running", gettext_lazy("Running")
    READY = "ready", gettext_lazy("Ready")
    FAILED = "failed", gettext_lazy("Failed")
    EXPIRED = "expired", gettext_lazy("Expired")


class ExportJob(models.Model):
    """A user's request for a copy of their data (D2). The file lives in private storage until it expires."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    status = models.CharField(max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    file = models.FileField(storage=export_storage, upload_to="exports/%Y/%m/", blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    error_code = models.CharField(max_length=60, blank=True)
    requested_at = models.DateTimeField(default=timezone.now, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return f"Export #{self.pk} ({self.status})"


class PiiAccessLog(models.Model):
    """A staff member revealed unmasked personal fields of a record in the admin (F3). Never edited."""

    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, editable=False)
    object_id = models.CharField(max_length=64, editable=False)
    fields = models.JSONField(default=list, editable=False, help_text="Names of the revealed fields.")
    reason = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = "personal data access log entry"
        verbose_name_plural = "personal data access log"
        permissions = [("view_unmasked_pii", "Can reveal unmasked personal data in the admin")]

    def __str__(self) -> str:
        return f"Access #{self.pk} by staff #{self.staff_id}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AppendOnlyRecord()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyRecord()


class LegalHoldQuerySet(models.QuerySet):
    def active(self) -> "LegalHoldQuerySet":
        return self.filter(released_at__isnull=True)


class LegalHold(models.Model):
    """Retention extended for the law or a court (E2).

    A hold names a user (every row the user owns) or one object (for example an order). While it is
    active, purges skip the held rows and the held user is not anonymised; releasing it (with a reason)
    lets the postponed work run on its next pass. Holds are never deleted, only released.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="legal_holds"
    )
    content_type = models.ForeignKey("contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT)
    object_id = models.CharField(max_length=64, blank=True)
    reason = models.TextField(help_text="The legal ground, for example a court order's reference.")
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True, db_index=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    release_reason = models.TextField(blank=True)

    objects = LegalHoldQuerySet.as_manager()

    class Meta:
        ordering = ("-placed_at", "-id")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(user__isnull=False)
                | (models.Q(content_type__isnull=False) & ~models.Q(object_id="")),
                name="legal_hold_names_a_user_or_an_object",
            )
        ]

    def __str__(self) -> str:
        return f"Legal hold #{self.pk}"
