"""What a user allowed the shop to import from a third-party account they signed in with (promise A7).

A ``ThirdPartyGrant`` is chosen *before* the user is sent to the provider (``pending``), becomes
``active`` when the provider sends them back and the binding (allauth's ``SocialAccount``) exists, and is
``closed`` when the account is unbound, when a new choice replaces it, or when the user never came back.
Only the profile fields listed in an active grant are ever copied from the provider.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy


class ProfileField(models.TextChoices):
    """The profile fields a provider may offer, and the only ones the shop ever imports."""

    AVATAR = "avatar", gettext_lazy("Avatar (profile picture)")
    NICKNAME = "nickname", gettext_lazy("Nickname")
    EMAIL = "email", gettext_lazy("Email address")


class GrantStatus(models.TextChoices):
    PENDING = "pending", gettext_lazy("Waiting for the provider")
    ACTIVE = "active", gettext_lazy("Active")
    CLOSED = "closed", gettext_lazy("Closed")


class GrantChannel(models.TextChoices):
    WEB = "web", gettext_lazy("Privacy centre (website)")
    API = "api", gettext_lazy("API")
    SIGNUP = "signup", gettext_lazy("sign-up with the provider")
    # Bound through allauth's own pages, where no field was chosen: nothing is imported.
    NO_CHOICE = "no_choice", gettext_lazy("bound without a choice of fields")


class GrantCloseReason(models.TextChoices):
    UNBOUND = "unbound", gettext_lazy("The user unbound the account")
    REPLACED = "replaced", gettext_lazy("Replaced by a new choice of fields")
    ABANDONED = "abandoned", gettext_lazy("The user did not come back from the provider in time")


class ThirdPartyGrantQuerySet(models.QuerySet):
    def active(self) -> "ThirdPartyGrantQuerySet":
        return self.filter(status=GrantStatus.ACTIVE)

    def pending(self) -> "ThirdPartyGrantQuerySet":
        return self.filter(status=GrantStatus.PENDING)


class ThirdPartyGrant(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="third_party_grants")
    provider = models.CharField(
        max_length=200, help_text="The provider as allauth names the binding (a social app's provider id)."
    )
    social_account = models.ForeignKey(
        "socialaccount.SocialAccount",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="privacy_grants",
        help_text="The binding this grant applies to, while it exists.",
    )
    uid_hash = models.CharField(
        max_length=64, blank=True, help_text="Keyed hash of the account id at the provider (never the id itself)."
    )
    uid_masked = models.CharField(max_length=32, blank=True, help_text="The account id at the provider, masked.")
    fields = models.JSONField(default=list, blank=True, help_text="Profile fields the user allowed to import.")
    policy_version = models.ForeignKey(
        "privacy.PolicyVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The privacy policy in effect when the user made this choice.",
    )
    channel = models.CharField(max_length=16, choices=GrantChannel.choices)
    status = models.CharField(max_length=16, choices=GrantStatus.choices, default=GrantStatus.PENDING)
    close_reason = models.CharField(max_length=16, choices=GrantCloseReason.choices, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    bound_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ThirdPartyGrantQuerySet.as_manager()

    class Meta:
        ordering = ("-requested_at", "-id")
        indexes = [models.Index(fields=["user", "provider", "status"], name="binding_grant_user_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["social_account"],
                condition=Q(status="active"),
                name="binding_one_active_grant_per_account",
            ),
            models.CheckConstraint(
                condition=~Q(status="active") | Q(bound_at__isnull=False),
                name="binding_active_grant_is_bound",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="binding_closed_grant_has_closed_at",
            ),
        ]

    def __str__(self) -> str:
        return f"Grant #{self.pk} ({self.provider}, {self.status})"
