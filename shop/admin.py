"""The merchant's catalog admin: categories, products with their variants and images, stock, and the bulk
import and export of products and variants (``shop.catalog_transfer``)."""

from django.contrib import admin, messages
from django.db.models import Count, QuerySet, Sum
from django.http import HttpRequest
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from unfold.admin import ModelAdmin, TabularInline
from unfold.contrib.import_export.forms import ExportForm, ImportForm

from privacy.analytics.services import view_count_total
from shop.admin_variant_form import ATTRIBUTE_FIELDS, VariantAttributesForm
from shop.catalog_transfer import ProductResource, VariantResource
from shop.models import Category, Product, ProductImage, ProductVariant
from shop.services.catalog import product_set_active, product_view_subject

# Catalog files merchants exchange with spreadsheets: CSV and Excel only.
CATALOG_FORMATS = [CSV, XLSX]


@admin.register(Category)
class CategoryAdmin(ModelAdmin):
    list_display = ("name", "slug", "parent", "position")
    list_select_related = ("parent",)
    list_editable = ("position",)
    search_fields = ("name", "slug")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    prepopulated_fields = {"slug": ("name",)}
    autocomplete_fields = ("parent",)


class ProductVariantInline(TabularInline):
    model = ProductVariant
    form = VariantAttributesForm
    fields = ("sku", *ATTRIBUTE_FIELDS, "price", "weight", "stock", "is_active")
    extra = 1


class ProductImageInline(TabularInline):
    model = ProductImage
    fields = ("image", "alt_text", "position")
    extra = 1


@admin.register(Product)
class ProductAdmin(ImportExportMixin, ModelAdmin):
    resource_classes = [ProductResource]
    import_form_class, export_form_class = ImportForm, ExportForm
    import_formats = export_formats = CATALOG_FORMATS
    list_display = ("title", "brand", "category", "is_active", "variant_count", "total_stock", "updated_at")
    list_select_related = ("category",)
    list_filter = ("is_active", "category", "brand")
    search_fields = ("title", "brand", "variants__sku")
    prepopulated_fields = {"slug": ("title",)}
    autocomplete_fields = ("category",)
    readonly_fields = ("created_at", "updated_at", "views_last_30_days")
    inlines = (ProductVariantInline, ProductImageInline)
    actions = ("activate", "deactivate")
    date_hierarchy = "created_at"

    @admin.display(description="Views in the last 30 days (visitors who accepted optional cookies)")
    def views_last_30_days(self, obj: Product) -> int:
        return view_count_total(subject=product_view_subject(obj.pk), days=30) if obj.pk else 0

    def get_queryset(self, request: HttpRequest) -> QuerySet[Product]:
        # Counted in SQL so the changelist costs the same number of queries for 10 or 100 rows.
        return (
            super()
            .get_queryset(request)
            .defer("search_vector")
            .annotate(variant_count=Count("variants"), total_stock=Sum("variants__stock"))
        )

    @admin.display(description="variants", ordering="variant_count")
    def variant_count(self, product: Product) -> int:
        return product.variant_count

    @admin.display(description="stock", ordering="total_stock")
    def total_stock(self, product: Product) -> int:
        return product.total_stock or 0

    @admin.action(description="Activate selected products (show them in the shop)")
    def activate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        changed = product_set_active(product_ids=queryset.values_list("pk", flat=True), is_active=True)
        self.message_user(request, f"{changed} product(s) activated.", messages.SUCCESS)

    @admin.action(description="Deactivate selected products (hide them from the shop)")
    def deactivate(self, request: HttpRequest, queryset: QuerySet[Product]) -> None:
        changed = product_set_active(product_ids=queryset.values_list("pk", flat=True), is_active=False)
        self.message_user(request, f"{changed} product(s) deactivated.", messages.SUCCESS)


@admin.register(ProductVariant)
class ProductVariantAdmin(ImportExportMixin, ModelAdmin):
    resource_classes = [VariantResource]
    import_form_class, export_form_class = ImportForm, ExportForm
    import_formats = export_formats = CATALOG_FORMATS
    list_display = ("sku", "product", "attributes_label", "price", "stock", "is_active")
    list_editable = ("price", "stock", "is_active")
    list_select_related = ("product",)
    list_filter = ("is_active",)
    search_fields = ("sku", "product__title")
    autocomplete_fields = ("product",)
    # Attributes as fields (colour, size, other lines), never the raw JSON (shop/admin_variant_form.py).
    form = VariantAttributesForm
    fields = ("product", "sku", *ATTRIBUTE_FIELDS, "price", "weight", "stock", "is_active")
