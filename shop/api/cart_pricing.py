"""Cart API for the shopper's pricing choices: apply or remove a voucher code, choose a shipping method."""

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers

from core.api.schema import ErrorSerializer
from core.api.views import Access, ApiView
from shop.api.cart import CartSerializer, cart_region, cart_response, cart_session, priced_cart
from shop.services.cart import cart_get_or_create_for_request
from shop.services.cart_choices import cart_shipping_method_choose, cart_voucher_apply, cart_voucher_remove

REGION_PARAMETER = OpenApiParameter(
    "region", str, description="Estimate shipping and tax for this region; default: your default address's."
)


class VoucherApplySerializer(serializers.Serializer):
    code = serializers.CharField(max_length=40, help_text="Any case; spaces around it are ignored.")


class ShippingMethodChooseSerializer(serializers.Serializer):
    shipping_method = serializers.IntegerField(min_value=1, help_text="An id from `pricing.shipping_options`.")


class VoucherErrorSerializer(ErrorSerializer):
    """The shared error shape, with the context ``voucher_min_spend`` adds."""

    min_spend = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="With `voucher_min_spend`: the voucher's minimum."
    )
    missing = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, help_text="With `voucher_min_spend`: how much is missing."
    )


_VOUCHER_400 = OpenApiResponse(
    VoucherErrorSerializer,
    description="`voucher_not_found`: no active voucher has this code. `voucher_expired`: outside its validity "
    "window. `voucher_used_up`: its total uses, or yours, are spent. `voucher_min_spend`: the products total "
    "(after sales) is below its minimum (`min_spend`, `missing`). `invalid`: no code given (`fields.code`).",
    examples=[
        OpenApiExample(
            "voucher_min_spend",
            value={
                "code": "voucher_min_spend",
                "detail": "Your order does not reach this voucher's minimum spend yet.",
                "fields": {},
                "min_spend": "100.00",
                "missing": "20.10",
            },
        )
    ],
)
_METHOD_400 = OpenApiResponse(
    ErrorSerializer,
    description="`shipping_method_unavailable`: no active method has this id. `invalid`: not a whole number.",
)


class CartVoucherView(ApiView):
    # A visitor's cart lives in their session until they sign in (promise A1).
    access = Access.PUBLIC

    @extend_schema(
        operation_id="cart_voucher_update",
        tags=["cart"],
        summary="Apply a voucher code to the cart",
        description="Checked at once; kept on the cart and checked again at checkout.",
        parameters=[REGION_PARAMETER],
        request=VoucherApplySerializer,
        responses={200: CartSerializer, 400: _VOUCHER_400},
    )
    def put(self, request):
        serializer = VoucherApplySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cart = cart_get_or_create_for_request(user=request.user, session=cart_session(request))
        cart_voucher_apply(
            cart=cart, code=serializer.validated_data["code"], user=request.user, region=cart_region(request)
        )
        return cart_response(request, priced_cart(request, cart))

    @extend_schema(
        operation_id="cart_voucher_destroy",
        tags=["cart"],
        summary="Remove the voucher code from the cart",
        parameters=[REGION_PARAMETER],
        responses={200: CartSerializer},
    )
    def delete(self, request):
        cart = cart_get_or_create_for_request(user=request.user, session=cart_session(request))
        cart_voucher_remove(cart=cart)
        return cart_response(request, priced_cart(request, cart))


class CartShippingMethodView(ApiView):
    # A visitor's cart lives in their session until they sign in (promise A1).
    access = Access.PUBLIC

    @extend_schema(
        operation_id="cart_shipping_method_update",
        tags=["cart"],
        summary="Choose the cart's shipping method",
        description="Without a choice (or when the chosen method does not serve the region) the cart shows the "
        "cheapest method that does; checkout refuses a chosen method that does not serve the address.",
        parameters=[REGION_PARAMETER],
        request=ShippingMethodChooseSerializer,
        responses={200: CartSerializer, 400: _METHOD_400},
    )
    def put(self, request):
        serializer = ShippingMethodChooseSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        cart = cart_get_or_create_for_request(user=request.user, session=cart_session(request))
        cart_shipping_method_choose(cart=cart, method_id=serializer.validated_data["shipping_method"])
        return cart_response(request, priced_cart(request, cart))
