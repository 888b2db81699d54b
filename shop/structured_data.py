"""schema.org descriptions of catalog pages for search engines (JSON-LD), built from what the page shows."""

from decimal import Decimal

from django.conf import settings
from django.urls import reverse

SCHEMA = "https://schema.org"


def _absolute(site_url: str, url: str) -> str:
    return url if url.startswith(("http://", "https://")) else site_url + url


def product_json_ld(*, product, variants, images) -> dict:
    """A ``Product`` with its brand, pictures, offers (each buyable variant: price after a running sale,
    availability) and, when it has published reviews, its ``aggregateRating``."""
    site_url = settings.SHOP_SITE_URL.rstrip("/")
    url = site_url + reverse("product-detail", args=[product.slug])
    data: dict = {
        "@context": SCHEMA,
        "@type": "Product",
        "name": product.title,
        "url": url,
        "description": product.description,
        "category": product.category.name,
        "image": [_absolute(site_url, image.image.url) for image in images],
    }
    if product.brand:
        data["brand"] = {"@type": "Brand", "name": product.brand}
    offers = []
    for variant in variants:
        price: Decimal = variant.sale_price if getattr(variant, "sale_price", None) is not None else variant.price
        offers.append(
            {
                "@type": "Offer",
                "sku": variant.sku,
                "name": variant.attributes_label or product.title,
                "price": f"{price:.2f}",
                "priceCurrency": settings.SHOP_CURRENCY,
                "availability": f"{SCHEMA}/{'InStock' if variant.stock > 0 else 'OutOfStock'}",
                "url": url,
            }
        )
    if offers:
        data["offers"] = offers
    rating = getattr(product, "rating", None) if _has_rating(product) else None
    if rating is not None and rating.count:
        data["aggregateRating"] = {
            "@type": "AggregateRating",
            "ratingValue": f"{rating.average:.1f}",
            "reviewCount": rating.count,
            "bestRating": 5,
            "worstRating": 1,
        }
    return data


def _has_rating(product) -> bool:
    """Whether the product's (joined) rating summary exists: a product nobody rated has no row."""
    try:
        return product.rating is not None
    except product.__class__.rating.RelatedObjectDoesNotExist:
        return False
