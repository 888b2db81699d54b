"""Orders API: place an order from the cart, list and read your orders, pay and cancel them.

Another user's order answers 404 exactly like an order that does not exist.
"""

import re

from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.api.pagination import PageNumberPagination
from core.api.schema import ErrorSerializer, error_response
from core.api.views import ApiView
from core.errors import DomainError
from orders.api.serializers import (
    CheckoutErrorSerializer,
    OrderDetailSerializer,
    OrderPlaceSerializer,
    OrderSummarySerializer,
    PaymentErrorSerializer,
    TransitionErrorSerializer,
)
from orders.models import ActorKind
from orders.selectors.orders import order_get, order_get_for_update_actions, order_list
from orders.services.checkout import DeliveryAddress, Invoice, order_place
from orders.services.payment import order_cancel, order_pay

IDEMPOTENCY_HEADER = "Idempotency-Key"
_IDEMPOTENCY_KEY = re.compile(r"[\x21-\x7e]{1,100}")

_NOT_FOUND = OpenApiResponse(ErrorSerializer, description="`not_found`: no order with this number is yours.")
_TRANSITION = OpenApiResponse(
    TransitionErrorSerializer,
    description="`invalid_transition`: the order's status does not allow this; `from_status`/`to_status` say which.",
)
_FORBIDDEN_PLACE = OpenApiResponse(
    ErrorSerializer,
    description="`not_authenticated`, `permission_denied` (no CSRF token with a website session), "
    "`policy_acceptance_required`, `guardian_consent_required` (an account under 18 without a guardian's consent).",
)
_PLACE_400 = OpenApiResponse(
    CheckoutErrorSerializer,
    description="`cart_empty`: nothing to order. `product_unavailable`: lines whose product is off sale "
    "(`lines[].sku`, `lines[].title`). `insufficient_stock`: lines asking for more than the stock "
    "(`lines[].sku`, `requested`, `available`). `invalid`: a field is wrong (`fields`), including a bad "
    "`Idempotency-Key` header (`fields.Idempotency-Key`) or an address id that is not in your book. "
    "`shipping_method_unavailable`: the method given (or kept on the cart) does not serve this address or order. "
    "`shipping_unavailable`: the shop ships, but not to this address. `voucher_not_found`, `voucher_expired`, "
    "`voucher_used_up`, `voucher_min_spend`: the voucher given (or kept on the cart) does not apply.",
    examples=[
        OpenApiExample(
            "insufficient_stock",
            value={
                "code": "insufficient_stock",
                "detail": "Not enough stock for: SKU-000001.",
                "fields": {},
                "lines": [{"sku": "SKU-000001", "requested": 3, "available": 1}],
            },
        ),
        OpenApiExample("cart_empty", value={"code": "cart_empty", "detail": "Your cart is empty.", "fields": {}}),
    ],
)


def _idempotency_key(request) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "")
    if key and not _IDEMPOTENCY_KEY.fullmatch(key):
        raise DomainError(
            code="invalid",
            fields={IDEMPOTENCY_HEADER: ["Use 1 to 100 printable ASCII characters without spaces (a UUID is ideal)."]},
        )
    return key


