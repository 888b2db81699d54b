"""Catalog pages: the product list (search, category tree, filters) and the product page.

They use the same FilterSet and selectors as the API, so a page and ``/api/v1/products/`` with the
same query string list the same products. No account is needed (promise A1).
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.cache_control import cacheable
from privacy.analytics.services import view_count_record
from shop.filters import ORDERING_CHOICES, ProductFilter
from shop.promotions.sales import running_sales_now, sales_mark_products, sales_mark_variants
from shop.selectors.catalog import (
    UnknownCategory,
    category_ancestors,
    category_tree,
    product_get,
    products_active,
)
from shop.selectors.recommendations import recommendations_for
from shop.services.catalog import product_view_subject
from shop.services.history import history_record_search, history_record_view
from shop.structured_data import product_json_ld

PAGE_SIZE = 24


@cacheable
def product_list(request: HttpRequest) -> HttpResponse:
    # The cards show the first image with its alt text, so the images come along (one query per page).
    filterset = ProductFilter(request.GET, queryset=products_active(with_images=True))
    errors = {}
    products = []
    if filterset.is_valid():
        try:
            products = filterset.qs
        except UnknownCategory as exc:
            errors = exc.fields
    else:
        errors = filterset.errors
    page = Paginator(products, PAGE_SIZE).get_page(request.GET.get("page"))
    sales_mark_products(page.object_list, sales=running_sales_now())
    values = filterset.form.data
    params = {name: values.get(name, "") for name in filterset.filters}
    tree = category_tree()
    context = {
        "page_obj": page,
        "products": page.object_list,
        "categories": tree,
        "errors": errors,
        "params": params,
        "ordering_choices": ORDERING_CHOICES,
        "currency": settings.SHOP_CURRENCY,
        "active_filter_count": sum(1 for name in ("min_price", "max_price", "brand", "in_stock") if params.get(name)),
        **_list_identity(request, params=params, tree=tree, page_number=page.number),
    }
    response = render(request, "shop/product_list.html", context, status=400 if errors else 200)
    # A search is recorded once, when its first page is shown; paging through it is not a new search.
    if not errors and request.GET.get("page") in (None, "", "1"):
        history_record_search(user_id=request.user.pk, query=values.get("q") or "")
    return response


def _find_node(nodes, slug: str):
    for node in nodes:
        if node.slug == slug:
            return node
        found = _find_node(node.children, slug)
        if found is not None:
            return found
    return None


def _list_identity(request: HttpRequest, *, params: dict, tree, page_number: int) -> dict:
    """The heading, meta description and canonical address of a product list: a category's page is named
    after the category; its canonical address keeps only the category and the page (filters and sorting
    show the same products)."""
    site_url = settings.SHOP_SITE_URL.rstrip("/")
    category = _find_node(tree, params.get("category") or "") if params.get("category") else None
    query = {}
    if category is not None:
        query["category"] = category.slug
    if page_number > 1:
        query["page"] = page_number
    canonical = site_url + request.path + (f"?{urlencode(query)}" if query else "")
    if params.get("q"):
        heading = _("Results for “%(query)s”") % {"query": params["q"]}
    elif category is not None:
        heading = category.name
    else:
        heading = _("All products")
    if category is not None:
        description = _(
            "Shop %(category)s at %(shop)s: prices, sizes and colours, delivered with privacy by design."
        ) % {"category": category.name, "shop": settings.SHOP_NAME}
    else:
        description = _(
            "%(shop)s: clothing, home, electronics and outdoor gear, delivered with your privacy kept by design."
        ) % {"shop": settings.SHOP_NAME}
    return {
        "heading": heading,
        "meta_description": description,
        "canonical_url": canonical,
        "current_category": category,
        "current_category_ancestors": category_ancestors(category_id=category.id) if category else [],
    }


def _meta_description(text: str, limit: int = 155) -> str:
    """The first ``limit`` characters of a description, cut at a word, for ``<meta name="description">``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


@cacheable
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = product_get(slug=slug)  # an unknown slug is the 404 page (core.web_errors)
    variants = product.active_variants
    sales = running_sales_now()
    sales_mark_products([product], sales=sales)
    sales_mark_variants(product, variants, sales=sales)
    images = list(product.images.all())
    default_variant = next((v for v in variants if v.stock > 0), None)
    attributes = default_variant.attributes if default_variant else {}
    default_colour = attributes.get("colour") or attributes.get("wash") or ""
    main_image = next((image for image in images if image.colour and image.colour == default_colour), None)
    context = {
        "product": product,
        "variants": variants,
        "images": images,
        "main_image": main_image or (images[0] if images else None),
        "default_variant": default_variant,
        "currency": settings.SHOP_CURRENCY,
        "json_ld": product_json_ld(product=product, variants=variants, images=images),
        "meta_description": _meta_description(product.description),
    }
    response = render(request, "shop/product_detail.html", context)
    history_record_view(user_id=request.user.pk, product_id=product.pk)
    view_count_record(request=request, subject=product_view_subject(product.pk))
    return response


def recommendations_page(request: HttpRequest) -> HttpResponse:
    """Recently viewed and recommended products: personalised only under the personalisation consent (A4)."""
    context = {"lists": recommendations_for(user=request.user), "currency": settings.SHOP_CURRENCY}
    return render(request, "shop/recommendations.html", context)
