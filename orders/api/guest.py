"""Guest orders API: order with an email only, read and pay a guest order by its token, ask for a
guest's erasure, and claim guest orders into the signed-in account.

A guest's cart is the visitor cart of their session (cookie) or, for an app client, the one named by
the cart API's ``visitor_token`` sent as ``X-Cart-Token``. The order answer carries ``access_token``:
the same secret the emailed link holds; ``GET /guest-orders/{token}/`` opens the order with it.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import Access, ApiView
from orders.api.orders import _idempotency_key
from orders.api.serializers import AddressFieldsSerializer, OrderDetailSerializer
from orders.services.checkout import DeliveryAddress
from orders.services.guest import (
    guest_erasure_request,
    guest_order_get,
    guest_order_place,
    guest_order_token,
    guest_orders_claim,
)
from orders.services.payment import order_pay
from shop.selectors.cart import CART_SESSION_KEY
from shop.services.cart import visitor_cart_id_from_request


class GuestOrderInputSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="Where the order's link and emails go. Nothing else is asked.")
    shipping_address = AddressFieldsSerializer()
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GuestErasureRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(help_text="The email the guest orders were placed with.")


class GuestOrderSerializer(OrderDetailSerializer):
    access_token = serializers.SerializerMethodField(help_text="Opens this order: `GET /guest-orders/{token}/`.")

    class Meta(OrderDetailSerializer.Meta):
        fields = (*OrderDetailSerializer.Meta.fields, "access_token")
        read_only_fields = fields

    def get_access_token(self, order) -> str:
        return guest_order_token(order)


def _guest_detail(token: str):
    from orders.selectors.orders import order_get_guest

    return order_get_guest(order=guest_order_get(token=token))


class GuestOrderCreateView(ApiView):
    access = Access.PUBLIC
    throttle_scope = "checkout"

    @extend_schema(
        operation_id="guest_orders_create",
        tags=["guest orders"],
        summary="Order as a guest, with an email only",
        description=(
            "Orders everything in the visitor cart (the session's, or the one `X-Cart-Token` names) for "
            "delivery to `shipping_address`. The answer's `access_token` opens the order; the same link is "
            "emailed. Pay with `POST /guest-orders/{token}/pay/`. Send an `Idempotency-Key` to retry safely."
        ),
        auth=[],
        request=GuestOrderInputSerializer,
        responses={
            201: GuestOrderSerializer,
            200: OpenApiResponse(GuestOrderSerializer, description="This Idempotency-Key already placed it."),
            400: error_response("invalid", "cart_empty", "insufficient_stock", "product_unavailable"),
        },
    )
    def post(self, request):
        key = _idempotency_key(request)
        serializer = GuestOrderInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        cart_id = visitor_cart_id_from_request(request) or request.session.get(CART_SESSION_KEY)
        order, created = guest_order_place(
            cart_id=cart_id,
            email=data["email"],
            delivery=DeliveryAddress(**data["shipping_address"]),
            note=data["note"],
            idempotency_key=key,
        )
        body = GuestOrderSerializer(_guest_detail(guest_order_token(order))).data
        return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


_BAD_TOKEN = OpenApiResponse(
    ErrorSerializer, description="`not_found`: the token is not valid (or the order was claimed or erased)."
)


class GuestOrderDetailView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="guest_orders_retrieve",
        tags=["guest orders"],
        summary="A guest order, by its token",
        auth=[],
        responses={200: GuestOrderSerializer, 404: _BAD_TOKEN},
    )
    def get(self, request, token: str):
        return Response(GuestOrderSerializer(_guest_detail(token)).data)


class GuestOrderPayView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="guest_orders_pay",
        tags=["guest orders"],
        summary="Start paying for a guest order",
        description="As `POST /orders/{number}/pay/`: open the newest `payments[].redirect_url`, then poll.",
        auth=[],
        request=None,
        responses={
            200: GuestOrderSerializer,
            404: _BAD_TOKEN,
            409: error_response("invalid_transition"),
            503: error_response("payment_provider_unavailable"),
        },
    )
    def post(self, request, token: str):
        order_pay(order=guest_order_get(token=token))
        return Response(GuestOrderSerializer(_guest_detail(token)).data)


class GuestErasureRequestView(ApiView):
    access = Access.PUBLIC
    throttle_scope = "checkout"

    @extend_schema(
        operation_id="guest_orders_erasure_request",
        tags=["guest orders"],
        summary="Ask to erase your guest orders",
        description=(
            "Emails a one-day link to `email` when it placed guest orders; opening it and confirming erases "
            "them (orders still on their way keep their delivery details until they arrive). The answer is "
            "the same whether or not the email placed orders."
        ),
        auth=[],
        request=GuestErasureRequestSerializer,
        responses={
            202: inline_serializer("GuestErasureAccepted", {"detail": serializers.CharField()}),
            400: error_response("invalid"),
        },
    )
    def post(self, request):
        serializer = GuestErasureRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        guest_erasure_request(email=serializer.validated_data["email"])
        detail = "If that email placed guest orders, a link to confirm their erasure is on its way."
        return Response({"detail": detail}, status=status.HTTP_202_ACCEPTED)


class GuestOrdersClaimView(ApiView):
    @extend_schema(
        operation_id="orders_claim_guest_orders",
        tags=["guest orders"],
        summary="Add your guest orders to your account",
        description="Guest orders placed with one of your *verified* emails become yours.",
        request=None,
        responses={
            200: inline_serializer(
                "GuestOrdersClaimed", {"claimed": serializers.ListField(child=serializers.CharField())}
            ),
        },
    )
    def post(self, request):
        return Response({"claimed": guest_orders_claim(user=request.user)})
