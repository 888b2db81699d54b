"""Admin of third-party binding: the grants (read-only records), and allauth's bindings and tokens shown
masked as the registry declares them (promise F2). Providers themselves are allauth's "Social
applications", configured here in the admin.
"""

from allauth.socialaccount.admin import SocialAccountAdmin, SocialAppAdmin, SocialTokenAdmin
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin
from unfold.admin import ModelAdmin

from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.binding.models import ThirdPartyGrant


@admin.register(ThirdPartyGrant)
class ThirdPartyGrantAdmin(PiiMaskedAdminMixin, ModelAdmin):
    """What each user allowed to import from which provider account; written by the binding flow only."""

    list_display = ("id", "user", "provider", "status", "fields", "policy_version", "bound_at", "closed_at")
    list_filter = ("status", "provider", "channel")
    list_select_related = ("user", "policy_version")
    search_fields = ("=user__id", "provider")
    date_hierarchy = "requested_at"
    fields = (
        "user",
        "provider",
        "social_account",
        "uid_masked",
        "uid_hash",
        "fields",
        "policy_version",
        "channel",
        "status",
        "close_reason",
        "requested_at",
        "bound_at",
        "closed_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


admin.site.unregister(SocialAccount)
admin.site.unregister(SocialToken)
admin.site.unregister(SocialApp)


@admin.register(SocialApp)
class ThemedSocialAppAdmin(SocialAppAdmin, ModelAdmin):
    """allauth's provider configuration (client id, secret), in the admin's theme; it holds nobody's data."""


@admin.register(SocialAccount)
class MaskedSocialAccountAdmin(PiiMaskedAdminMixin, SocialAccountAdmin, ModelAdmin):
    """allauth's binding admin, with the account id and the stored profile masked."""

    search_fields = ["=uid"]
    list_display = ("id", "user", "uid", "provider", "date_joined")
    fields = ("user", "provider", "uid", "extra_data", "date_joined", "last_login")
    readonly_fields = ("date_joined", "last_login")


@admin.register(SocialToken)
class MaskedSocialTokenAdmin(PiiMaskedAdminMixin, SocialTokenAdmin, ModelAdmin):
    """allauth's token admin without the truncated token column: tokens are secrets, shown masked."""

    list_display = ("id", "app", "binding", "expires_at")
    fields = ("app", "account", "token", "token_secret", "expires_at")

    @admin.display(description="Binding", ordering="account_id")
    def binding(self, token: SocialToken) -> str:
        return f"#{token.account_id}"
