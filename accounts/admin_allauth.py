"""allauth's admins of login identities, re-registered through the masking machinery (promises F2, F3).

allauth registers plain ModelAdmins that show email addresses in full (and search them by fragment and by
``user__username``, which an email-only user model lacks), IP addresses and browsers of signed-in sessions,
and second factors. Each is replaced here by the same admin with ``PiiMaskedAdminMixin`` in front: the
fields ``accounts/personal_data.py`` declares are masked, searched by exact value only, revealed under audit;
secrets (TOTP seeds, recovery codes) are never shown. allauth's email confirmation admin is not registered
by allauth; social accounts and tokens are re-registered in ``privacy/binding/admin.py``.
"""

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from allauth.usersessions.admin import UserSessionAdmin
from allauth.usersessions.models import UserSession
from django.contrib import admin
from unfold.admin import ModelAdmin

from privacy.admin.masking import PiiMaskedAdminMixin

for _model in (EmailAddress, Authenticator, UserSession):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(EmailAddress)
class MaskedEmailAddressAdmin(PiiMaskedAdminMixin, EmailAddressAdmin, ModelAdmin):
    """Login email addresses: masked, found by the exact address or the account id."""

    list_display = ("id", "email", "user", "primary", "verified")
    list_select_related = ("user",)

    def get_search_fields(self, request):
        return [*super().get_search_fields(request), "=user__id"]


@admin.register(Authenticator)
class MaskedAuthenticatorAdmin(PiiMaskedAdminMixin, AuthenticatorAdmin, ModelAdmin):
    """Second factors: which kind and when used; the secret itself is never displayed."""

    list_select_related = ("user",)
    search_fields = ("=user__id",)
    fields = ("user", "type", "created_at", "last_used_at")
    readonly_fields = ("user", "type", "created_at", "last_used_at")

    def has_add_permission(self, request) -> bool:
        # A second factor is set up by its owner with the authenticator app, never typed in by staff.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(UserSession)
class MaskedUserSessionAdmin(PiiMaskedAdminMixin, UserSessionAdmin, ModelAdmin):
    """Signed-in sessions: the IP address and browser masked; staff may end one by deleting it."""

    list_select_related = ("user",)
    search_fields = ("=user__id", "ip")
    fields = ("user", "ip", "user_agent", "created_at", "last_seen_at")
    readonly_fields = ("user", "created_at", "last_seen_at")

    def has_add_permission(self, request) -> bool:
        return False
