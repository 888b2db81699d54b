"""Staff see every "my account was compromised" report (G6): who (by id), how, what was ended, resolved or not."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from privacy.compromise.models import CompromiseReport


@admin.register(CompromiseReport)
class CompromiseReportAdmin(ModelAdmin):
    list_display = ("id", "user_id", "channel", "reported_at", "sessions_ended", "reset_email_sent", "resolved_at")
    list_filter = ("channel", ("resolved_at", admin.EmptyFieldListFilter))
    readonly_fields = list_display
    fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
