"""Personal data of the shop app: carts are about their shopper; the catalog is about products.

Retention category used here: ``cart`` (a cart and its lines, while the shopper keeps them).

Retention policies: an anonymous cart goes 30 days after its last activity (``updated_at``, which every cart
change moves); a signed-in shopper's cart stays with the account. Search and browsing history goes after
180 days.
"""

from datetime import timedelta

from django.db.models import Q

from privacy.registry import (
    Anonymise,
    Category,
    Mask,
    OnErase,
    PersonalField,
    PersonalModel,
    RetentionAction,
    RetentionPolicy,
    exempt,
    register,
    register_retention,
)

register(
    PersonalModel(
        model="shop.Cart",
        owner="user",
        retention="cart",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField("user", category=Category.IDENTITY, label="Owner", mask=Mask.NONE, anonymise=Anonymise.NULL),
            PersonalField(
                "voucher_code",
                category=Category.BEHAVIOUR,
                label="Voucher code entered",
                mask=Mask.NONE,
                anonymise=Anonymise.BLANK,
            ),
        ],
    )
)
register(
    PersonalModel(
        model="shop.CartItem",
        owner="cart__user",
        retention="cart",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "variant",
                category=Category.BEHAVIOUR,
                label="Product in the cart",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "quantity",
                category=Category.BEHAVIOUR,
                label="Quantity",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "added_at",
                category=Category.BEHAVIOUR,
                label="Added to the cart at",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
        ],
    )
)

_CATALOG = "Catalog content written by the merchant about products, never about a person."
exempt("shop.Category", "name", "slug", reason=_CATALOG)
exempt("shop.Product", "title", "slug", "description", "brand", reason=_CATALOG)
exempt(
    "shop.Product",
    "search_vector",
    reason="Full-text index derived from the product's title and description (merchant content).",
)
exempt("shop.ProductVariant", "sku", reason="Stock-keeping code the merchant assigns to a product variant.")
exempt("shop.ProductVariant", "attributes", reason="Merchant-defined product attributes (size, colour...).")
exempt("shop.ProductImage", "image", "alt_text", reason="Product photographs and their descriptions.")
exempt(
    "shop.ProductImage",
    "colour",
    "rendition_widths",
    reason="Which colour variant a product picture shows, and the widths it is stored at.",
)

register(
    PersonalModel(
        model="shop.HistoryEntry",
        owner="user",
        retention="history",
        on_erase=OnErase.DELETE_ROW,
        fields=[
            PersonalField(
                "user", category=Category.BEHAVIOUR, label="User", mask=Mask.NONE, anonymise=Anonymise.DELETE_ROW
            ),
            PersonalField(
                "kind", category=Category.BEHAVIOUR, label="What", mask=Mask.NONE, anonymise=Anonymise.DELETE_ROW
            ),
            PersonalField(
                "query", category=Category.BEHAVIOUR, label="Search", mask=Mask.FULL, anonymise=Anonymise.DELETE_ROW
            ),
            PersonalField(
                "product",
                category=Category.BEHAVIOUR,
                label="Product viewed",
                mask=Mask.NONE,
                anonymise=Anonymise.DELETE_ROW,
            ),
            PersonalField(
                "created_at", category=Category.BEHAVIOUR, label="When", mask=Mask.NONE, anonymise=Anonymise.DELETE_ROW
            ),
        ],
    )
)

register_retention(
    RetentionPolicy(
        category="cart_anonymous",
        model="shop.Cart",
        date_field="updated_at",
        default_period=timedelta(days=30),
        action=RetentionAction.DELETE,
        filter=Q(user__isnull=True),
        label="Anonymous carts, after their last activity",
    )
)
register_retention(
    RetentionPolicy(
        category="history",
        model="shop.HistoryEntry",
        date_field="created_at",
        default_period=timedelta(days=180),
        action=RetentionAction.DELETE,
        label="Search and browsing history",
    )
)
