"""Catalog API: the category tree, the product list with search and filters, one product.

Browsing needs no account (promise A1): every view allows anonymous callers.
"""

from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import Access, ApiMixin, ApiView
from core.cache_control import cacheable
from privacy.analytics.services import view_count_record
from shop.api.catalog_cache import SharedCatalogAnswerMixin
from shop.api.catalog_serializers import CategoryTreeSerializer, ProductDetailSerializer, ProductListSerializer
from shop.filters import ProductFilter
from shop.promotions.sales import running_sales_now, sales_mark_products, sales_mark_variants
from shop.selectors.catalog import category_tree, product_count, product_get, products_active, products_filter
from shop.services.catalog import product_view_subject
from shop.services.history import history_record_search, history_record_view

_INVALID_FILTER_EXAMPLE = OpenApiExample(
    "Invalid filter",
    value={
        "code": "invalid",
        "detail": "The submitted data is not valid.",
        "fields": {"ordering": ["Select a valid choice. cheapest is not one of the available choices."]},
    },
    response_only=True,
    status_codes=["400"],
)
_NOT_FOUND_EXAMPLE = OpenApiExample(
    "Not found",
    value={"code": "not_found", "detail": "No such product.", "fields": {}},
    response_only=True,
    status_codes=["404"],
)


@cacheable
class CategoryTreeView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="categories_tree",
        tags=["catalog"],
        summary="The category tree",
        description="Root categories, each with its sub-categories nested in `children`. Not paginated.",
        responses={200: CategoryTreeSerializer(many=True)},
    )
    def get(self, request: Request) -> Response:
        return Response(CategoryTreeSerializer(category_tree(), many=True).data)


_FILTER_PARAMS = tuple(ProductFilter.base_filters)


class _CountedProducts:
    """A product queryset whose ``count()`` is given: the paginator counts with ``product_count`` (the product
    table alone) instead of the annotated queryset, and slices the page from the latter."""

    def __init__(self, queryset, count: int) -> None:
        self._queryset, self._count = queryset, count

    def count(self) -> int:
        return self._count

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, k):
        return self._queryset[k]


@cacheable
class ProductListView(SharedCatalogAnswerMixin, ApiMixin, generics.ListAPIView):
    access = Access.PUBLIC
    serializer_class = ProductListSerializer
    # For the schema and the validation of the parameters; ``filter_queryset`` applies them.
    filter_backends = [DjangoFilterBackend]
    filterset_class = ProductFilter

    def get_queryset(self):
        return products_active(for_list=True)

    def filter_queryset(self, queryset):
        params = self.request.query_params
        self.filters = {}
        # Without any filter parameter there is nothing to validate: django-filter's FilterSet is skipped.
        if any(params.get(name) for name in _FILTER_PARAMS):
            filterset = ProductFilter(params, queryset=queryset, request=self.request)
            if not filterset.is_valid():
                raise filter_utils.translate_validation(filterset.errors)
            self.filters = filterset.form.cleaned_data
        return products_filter(queryset, **self.filters)

    def paginate_queryset(self, queryset):
        counted = _CountedProducts(queryset, product_count(**self.filters))
        page = super().paginate_queryset(counted)
        sales_mark_products(page, sales=running_sales_now(self.catalog_state))
        return page

    @extend_schema(
        operation_id="products_list",
        tags=["catalog"],
        summary="Active products, searched, filtered and ordered",
        description=(
            "Only active products. Filters combine (AND). `page_size` is capped at 100. An invalid value of "
            "any filter, an unknown category slug or an unknown ordering is refused with `invalid`; the "
            "offending parameters are named in `fields`. A page past the end is `not_found`. For a signed-in "
            "caller whose `personalisation` consent is on, the search (`q`, with its first page) is added to "
            "their history (`/api/v1/privacy/history/`)."
        ),
        responses={
            200: ProductListSerializer(many=True),
            400: error_response("invalid"),
            404: error_response("not_found"),
        },
        examples=[_INVALID_FILTER_EXAMPLE],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        response = super().get(request, *args, **kwargs)
        # A search is recorded once, with its first page; paging through it is not a new search.
        if request.query_params.get("page") in (None, "", "1"):
            history_record_search(user_id=request.user.pk, query=request.query_params.get("q") or "")
        return response


@cacheable
class ProductDetailView(SharedCatalogAnswerMixin, ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="products_retrieve",
        tags=["catalog"],
        summary="One active product",
        description=(
            "The product with its description, category breadcrumbs, active variants and images. "
            "An inactive or unknown product is `not_found`. For a signed-in caller whose `personalisation` "
            "consent is on, the view is added to their history (`/api/v1/privacy/history/`)."
        ),
        responses={200: ProductDetailSerializer, 404: error_response("not_found")},
        examples=[_NOT_FOUND_EXAMPLE],
    )
    def get(self, request: Request, slug: str) -> Response:
        product = product_get(slug=slug)
        sales = running_sales_now(self.catalog_state)
        sales_mark_products([product], sales=sales)
        sales_mark_variants(product, product.active_variants, sales=sales)
        data = ProductDetailSerializer(product, context={"request": request}).data
        history_record_view(user_id=request.user.pk, product_id=product.pk)
        view_count_record(request=request, subject=product_view_subject(product.pk))
        return Response(data)
