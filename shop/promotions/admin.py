"""Vouchers and sales in the admin. Who used a voucher is personal data: the uses list is masked."""

from django.contrib import admin
from unfold.admin import ModelAdmin

from privacy.admin.masking import PiiMaskedAdminMixin
from shop.promotions.models import Sale, Voucher, VoucherUsage


@admin.register(Voucher)
class VoucherAdmin(ModelAdmin):
    list_display = (
        "code",
        "name",
        "kind",
        "value",
        "applies_to",
        "min_spend",
        "starts_at",
        "ends_at",
        "used_count",
        "max_uses",
        "is_active",
    )
    list_filter = ("kind", "applies_to", "is_active")
    search_fields = ("code", "name")
    readonly_fields = ("used_count", "created_at", "updated_at")
    fields = (
        "code",
        "name",
        ("kind", "value"),
        "applies_to",
        "min_spend",
        ("starts_at", "ends_at"),
        ("max_uses", "max_uses_per_customer"),
        "used_count",
        "is_active",
        ("created_at", "updated_at"),
    )


@admin.register(VoucherUsage)
class VoucherUsageAdmin(PiiMaskedAdminMixin, ModelAdmin):
    list_display = ("voucher", "order", "user", "created_at")
    list_select_related = ("voucher", "order")
    list_filter = ("voucher",)
    readonly_fields = ("voucher", "order", "user", "created_at")
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Sale)
class SaleAdmin(ModelAdmin):
    list_display = ("name", "kind", "value", "starts_at", "ends_at", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)
    autocomplete_fields = ("products", "categories")
    fields = ("name", ("kind", "value"), ("starts_at", "ends_at"), "products", "categories", "is_active")
