"""Cart API: read the caller's cart, add, change and remove lines.

Works for visitors (the cart is bound to their session cookie) and for signed-in users (website
session with CSRF, or an allauth headless app token in ``X-Session-Token``).
"""

from dataclasses import replace

from django.contrib.sessions.backends.base import SessionBase
from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response

from core.api.schema import ErrorSerializer
from core.api.views import Access, ApiView
from core.errors import NotFound
from shop.api.pricing_serializers import PricingSerializer
from shop.pricing.cart import default_region
from shop.selectors.cart import CartDetail, cart_detail, cart_get_for_request, cart_variant_get
from shop.services.cart import (
    cart_add_item,
    cart_get_or_create_for_request,
    cart_notices_pop,
    cart_remove_item,
    cart_update_item,
    visitor_cart_token,
)

NOTICE_CODES = ("quantity_capped", "product_unavailable", "out_of_stock")


def cart_session(request) -> SessionBase:
    """Token clients carry their session in the token (``request.auth``); browsers in the cookie."""
    return request.auth if isinstance(request.auth, SessionBase) else request.session


# --- Output ---


class CartProductSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="variant.product.slug")
    title = serializers.CharField(source="variant.product.title")


class CartVariantSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="variant.id")
    sku = serializers.CharField(source="variant.sku")
    attributes = serializers.DictField(source="variant.attributes", help_text='For example {"size": "M"}.')
    attributes_label = serializers.CharField(source="variant.attributes_label")
    product = CartProductSerializer(source="*")
    image = serializers.SerializerMethodField(help_text="Absolute URL of the product's first image, or null.")

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_image(self, line) -> str | None:
        url = line.image_url
        request = self.context.get("request")
        if url is None or request is None:
            return url
        return request.build_absolute_uri(url)


class CartLineSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    variant = CartVariantSerializer(source="*")
    quantity = serializers.IntegerField()
    unit_price = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="The variant's current price, gross, after any sale."
    )
    original_unit_price = serializers.DecimalField(
        max_digits=None, decimal_places=2, allow_null=True, help_text="The gross price before the sale; null without."
    )
    sale_name = serializers.CharField(help_text="The running sale that lowers this price; empty without.")
    line_total = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="Gross line total after sales, before a voucher."
    )
    line_discount = serializers.DecimalField(
        max_digits=None, decimal_places=2, help_text="This line's gross share of an order voucher."
    )
    tax_rate = serializers.DecimalField(max_digits=None, decimal_places=2, help_text="Percent.")
    line_net = serializers.DecimalField(max_digits=None, decimal_places=2, help_text="After the voucher share.")
    line_tax = serializers.DecimalField(max_digits=None, decimal_places=2, help_text="Rounded half up per line.")
    available = serializers.BooleanField(
        help_text="False when the variant or product is off sale, or the quantity exceeds the stock."
    )
    currency = serializers.SerializerMethodField()

    def get_currency(self, line) -> str:
        return self.context["currency"]


class CartNoticeSerializer(serializers.Serializer):
    code = serializers.ChoiceField(choices=NOTICE_CODES)
    sku = serializers.CharField()
    detail = serializers.CharField()


class CartSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="Null while the caller has no cart yet.")
    items = CartLineSerializer(source="lines", many=True)
    total_quantity = serializers.IntegerField()
    subtotal = serializers.DecimalField(max_digits=None, decimal_places=2, help_text="Sum of the line totals.")
    currency = serializers.CharField()
    pricing = PricingSerializer(help_text="Shipping, voucher and tax for the `region` asked (default: nationwide).")
    notices = CartNoticeSerializer(
        many=True,
        help_text="What changed when the visitor's cart was merged at login; reported once, by the next GET.",
    )
    visitor_token = serializers.SerializerMethodField(
        help_text="Visitors only (null once signed in): an app client sends it as the `X-Cart-Token` header "
        "with its headless login or signup request so this cart joins the account's cart, as on the website."
    )

    def get_visitor_token(self, detail) -> str | None:
        request = self.context.get("request")
        if detail.id is None or request is None or request.user.is_authenticated:
            return None
        return visitor_cart_token(cart_id=detail.id)


def cart_region(request) -> str:
    """The region to estimate shipping and tax for: ``?region=``, else the shopper's default address's."""
    region = request.query_params.get("region", "").strip()[:100].replace("\x00", "")
    return region or default_region(request.user)


def priced_cart(request, cart) -> CartDetail:
    return cart_detail(cart=cart, user=request.user, region=cart_region(request))


def cart_response(request, detail: CartDetail, *, status_code: int = status.HTTP_200_OK) -> Response:
    serializer = CartSerializer(detail, context={"request": request, "currency": detail.currency})
    return Response(serializer.data, status=status_code)


# --- Input ---


