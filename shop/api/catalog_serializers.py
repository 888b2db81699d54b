"""Output shapes of the catalog API.

``ProductDetailSerializer`` extends ``ProductListSerializer``: a field added to the list serializer
(for example a rating summary annotated in ``shop.selectors.catalog.products_active``) shows on both.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from shop.models import Category, Product, ProductImage, ProductVariant

_IMAGE_STORAGE = ProductImage._meta.get_field("image").storage


def _absolute_url(serializer: serializers.Serializer, url: str) -> str:
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request is not None else url


_CENT = Decimal("0.01")
_NO_RATING = {"average": None, "count": 0, "histogram": {str(stars): 0 for stars in range(1, 6)}}


def _money_text(amount: Decimal | None) -> str | None:
    """A price as DRF's ``DecimalField(decimal_places=2)`` writes it (``"12.50"``), without the field machinery."""
    return None if amount is None else format(amount.quantize(_CENT, rounding=ROUND_HALF_UP), "f")


class CategoryTreeSerializer(serializers.Serializer):
    """A category and, nested, all its sub-categories."""

    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    slug = serializers.SlugField(read_only=True)
    parent = serializers.IntegerField(source="parent_id", read_only=True, allow_null=True)

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = CategoryTreeSerializer(many=True, read_only=True)
        return fields


class CategoryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ("id", "slug", "name")
        read_only_fields = fields


class CategoryWithAncestorsSerializer(CategoryRefSerializer):
    ancestors = CategoryRefSerializer(
        many=True, read_only=True, help_text="Breadcrumbs: the parent categories, root first."
    )

    class Meta(CategoryRefSerializer.Meta):
        fields = (*CategoryRefSerializer.Meta.fields, "ancestors")
        read_only_fields = fields


class CurrencyMixin(metaclass=serializers.SerializerMetaclass):
    currency = serializers.SerializerMethodField(help_text="ISO 4217 code of every price in this object.")

    def get_currency(self, obj) -> str:
        return settings.SHOP_CURRENCY


def _money(**kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True, **kwargs)


class RatingSummarySerializer(serializers.Serializer):
    """A product's rating from its published reviews (kept by the reviews app in ``product.rating``)."""

    average = serializers.DecimalField(
        max_digits=3, decimal_places=2, allow_null=True, help_text="Average rating, 1 to 5; null without reviews."
    )
    count = serializers.IntegerField(help_text="Number of published reviews.")
    histogram = serializers.DictField(
        child=serializers.IntegerField(), help_text='Reviews per rating, "1" to "5", e.g. {"5": 12, "4": 3, ...}.'
    )


class SaleSerializer(serializers.Serializer):
    name = serializers.CharField()
    price_min = _money(help_text="Lowest price during the sale.")
    price_max = _money(help_text="Highest price during the sale.")


