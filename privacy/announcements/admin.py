"""Staff follow the emailing of each material policy version: how many accounts, finished or not."""

from django.contrib import admin
from django.db.models import Count
from unfold.admin import ModelAdmin

from privacy.announcements.models import PolicyChangeMailing


@admin.register(PolicyChangeMailing)
class PolicyChangeMailingAdmin(ModelAdmin):
    list_display = ("version", "started_at", "emailed", "finished_at")
    readonly_fields = ("version", "started_at", "finished_at")
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("version").annotate(_emailed=Count("emails"))

    @admin.display(description="Accounts emailed", ordering="_emailed")
    def emailed(self, obj) -> int:
        return obj._emailed

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