@extend_schema_field({"oneOf": [{"type": "integer"}, {"type": "string"}], "example": "SKU-000001"})
class VariantReferenceField(serializers.Field):
    """A variant id (integer) or SKU (string)."""

    default_error_messages = {
        "invalid": "Give a variant id or SKU.",
        "unknown": "No product variant with this id or SKU.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str) or (isinstance(data, str) and not data.strip()):
            self.fail("invalid")
        if isinstance(data, str) and "\x00" in data:
            # PostgreSQL text cannot hold NUL: refuse it here rather than fail in the query.
            self.fail("invalid")
        variant = cart_variant_get(reference=data.strip() if isinstance(data, str) else data)
        if variant is None:
            self.fail("unknown")
        return variant

    def to_representation(self, value):
        return value.pk


class CartItemCreateSerializer(serializers.Serializer):
    variant = VariantReferenceField()
    quantity = serializers.IntegerField(min_value=1)


class CartItemUpdateSerializer(serializers.Serializer):
    quantity = serializers.IntegerField(min_value=1)


class CartErrorSerializer(ErrorSerializer):
    """The shared error shape; ``insufficient_stock`` adds ``available``."""

    available = serializers.IntegerField(required=False, help_text="With `insufficient_stock`: the variant's stock.")


_INVALID = (
    "`invalid`: quantity is not a whole number of at least 1 (`fields.quantity`), "
    "or the variant is unknown (`fields.variant`)."
)
_STOCK = "`insufficient_stock`: the quantity (summed with the line's) exceeds the stock; `available` is the stock."
_UNAVAILABLE = "`product_unavailable`: the variant or its product is off sale."
_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="`not_found`: no such line in the caller's cart.")
_UNAUTHENTICATED = OpenApiResponse(
    ErrorSerializer, description="`not_authenticated`: the `X-Session-Token` sent is invalid or has expired."
)
_FORBIDDEN = OpenApiResponse(
    ErrorSerializer, description="`permission_denied`: a signed-in website session sent no valid CSRF token."
)
_ERROR_400 = OpenApiResponse(
    CartErrorSerializer,
    description=f"{_INVALID} {_STOCK} {_UNAVAILABLE}",
    examples=[
        OpenApiExample(
            "insufficient_stock",
            value={
                "code": "insufficient_stock",
                "detail": "Only 2 of Linen shirt in stock.",
                "fields": {"quantity": ["Only 2 of Linen shirt in stock."]},
                "available": 2,
            },
        ),
        OpenApiExample(
            "invalid",
            value={
                "code": "invalid",
                "detail": "The submitted data is not valid.",
                "fields": {"quantity": ["Ensure this value is greater than or equal to 1."]},
            },
        ),
        OpenApiExample(
            "product_unavailable",
            value={"code": "product_unavailable", "detail": "Linen shirt is not available.", "fields": {}},
        ),
    ],
)


# --- Views ---


class CartView(ApiView):
    # A visitor's cart lives in their session until they sign in (promise A1).
    access = Access.PUBLIC

    @extend_schema(
        operation_id="cart_retrieve",
        tags=["cart"],
        summary="The caller's cart",
        description="Never creates a cart: `id` is null and `items` empty until the first add. `pricing` holds "
        "shipping options, the voucher and the tax split for `region` (default: your default address's region).",
        parameters=[OpenApiParameter("region", str, description="Region (province) to estimate shipping and tax for.")],
        responses={200: CartSerializer, 401: _UNAUTHENTICATED},
    )
    def get(self, request):
        session = cart_session(request)
        notices = cart_notices_pop(session=session)
        if notices and session is not request.session:
            # A token session is not saved by the session middleware: persist the removal here.
            session.save()
        cart = cart_get_for_request(user=request.user, session=session)
        return cart_response(request, replace(priced_cart(request, cart), notices=notices))


class CartItemListView(ApiView):
    # A visitor's cart lives in their session until they sign in (promise A1).
    access = Access.PUBLIC

    @extend_schema(
        operation_id="cart_items_create",
        tags=["cart"],
        summary="Add a variant to the cart",
        description="Creates the cart on the first add. A variant already in the cart has its quantities summed.",
        request=CartItemCreateSerializer,
        responses={201: CartSerializer, 400: _ERROR_400, 401: _UNAUTHENTICATED, 403: _FORBIDDEN},
    )
    def post(self, request):
        serializer = CartItemCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        session = cart_session(request)
        cart = cart_get_or_create_for_request(user=request.user, session=session)
        cart_add_item(cart=cart, **serializer.validated_data)
        return cart_response(request, priced_cart(request, cart), status_code=status.HTTP_201_CREATED)


class CartItemDetailView(ApiView):
    # A visitor's cart lives in their session until they sign in (promise A1).
    access = Access.PUBLIC

    def _cart_or_404(self, request):
        cart = cart_get_for_request(user=request.user, session=cart_session(request))
        if cart is None:
            raise NotFound(gettext("This item is not in your cart."))
        return cart

    @extend_schema(
        operation_id="cart_items_partial_update",
        tags=["cart"],
        summary="Change a line's quantity",
        request=CartItemUpdateSerializer,
        responses={200: CartSerializer, 400: _ERROR_400, 401: _UNAUTHENTICATED, 403: _FORBIDDEN, 404: _NOT_FOUND},
    )
    def patch(self, request, item_id: int):
        serializer = CartItemUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cart = self._cart_or_404(request)
        cart_update_item(cart=cart, item_id=item_id, **serializer.validated_data)
        return cart_response(request, priced_cart(request, cart))

    @extend_schema(
        operation_id="cart_items_destroy",
        tags=["cart"],
        summary="Remove a line",
        responses={
            204: OpenApiResponse(description="Removed."),
            401: _UNAUTHENTICATED,
            403: _FORBIDDEN,
            404: _NOT_FOUND,
        },
    )
    def delete(self, request, item_id: int):
        cart_remove_item(cart=self._cart_or_404(request), item_id=item_id)
        return Response(status=status.HTTP_204_NO_CONTENT)
