"""Catalog pages: the product list (search, category tree, filters) and the product page.

They use the same FilterSet and selectors as the API, so a page and ``/api/v1/products/`` with the
same query string list the same products. No account is needed (promise A1).
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from core.cache_control import cacheable
from privacy.analytics.services import view_count_record
from shop.filters import ORDERING_CHOICES, ProductFilter
from shop.promotions.sales import running_sales, sales_mark_products, sales_mark_variants
from shop.selectors.catalog import UnknownCategory, category_tree, product_get, products_active
from shop.selectors.recommendations import recommendations_for
from shop.services.catalog import product_view_subject
from shop.services.history import history_record_search, history_record_view

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
    sales_mark_products(page.object_list, sales=running_sales())
    values = filterset.form.data
    context = {
        "page_obj": page,
        "products": page.object_list,
        "categories": category_tree(),
        "errors": errors,
        "params": {name: values.get(name, "") for name in filterset.filters},
        "ordering_choices": ORDERING_CHOICES,
        "currency": settings.SHOP_CURRENCY,
    }
    response = render(request, "shop/product_list.html", context, status=400 if errors else 200)
    # A search is recorded once, when its first page is shown; paging through it is not a new search.
    if not errors and request.GET.get("page") in (None, "", "1"):
        history_record_search(user_id=request.user.pk, query=values.get("q") or "")
    return response


@cacheable
def product_detail(request: HttpRequest, slug: str) -> HttpResponse:
    product = product_get(slug=slug)  # an unknown slug is the 404 page (core.web_errors)
    variants = product.active_variants
    sales = running_sales()
    sales_mark_products([product], sales=sales)
    sales_mark_variants(product, variants, sales=sales)
    context = {
        "product": product,
        "variants": variants,
        "images": product.images.all(),
        "default_variant": next((v for v in variants if v.stock > 0), None),
        "currency": settings.SHOP_CURRENCY,
    }
    response = render(request, "shop/product_detail.html", context)
    history_record_view(user_id=request.user.pk, product_id=product.pk)
    view_count_record(request=request, subject=product_view_subject(product.pk))
    return response


def recommendations_page(request: HttpRequest) -> HttpResponse:
    """Recently viewed and recommended products: personalised only under the personalisation consent (A4)."""
    context = {"lists": recommendations_for(user=request.user), "currency": settings.SHOP_CURRENCY}
    return render(request, "shop/recommendations.html", context)
