"""Shipping in the admin: zones with their methods, methods with their price bands."""

from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from shop.shipping.models import ShippingBand, ShippingMethod, ShippingZone


class ShippingMethodInline(TabularInline):
    model = ShippingMethod
    fields = ("name", "carrier", "pricing_basis", "free_shipping_threshold", "is_active", "position")
    extra = 0
    show_change_link = True


class ShippingBandInline(TabularInline):
    model = ShippingBand
    fields = ("upper_limit", "price")
    extra = 1


@admin.register(ShippingZone)
class ShippingZoneAdmin(ModelAdmin):
    list_display = ("name", "countries", "regions", "position")
    search_fields = ("name",)
    inlines = (ShippingMethodInline,)


@admin.register(ShippingMethod)
class ShippingMethodAdmin(ModelAdmin):
    list_display = (
        "name",
        "zone",
        "carrier",
        "pricing_basis",
        "free_shipping_threshold",
        "delivery_estimate",
        "is_active",
    )
    list_filter = ("zone", "pricing_basis", "is_active")
    list_select_related = ("zone", "carrier")
    search_fields = ("name",)
    inlines = (ShippingBandInline,)
    fields = (
        "zone",
        "name",
        "carrier",
        ("delivery_min_days", "delivery_max_days"),
        "pricing_basis",
        "free_shipping_threshold",
        "is_active",
        "position",
    )