class OrderListView(ApiView):
    # Read by drf-spectacular too, so the schema documents the paginated envelope, not a bare array.
    pagination_class = PageNumberPagination
    # Placing orders (POST) is rate limited; listing them is not.
    throttle_scope = "checkout"

    @extend_schema(
        operation_id="orders_list",
        tags=["orders"],
        summary="Your orders",
        description="Newest first, paginated (`page`, `page_size` up to 100).",
        parameters=[
            OpenApiParameter("page", int, description="Page number, from 1."),
            OpenApiParameter("page_size", int, description="Orders per page, at most 100 (default 20)."),
        ],
        responses={200: OrderSummarySerializer(many=True), 404: error_response("not_found")},
    )
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(order_list(user=request.user), request, view=self)
        return paginator.get_paginated_response(OrderSummarySerializer(page, many=True).data)

    @extend_schema(
        operation_id="orders_create",
        tags=["orders"],
        summary="Place an order from your cart",
        description=(
            "Orders everything in your cart, shipped to an address from your book (`address`) or one typed "
            "in (`shipping_address`). Stock is reserved at once; the order waits for payment "
            "(`POST /orders/{number}/pay/`) and is cancelled if unpaid in time. Send an `Idempotency-Key` "
            "header (a UUID) to retry safely: the same key returns the same order (201 the first time, 200 "
            "after), never a second one."
        ),
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                str,
                OpenApiParameter.HEADER,
                description="Any unique string up to 100 printable characters, e.g. a UUID; optional.",
            )
        ],
        request=OrderPlaceSerializer,
        responses={
            201: OpenApiResponse(OrderDetailSerializer, description="The order was placed."),
            200: OpenApiResponse(OrderDetailSerializer, description="This Idempotency-Key already placed it."),
            400: _PLACE_400,
            403: _FORBIDDEN_PLACE,
        },
    )
    def post(self, request):
        key = _idempotency_key(request)
        serializer = OrderPlaceSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data.get("address") is not None:
            delivery = DeliveryAddress.from_address(data["address"])
        else:
            delivery = DeliveryAddress(**data["shipping_address"])
        invoice_data = data.get("invoice")
        order, created = order_place(
            user=request.user,
            delivery=delivery,
            note=data.get("note", ""),
            invoice=Invoice(**invoice_data) if invoice_data else None,
            idempotency_key=key,
            shipping_method_id=data.get("shipping_method"),
            voucher_code=data.get("voucher_code"),
        )
        # A new order comes back with the rows checkout just wrote (``order_detail_preload``): nothing re-read.
        detail = order if created else order_get(user=request.user, number=order.number)
        return Response(
            OrderDetailSerializer(detail).data, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )


class OrderDetailView(ApiView):
    @extend_schema(
        operation_id="orders_retrieve",
        tags=["orders"],
        summary="One of your orders",
        description="With its lines, history, payments and, once handed to a carrier, the shipment and tracking.",
        responses={200: OrderDetailSerializer, 404: _NOT_FOUND},
    )
    def get(self, request, number: str):
        return Response(OrderDetailSerializer(order_get(user=request.user, number=number)).data)


class OrderPayView(ApiView):
    @extend_schema(
        operation_id="orders_pay",
        tags=["orders"],
        summary="Start paying for an order",
        description=(
            "Opens a payment of the order total with the configured provider and answers the order, whose "
            "newest `payments[]` entry is `pending` with a `redirect_url`: open it in a browser (or web view) "
            "so the shopper confirms the payment on the provider's page. The provider then tells the shop "
            "(signed webhook) and the order becomes `paid`; poll `GET /orders/{number}/` until it does. "
            "Calling this again while the payment is pending answers the same payment. A declined payment "
            "shows as `failed` with a `failure_code`; call this again to retry."
        ),
        request=None,
        responses={
            200: OrderDetailSerializer,
            402: OpenApiResponse(
                PaymentErrorSerializer,
                description="`payment_declined`: a provider that answers at once refused; the order still waits.",
            ),
            404: _NOT_FOUND,
            409: _TRANSITION,
            503: error_response("payment_provider_unavailable"),
        },
    )
    def post(self, request, number: str):
        order = order_get_for_update_actions(user=request.user, number=number)
        order_pay(order=order, actor=request.user, actor_kind=ActorKind.SHOPPER)
        return Response(OrderDetailSerializer(order_get(user=request.user, number=number)).data)


class OrderCancelView(ApiView):
    @extend_schema(
        operation_id="orders_cancel",
        tags=["orders"],
        summary="Cancel an order",
        description=(
            "Possible while the order waits for payment or is paid but not yet handed to a carrier. The "
            "stock goes back; a paid order's payment is refunded."
        ),
        request=None,
        responses={
            200: OrderDetailSerializer,
            404: _NOT_FOUND,
            409: _TRANSITION,
            502: error_response("refund_failed"),
        },
    )
    def post(self, request, number: str):
        order = order_get_for_update_actions(user=request.user, number=number)
        order_cancel(order=order, actor=request.user, actor_kind=ActorKind.SHOPPER, message="Cancelled by the buyer.")
        return Response(OrderDetailSerializer(order_get(user=request.user, number=number)).data)
