"""``seed_demo``'s product pictures: one per demo product and colour, drawn by ``demo.images``.

Stored through the default storage (``MEDIA_ROOT`` in development) as WebP: the original at the largest
width and smaller copies beside it for ``srcset``. Idempotent: a product that has any picture is skipped.
"""

from random import Random

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from demo.catalog import DEFAULT_PRODUCT_COUNT, SeedCounts, demo_product
from demo.images import (
    RENDITION_WIDTHS,
    colour_rgb,
    default_colour,
    product_picture,
    webp_renditions,
)
from shop.models import Product, ProductImage

# The attributes whose values are colours the pictures can show, in order of preference.
COLOUR_AXES = ("colour", "wash")


def _colours_of(spec) -> list[tuple[str, str]]:
    """``(attribute value, colour name)`` for each distinct colour of the product's variants, in order."""
    seen: dict[str, str] = {}
    for variant in spec.variants:
        for axis in COLOUR_AXES:
            value = variant.attributes.get(axis)
            if value and colour_rgb(value) and value not in seen:
                seen[value] = value
    if seen:
        return list(seen.items())
    return [("", default_colour(spec.leaf.code, Random(f"colour:{spec.slug}")))]


def _save(name: str, content: bytes) -> str:
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


def demo_images_seed(*, product_count: int = DEFAULT_PRODUCT_COUNT) -> SeedCounts:
    """Draw and store the pictures of demo products 0 .. ``product_count - 1`` that have none yet."""
    counts = SeedCounts()
    specs = {spec.slug: spec for spec in (demo_product(number) for number in range(product_count))}
    products = Product.objects.filter(slug__in=specs).values_list("slug", "id", "title")
    with_images = set(ProductImage.objects.filter(product__slug__in=specs).values_list("product_id", flat=True))
    for slug, product_id, title in products:
        if product_id in with_images:
            counts.add("product images", found=1)
            continue
        spec = specs[slug]
        rows = []
        for position, (value, colour) in enumerate(_colours_of(spec)):
            picture = product_picture(code=spec.leaf.code, colour=colour_rgb(colour), seed=f"{slug}:{colour}")
            files = webp_renditions(picture)
            stem = f"products/demo/{slug}" + (f"-{value.lower().replace(' ', '-')}" if value else "")
            original = _save(f"{stem}.webp", files[RENDITION_WIDTHS[-1]])
            saved_stem = original.rsplit(".", 1)[0]
            for width in RENDITION_WIDTHS[:-1]:
                _save(f"{saved_stem}-{width}w.webp", files[width])
            alt = f"{title}, {value.lower()}" if value else title
            rows.append(
                ProductImage(
                    product_id=product_id,
                    image=original,
                    alt_text=alt,
                    position=position,
                    colour=value,
                    rendition_widths=list(RENDITION_WIDTHS[:-1]),
                )
            )
        with transaction.atomic():
            ProductImage.objects.bulk_create(rows)
        counts.add("product images", created=len(rows))
    return counts
