"""Admin of marketing campaigns: write one, send it; the deliveries say who received it (account ids)."""

from django.contrib import admin, messages
from unfold.admin import ModelAdmin

from core.errors import DomainError
from privacy.marketing.models import Campaign, CampaignStatus
from privacy.marketing.services import campaign_queue


@admin.register(Campaign)
class CampaignAdmin(ModelAdmin):
    list_display = ("subject", "channel", "status", "sent_count", "queued_at", "finished_at")
    list_filter = ("status", "channel")
    fields = ("subject", "body", "channel", "status", "queued_at", "finished_at")
    readonly_fields = ("status", "queued_at", "finished_at")
    actions = ("send_now",)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_sent=Count("deliveries"))

    @admin.display(description="Sent to (consenting accounts)", ordering="_sent")
    def sent_count(self, obj) -> int:
        return obj._sent

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and (obj is None or obj.status == CampaignStatus.DRAFT)

    @admin.action(description="Send now, to users whose marketing consent holds when it goes out")
    def send_now(self, request, queryset):
        for campaign in queryset:
            try:
                campaign_queue(campaign_id=campaign.pk, site_url=request.build_absolute_uri("/"))
            except DomainError as error:
                messages.error(request, f"{campaign.subject}: {error.detail}")
            else:
                messages.success(request, f"{campaign.subject}: being sent.")
