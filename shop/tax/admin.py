"""Tax in the admin: classes with their rates (general and per zone)."""

from django.contrib import admin
from unfold.admin import ModelAdmin, TabularInline

from shop.tax.models import TaxClass, TaxRate


class TaxRateInline(TabularInline):
    model = TaxRate
    fields = ("zone", "rate")
    extra = 1


@admin.register(TaxClass)
class TaxClassAdmin(ModelAdmin):
    list_display = ("name", "slug", "is_default")
    prepopulated_fields = {"slug": ("name",)}
    inlines = (TaxRateInline,)


@admin.register(TaxRate)
class TaxRateAdmin(ModelAdmin):
    list_display = ("tax_class", "zone", "rate")
    list_filter = ("tax_class", "zone")
    list_select_related = ("tax_class", "zone")
