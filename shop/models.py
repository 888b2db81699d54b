"""Catalog (categories, products, variants, images) and carts."""

import json
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy

from core.models import TimeStampedModel
from core.money import MoneyField
from shop.image_validation import validate_product_image


class Category(models.Model):
    """A node in the category tree; products belong to a leaf or an inner node."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("position", "name")
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Product(TimeStampedModel):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    description = models.TextField(blank=True)
    brand = models.CharField(max_length=120, blank=True, db_index=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    is_active = models.BooleanField(default=True, db_index=True)
    tax_class = models.ForeignKey(
        "tax.TaxClass",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Empty: the default tax class.",
    )
    # Maintained by a PostgreSQL trigger (migration 0002) from title and description; unused on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = [models.Index(fields=["is_active", "category"])]

    def __str__(self) -> str:
        return self.title


class ProductVariant(TimeStampedModel):
    """A buyable unit: one SKU with its attribute values, price and stock.

    ``stock`` can never go negative: the database refuses it (a check constraint), so no code path,
    however it decrements, can oversell.
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField("SKU", max_length=64, unique=True)
    attributes = models.JSONField(default=dict, blank=True, help_text='For example {"size": "M", "colour": "blue"}.')
    price = MoneyField(validators=[MinValueValidator(Decimal("0.00"))])
    stock = models.IntegerField(default=0, validators=[MinValueValidator(0)])
    weight = models.DecimalField(
        "weight (kg)",
        max_digits=8,
        decimal_places=3,
        default=Decimal("0.000"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="Shipping weight of one unit, packed.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ("product_id", "id")
        indexes = [
            # The catalog's per-product price range and stock read only active variants: the lowest and
            # highest price are the first and last entries of a product, without touching the table.
            models.Index(
                fields=["product", "price"],
                include=["stock"],
                condition=models.Q(is_active=True),
                name="shop_variant_active_price_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(stock__gte=0), name="variant_stock_not_negative"),
            models.CheckConstraint(condition=models.Q(price__gte=0), name="variant_price_not_negative"),
        ]

    def __str__(self) -> str:
        return self.sku

    @property
    def attributes_label(self) -> str:
        return ", ".join(str(value) for value in self.attributes.values())

    @property
    def attributes_json(self) -> str:
        """The attributes as JSON, for the product page's variant picker (a ``data-`` attribute)."""
        return json.dumps(self.attributes, ensure_ascii=False)


class ProductImage(models.Model):
    """A picture of a product, optionally of one colour of it, with smaller WebP copies for ``srcset``.

    The copies sit beside the original as ``<name>-<width>w.webp``; ``rendition_widths`` lists the widths
    written (empty: the original alone, as for an upload through the admin).
    """

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(upload_to="products/%Y/%m/", validators=[validate_product_image])
    alt_text = models.CharField(max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)
    colour = models.CharField(
        max_length=60, blank=True, help_text="The variant colour this picture shows; empty: any colour."
    )
    rendition_widths = models.JSONField(default=list, blank=True, editable=False)

    class Meta:
        ordering = ("position", "id")

    def __str__(self) -> str:
        return self.alt_text or f"Image #{self.pk}"

    @property
    def renditions(self) -> list[tuple[int, str]]:
        """``(width, url)`` of each smaller copy, narrowest first."""
        stem = self.image.url.rsplit(".", 1)[0]
        return [(width, f"{stem}-{width}w.webp") for width in sorted(self.rendition_widths)]


class Cart(TimeStampedModel):
    """A shopper's cart: owned by a user, or (anonymous) referenced from the visitor's session."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="cart"
    )
    # The shopper's choices, re-checked whenever the cart is priced and again at checkout.
    voucher_code = models.CharField(max_length=40, blank=True)
    shipping_method = models.ForeignKey(
        "shipping.ShippingMethod", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"Cart #{self.pk}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    variant = models.ForeignKey(ProductVariant, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("added_at", "id")
        constraints = [
            models.UniqueConstraint(fields=["cart", "variant"], name="cart_item_unique_variant"),
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="cart_item_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} x {self.variant_id}"


class HistoryKind(models.TextChoices):
    SEARCH = "search", gettext_lazy("Search")
    VIEW = "view", gettext_lazy("Product viewed")


class HistoryEntry(models.Model):
    """A search or a product view, recorded only while the user's personalisation consent is on (A4).

    The user can list and clear their history; retention deletes entries after their period (E1).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="history_entries")
    kind = models.CharField(max_length=10, choices=HistoryKind.choices)
    query = models.CharField(max_length=200, blank=True)
    product = models.ForeignKey(Product, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name_plural = "history entries"
        indexes = [models.Index(fields=["user", "-created_at"], name="shop_history_user_idx")]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"
