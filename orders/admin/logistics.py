"""Admin for carriers and shipments.

The carrier's webhook secret and API key are write-only: the form never shows them (not even masked in
the HTML), a blank field keeps the stored value; the list only says whether each is set. Shipments are
made by the handoff, never by hand; staff can only switch the carrier of a failed one and retry it. The
shipment pages show no recipient data at all.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from unfold.admin import ModelAdmin, TabularInline

from core.errors import DomainError
from orders.models import Carrier, Shipment, ShipmentStatus, TrackingEvent
from orders.selectors.logistics import shipments_needing_attention
from orders.services.logistics import carrier_save, order_handoff_start
from privacy.admin.inlines import PiiMaskedInlineMixin
from privacy.admin.masking import PiiMaskedAdminMixin


class CarrierAdminForm(forms.ModelForm):
    api_base_url = forms.URLField(
        label="API base URL",
        assume_scheme="https",
        max_length=200,
        help_text="Where the carrier's API lives; the shop posts bookings to <this URL>/shipments/.",
    )
    # Not the model field's name, so the form never reads the stored secret nor blanks it.
    new_webhook_secret = forms.CharField(
        label="Webhook secret",
        required=False,
        strip=True,
        min_length=16,
        max_length=128,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=(
            "The key the carrier signs its webhooks with (at least 16 characters). Stored encrypted and never "
            "shown again; leave blank to keep the current one."
        ),
    )

    new_api_key = forms.CharField(
        label="API key",
        required=False,
        strip=True,
        max_length=200,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "new-password"}),
        help_text=(
            'The key the carrier issued to the shop, sent as "Authorization: Bearer <key>" with every booking. '
            "Stored encrypted and never shown again; leave blank to keep the current one (or to send none)."
        ),
    )
    remove_api_key = forms.BooleanField(
        label="Remove the API key", required=False, help_text="Send bookings without an Authorization header."
    )

    class Meta:
        model = Carrier
        fields = ("name", "slug", "api_base_url", "privacy_waybill", "is_abroad", "region", "is_active", "is_default")

    def clean_new_webhook_secret(self) -> str:
        secret = self.cleaned_data["new_webhook_secret"]
        if not secret and not (self.instance.pk and self.instance.webhook_secret):
            raise forms.ValidationError("A new carrier needs a webhook secret.")
        return secret

    def clean_new_api_key(self) -> str:
        key = self.cleaned_data["new_api_key"]
        # It goes into an HTTP header as it is: no spaces or control characters that would split or break it.
        if key and not all("\x21" <= character <= "\x7e" for character in key):
            raise forms.ValidationError("Use printable ASCII characters without spaces.")
        return key

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("new_api_key") and cleaned.get("remove_api_key"):
            self.add_error("remove_api_key", "Either enter a new API key or remove it, not both.")
        return cleaned

    def api_key_change(self) -> str | None:
        """What ``carrier_save`` gets as ``api_key``: ``None`` keeps the stored key, ``""`` removes it."""
        if self.cleaned_data.get("remove_api_key"):
            return ""
        return self.cleaned_data.get("new_api_key") or None


@admin.register(Carrier)
class CarrierAdmin(ModelAdmin):
    form = CarrierAdminForm
    list_display = (
        "name",
        "slug",
        "is_active",
        "is_default",
        "privacy_waybill",
        "is_abroad",
        "secret_status",
        "api_key_status",
    )
    list_filter = ("is_active", "is_default", "privacy_waybill", "is_abroad")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": ("name", "slug", "api_base_url", "new_webhook_secret", "new_api_key", "remove_api_key")}),
        ("Handoff", {"fields": ("is_active", "is_default", "privacy_waybill", "is_abroad", "region")}),
    )

    @admin.display(description="webhook secret")
    def secret_status(self, carrier: Carrier) -> str:
        return "set" if carrier.webhook_secret else "missing"

    @admin.display(description="API key")
    def api_key_status(self, carrier: Carrier) -> str:
        return "set" if carrier.api_key else "none"

    def save_model(self, request: HttpRequest, obj: Carrier, form: CarrierAdminForm, change: bool) -> None:
        carrier_save(
            carrier=obj,
            webhook_secret=form.cleaned_data.get("new_webhook_secret", ""),
            api_key=form.api_key_change(),
        )


class TrackingEventInline(PiiMaskedInlineMixin, TabularInline):
    model = TrackingEvent
    fields = ("occurred_at", "status", "description", "location", "event_id", "received_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class AttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return (
            ("any", "Failed or overdue"),
            ("failed", "Failed"),
            ("overdue", "Overdue (not booked, or not picked up, in time)"),
        )

    def queryset(self, request, queryset):
        if self.value() in {"any", "failed", "overdue"}:
            return shipments_needing_attention(queryset, kind=self.value())
        return queryset


@admin.register(Shipment)
class ShipmentAdmin(PiiMaskedAdminMixin, ModelAdmin):
    list_display = (
        "order",
        "carrier",
        "status",
        "tracking_number",
        "attempts",
        "last_error",
        "created_at",
        "booked_at",
    )
    list_select_related = ("order", "carrier")
    list_filter = (AttentionFilter, "status", "carrier")
    search_fields = ("=tracking_number", "=order__number")
    date_hierarchy = "created_at"
    fields = (
        "order",
        "carrier",
        "status",
        "tracking_number",
        "attempts",
        "last_error",
        "fields_sent",
        "created_at",
        "booked_at",
        "updated_at",
    )
    inlines = (TrackingEventInline,)
    actions = ("retry_handoff",)

    readonly_fields = fields

    def get_readonly_fields(self, request: HttpRequest, obj: Shipment | None = None) -> tuple[str, ...]:
        # Only a failed shipment may go to another carrier; a pending or booked one stays where it is.
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.status == ShipmentStatus.FAILED:
            return tuple(field for field in readonly if field != "carrier")
        return readonly

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "carrier":
            kwargs["queryset"] = Carrier.objects.filter(is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Shipment | None = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Shipment, form, change: bool) -> None:
        # The service saves: a failed shipment saved with a (possibly new) carrier is requested again.
        if obj.status == ShipmentStatus.FAILED:
            self._retry(request, [obj])

    @admin.action(description="Retry the handoff of selected failed shipments (with their carrier)")
    def retry_handoff(self, request: HttpRequest, queryset: QuerySet[Shipment]) -> None:
        self._retry(request, queryset.filter(status=ShipmentStatus.FAILED))

    def _retry(self, request: HttpRequest, shipments) -> None:
        retried = 0
        for shipment in shipments:
            try:
                order_handoff_start(order_id=shipment.order_id, carrier_id=shipment.carrier_id, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"Order #{shipment.order_id}: {exc.detail}", messages.ERROR)
                continue
            retried += 1
        if retried:
            self.message_user(request, f"{retried} handoff(s) requested again.", messages.SUCCESS)
