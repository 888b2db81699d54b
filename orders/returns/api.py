"""Returns API: ``GET``/``POST /api/v1/orders/{number}/returns/``, the buyer's returns of one order."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import ApiView
from orders.returns.models import ReturnStatus
from orders.returns.selectors import returns_of_order
from orders.returns.services import return_request_create
from orders.selectors.orders import order_get_for_update_actions


class ReturnLineInputSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(help_text="The `id` of a line of the order (`lines[].id`).")
    quantity = serializers.IntegerField(min_value=1, help_text="At most the line's `returnable_quantity`.")


class ReturnInputSerializer(serializers.Serializer):
    lines = ReturnLineInputSerializer(many=True, allow_empty=False)
    reason = serializers.CharField(max_length=500, help_text="Why you send the goods back.")

    def validate_lines(self, value):
        ids = [line["order_line"] for line in value]
        if len(ids) != len(set(ids)):
            raise serializers.ValidationError("Name each line once.")
        return value


class ReturnLineSerializer(serializers.Serializer):
    order_line = serializers.IntegerField(source="order_line_id")
    sku = serializers.CharField(source="order_line.sku")
    product_title = serializers.CharField(source="order_line.product_title")
    quantity = serializers.IntegerField()


class ReturnSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ReturnStatus.choices)
    status_label = serializers.CharField(source="get_status_display")
    reason = serializers.CharField()
    decision_note = serializers.CharField(help_text="Why it was rejected, or what to expect.")
    pickup_booked = serializers.SerializerMethodField()
    lines = ReturnLineSerializer(many=True)
    created_at = serializers.DateTimeField()
    decided_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)

    def get_pickup_booked(self, return_request) -> bool:
        return return_request.pickup_status == "booked"


class OrderReturnsView(ApiView):
    @extend_schema(
        operation_id="orders_returns_list",
        tags=["returns"],
        summary="Your returns of one order",
        responses={200: ReturnSerializer(many=True), 404: error_response("not_found")},
    )
    def get(self, request, number: str):
        order = order_get_for_update_actions(user=request.user, number=number)
        return Response(ReturnSerializer(returns_of_order(order=order), many=True).data)

    @extend_schema(
        operation_id="orders_returns_create",
        tags=["returns"],
        summary="Ask to return lines of a delivered order",
        description=(
            "Within the return window after delivery (14 days unless the shop says otherwise). Staff approve "
            "(a courier collects the parcel) or reject, and you get an email either way; once the parcel "
            "arrives the lines are refunded."
        ),
        request=ReturnInputSerializer,
        responses={
            201: ReturnSerializer,
            400: OpenApiResponse(ErrorSerializer, description="`invalid`, `invalid_return_lines`."),
            404: error_response("not_found"),
            409: error_response("return_not_allowed"),
        },
    )
    def post(self, request, number: str):
        order = order_get_for_update_actions(user=request.user, number=number)
        serializer = ReturnInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        lines = {line["order_line"]: line["quantity"] for line in serializer.validated_data["lines"]}
        created = return_request_create(
            order=order, lines=lines, reason=serializer.validated_data["reason"], actor=request.user
        )
        created = returns_of_order(order=order).get(pk=created.pk)
        return Response(ReturnSerializer(created).data, status=status.HTTP_201_CREATED)
