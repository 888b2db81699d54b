"""Template helpers of the catalog pages: responsive product pictures and the picture of a colour."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The largest width of the demo pictures; an upload without renditions is described as square at this size.
DEFAULT_SIDE = 800


@register.simple_tag
def product_img(image, *, sizes: str = "100vw", eager: bool = False, alt: str | None = None, css_class: str = ""):
    """An ``<img>`` of a ``ProductImage`` with ``srcset`` over its smaller copies, its size (no layout shift)
    and lazy loading unless ``eager`` (the first picture above the fold)."""
    url = image.image.url
    sources = [f"{rendition_url} {width}w" for width, rendition_url in image.renditions]
    srcset = ", ".join([*sources, f"{url} {DEFAULT_SIDE}w"]) if sources else ""
    loading = "eager" if eager else "lazy"
    return format_html(
        '<img src="{}"{} alt="{}" width="{}" height="{}" loading="{}" decoding="async"{}{}>',
        sources[0].split(" ")[0] if sources else url,
        format_html(' srcset="{}" sizes="{}"', srcset, sizes) if srcset else "",
        image.alt_text if alt is None else alt,
        DEFAULT_SIDE,
        DEFAULT_SIDE,
        loading,
        mark_safe(' fetchpriority="high"') if eager else "",
        format_html(' class="{}"', css_class) if css_class else "",
    )


@register.filter
def first_image(product):
    """The product's first picture from its prefetched images (no query), or None."""
    images = list(product.images.all())
    return images[0] if images else None


@register.filter
def half_stars(average) -> str:
    """An average rating rounded to the nearest half star, as ``"4.5"``: the stars' fill width in the CSS."""
    if average is None:
        return "0"
    halves = round(float(average) * 2)
    return f"{halves / 2:.1f}"


_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def ld_json(data) -> str:
    """``data`` as the body of a ``<script type="application/ld+json">``: JSON whose ``<``, ``>`` and ``&``
    are escaped (as Django's ``json_script`` does), so no text in it can close the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES))  # noqa: S308
