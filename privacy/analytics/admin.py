"""Admin of view counts (numbers per product and day) and of anonymous cookie proofs (read-only)."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from privacy.admin.masking import PiiMaskedAdminMixin
from privacy.analytics.models import CookieChoiceProof, DailyViewCount


class _ReadOnly(ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DailyViewCount)
class DailyViewCountAdmin(_ReadOnly):
    list_display = ("subject", "day", "views")
    list_filter = ("day",)
    search_fields = ("=subject",)


@admin.register(CookieChoiceProof)
class CookieChoiceProofAdmin(PiiMaskedAdminMixin, _ReadOnly):
    """The browser's pseudonym and name are shown masked, and revealed with the access log like any personal
    field; the list is for counting choices over time."""

    list_display = ("id", "visitor_ref", "choice", "policy_version", "created_at")
    list_filter = ("choice",)