class ProductListSerializer(CurrencyMixin, serializers.ModelSerializer):
    category = CategoryRefSerializer(read_only=True)
    price_min = _money(allow_null=True, help_text="Lowest price of an active variant; null without any.")
    price_max = _money(allow_null=True, help_text="Highest price of an active variant; null without any.")
    in_stock = serializers.SerializerMethodField(help_text="Some active variant has stock.")
    image = serializers.SerializerMethodField(help_text="Absolute URL of the first image, or null.")
    rating = serializers.SerializerMethodField(help_text="Rating summary of the product's published reviews.")
    sale = serializers.SerializerMethodField(
        help_text="A running sale and the reduced price range (price_min/price_max stay the regular prices); "
        "null without one."
    )

    class Meta:
        model = Product
        fields = (
            "id",
            "slug",
            "title",
            "brand",
            "category",
            "price_min",
            "price_max",
            "sale",
            "currency",
            "in_stock",
            "image",
            "rating",
        )
        read_only_fields = fields

    def get_in_stock(self, product: Product) -> bool:
        return (product.total_stock or 0) > 0

    @extend_schema_field(SaleSerializer(allow_null=True))
    def get_sale(self, product: Product) -> dict | None:
        # Set by the view (``shop.promotions.sales.sales_mark_products``) from one read of the running sales.
        sale = getattr(product, "sale", None)
        return SaleSerializer(sale).data if sale is not None else None

    @extend_schema_field(RatingSummarySerializer)
    def get_rating(self, product: Product) -> dict:
        # Joined by the selector (``select_related("rating")``); a product never rated has no summary row.
        summary = getattr(product, "rating", None)
        if summary is None or not summary.count:
            return {"average": None, "count": 0, "histogram": {str(stars): 0 for stars in range(1, 6)}}
        histogram = {str(stars): getattr(summary, f"stars_{stars}") for stars in range(1, 6)}
        return RatingSummarySerializer(
            {"average": summary.average, "count": summary.count, "histogram": histogram}
        ).data

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image(self, product: Product) -> str | None:
        # ``first_image`` is the stored name, annotated by the selector: no image rows are loaded for a list.
        name = product.first_image
        return _absolute_url(self, _IMAGE_STORAGE.url(name)) if name else None

    def to_representation(self, product: Product) -> dict:
        """The fields above written directly: the same JSON as DRF's generic walk over them (a test compares
        the two), at a fraction of its cost for a page of products. The declared fields stay the schema."""
        category = product.category
        summary = getattr(product, "rating", None)
        if summary is None or not summary.count:
            rating = {**_NO_RATING, "histogram": dict(_NO_RATING["histogram"])}
        else:
            rating = {
                "average": _money_text(summary.average),
                "count": summary.count,
                "histogram": {str(stars): getattr(summary, f"stars_{stars}") for stars in range(1, 6)},
            }
        sale = getattr(product, "sale", None)
        name = product.first_image
        return {
            "id": product.pk,
            "slug": product.slug,
            "title": product.title,
            "brand": product.brand,
            "category": self._category(category),
            "price_min": _money_text(product.price_min),
            "price_max": _money_text(product.price_max),
            "sale": None
            if sale is None
            else {
                "name": sale.name,
                "price_min": _money_text(sale.price_min),
                "price_max": _money_text(sale.price_max),
            },
            "currency": settings.SHOP_CURRENCY,
            "in_stock": (product.total_stock or 0) > 0,
            "image": _absolute_url(self, _IMAGE_STORAGE.url(name)) if name else None,
            "rating": rating,
        }

    def _category(self, category: Category) -> dict:
        return {"id": category.pk, "slug": category.slug, "name": category.name}


class ProductVariantSerializer(CurrencyMixin, serializers.ModelSerializer):
    attributes = serializers.DictField(
        child=serializers.CharField(), read_only=True, help_text='Attribute values, e.g. {"size": "M"}.'
    )
    attributes_label = serializers.CharField(read_only=True, help_text="The attribute values for display.")
    price = _money()
    sale_price = serializers.SerializerMethodField(help_text="The price during a running sale; null without one.")
    in_stock = serializers.SerializerMethodField()

    class Meta:
        model = ProductVariant
        fields = ("id", "sku", "attributes", "attributes_label", "price", "sale_price", "currency", "stock", "in_stock")
        read_only_fields = fields

    def get_in_stock(self, variant: ProductVariant) -> bool:
        return variant.stock > 0

    @extend_schema_field(serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    def get_sale_price(self, variant: ProductVariant) -> str | None:
        price = getattr(variant, "sale_price", None)
        return f"{price:.2f}" if price is not None else None


class ProductImageSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ProductImage
        fields = ("url", "alt_text")
        read_only_fields = fields

    @extend_schema_field(serializers.URLField())
    def get_url(self, image: ProductImage) -> str:
        return _absolute_url(self, image.image.url)


class ProductDetailSerializer(ProductListSerializer):
    category = CategoryWithAncestorsSerializer(read_only=True)
    variants = ProductVariantSerializer(source="active_variants", many=True, read_only=True)
    images = ProductImageSerializer(many=True, read_only=True)

    class Meta(ProductListSerializer.Meta):
        fields = (*ProductListSerializer.Meta.fields, "description", "variants", "images")
        read_only_fields = fields

    def to_representation(self, product: Product) -> dict:
        data = super().to_representation(product)
        data["description"] = product.description
        data["variants"] = [self._variant(variant) for variant in product.active_variants]
        data["images"] = [
            {"url": _absolute_url(self, image.image.url), "alt_text": image.alt_text} for image in product.images.all()
        ]
        return data

    def _category(self, category: Category) -> dict:
        return {
            **super()._category(category),
            "ancestors": [super(ProductDetailSerializer, self)._category(parent) for parent in category.ancestors],
        }

    @staticmethod
    def _variant(variant: ProductVariant) -> dict:
        return {
            "id": variant.pk,
            "sku": variant.sku,
            "attributes": {key: str(value) for key, value in variant.attributes.items()},
            "attributes_label": variant.attributes_label,
            "price": _money_text(variant.price),
            "sale_price": _money_text(getattr(variant, "sale_price", None)),
            "currency": settings.SHOP_CURRENCY,
            "stock": variant.stock,
            "in_stock": variant.stock > 0,
        }
