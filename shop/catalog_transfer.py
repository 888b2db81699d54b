"""Catalog import and export for merchants (django-import-export): products, and variants with their prices and
stock, as CSV or XLSX from the admin.

Two sheets, each keyed by what merchants already use as an id:

- **Products** (``ProductResource``), one row per product keyed by ``slug``: title, brand, category (its slug),
  description, active.
- **Variants** (``VariantResource``), one row per variant keyed by ``sku``: the product's slug and, for a product
  that does not exist yet, its title, brand and category (the product is created from the first such row),
  the attributes as JSON, price, stock, active. A price and stock update is this sheet with only the ``sku``,
  ``price`` and ``stock`` columns: columns left out are left unchanged.

Every import runs in one transaction: the admin first shows a preview with each row's errors (a price below
zero, an unknown category, attributes that are not a JSON object) and saves nothing; only a file without errors
can be confirmed, and the confirmed import is all or nothing.
"""

import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from shop.models import Category, Product, ProductVariant


class CategorySlugWidget(widgets.ForeignKeyWidget):
    """A category given by its slug, refused with a readable message when there is none."""

    def __init__(self) -> None:
        super().__init__(Category, field="slug")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            raise ValueError("A category is required (the slug of an existing category).")
        try:
            return super().clean(str(value).strip(), row, **kwargs)
        except Category.DoesNotExist:
            raise ValueError(f"There is no category with the slug {value!r}.") from None


class AttributesWidget(widgets.Widget):
    """Variant attributes as a JSON object in one cell (``{"size": "M", "colour": "blue"}``); empty is ``{}``."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return {}
        try:
            parsed = json.loads(value) if isinstance(value, str) else value
        except json.JSONDecodeError:
            raise ValueError('Attributes must be a JSON object, for example {"size": "M"}.') from None
        if not isinstance(parsed, dict) or not all(isinstance(item, str | int | float) for item in parsed.values()):
            raise ValueError('Attributes must be a JSON object of names and values, for example {"size": "M"}.')
        return parsed

    def render(self, value, obj=None, **kwargs):
        return json.dumps(value or {}, ensure_ascii=False, sort_keys=True)


class PriceWidget(widgets.DecimalWidget):
    """A price of at least 0.00 with at most two decimals."""

    def clean(self, value, row=None, **kwargs):
        try:
            price = super().clean(value, row, **kwargs)
        except (InvalidOperation, ValueError):
            raise ValueError(f"{value!r} is not a price (use digits and a dot, like 19.90).") from None
        if price is None:
            raise ValueError("A price is required.")
        if price < 0 or price != price.quantize(Decimal("0.01")):
            raise ValueError("A price is 0.00 or more, with at most two decimals.")
        return price


class StockWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            stock = super().clean(value, row, **kwargs)
        except (InvalidOperation, ValueError):
            raise ValueError(f"{value!r} is not a whole number of units.") from None
        if stock is None or stock < 0:
            raise ValueError("Stock is a whole number of units, 0 or more.")
        return stock


_BOOLEAN = widgets.BooleanWidget()


class ProductResource(resources.ModelResource):
    slug = fields.Field(attribute="slug", column_name="slug")
    title = fields.Field(attribute="title", column_name="title")
    brand = fields.Field(attribute="brand", column_name="brand")
    category = fields.Field(attribute="category", column_name="category", widget=CategorySlugWidget())
    description = fields.Field(attribute="description", column_name="description")
    is_active = fields.Field(attribute="is_active", column_name="active", widget=_BOOLEAN)

    class Meta:
        model = Product
        name = "Products"
        import_id_fields = ("slug",)
        fields = ("slug", "title", "brand", "category", "description", "is_active")
        export_order = fields
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True

    def get_export_queryset(self, request=None):
        return Product.objects.select_related("category").order_by("slug")


class VariantResource(resources.ModelResource):
    sku = fields.Field(attribute="sku", column_name="sku")
    product = fields.Field(
        attribute="product", column_name="product", widget=widgets.ForeignKeyWidget(Product, field="slug")
    )
    product_title = fields.Field(column_name="product_title", readonly=True)
    product_brand = fields.Field(column_name="product_brand", readonly=True)
    product_category = fields.Field(column_name="product_category", readonly=True)
    attributes = fields.Field(attribute="attributes", column_name="attributes", widget=AttributesWidget())
    price = fields.Field(attribute="price", column_name="price", widget=PriceWidget())
    stock = fields.Field(attribute="stock", column_name="stock", widget=StockWidget())
    is_active = fields.Field(attribute="is_active", column_name="active", widget=_BOOLEAN)

    class Meta:
        model = ProductVariant
        name = "Variants, prices and stock"
        import_id_fields = ("sku",)
        fields = (
            "sku",
            "product",
            "product_title",
            "product_brand",
            "product_category",
            "attributes",
            "price",
            "stock",
            "is_active",
        )
        export_order = fields
        use_transactions = True
        clean_model_instances = True
        skip_unchanged = True

    def get_export_queryset(self, request=None):
        return ProductVariant.objects.select_related("product__category").order_by("sku")

    def dehydrate_product_title(self, variant: ProductVariant) -> str:
        return variant.product.title

    def dehydrate_product_brand(self, variant: ProductVariant) -> str:
        return variant.product.brand

    def dehydrate_product_category(self, variant: ProductVariant) -> str:
        return variant.product.category.slug

    def before_import_row(self, row, **kwargs):
        """A row naming a product that does not exist yet creates it from its title, brand and category (inside
        the import's transaction, so a preview or a failed import leaves nothing behind)."""
        slug = str(row.get("product") or "").strip()
        if not slug or Product.objects.filter(slug=slug).exists():
            return
        title = str(row.get("product_title") or "").strip()
        if not title:
            raise ValidationError({"product": f"There is no product {slug!r}; give product_title to create it."})
        try:
            category = CategorySlugWidget().clean(row.get("product_category"))
        except ValueError as error:
            raise ValidationError({"product_category": str(error)}) from None
        product = Product(slug=slug, title=title, brand=str(row.get("product_brand") or "").strip(), category=category)
        product.full_clean()
        product.save()
