"""Admin of view counts (numbers per product and day) and of anonymous cookie proofs (read-only)."""

from django.contrib import admin
from unfold.admin import ModelAdmin

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
class CookieChoiceProofAdmin(_ReadOnly):
    list_display = ("id", "visitor_ref", "choice", "policy_version", "created_at")
    list_filter = ("choice",)
    search_fields = ("=visitor_ref",)
