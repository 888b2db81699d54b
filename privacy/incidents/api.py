"""API of incident notices (F4): ``GET /api/v1/privacy/incident-notices/`` and their acknowledgement."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import ApiView
from privacy.incidents.models import IncidentDelivery
from privacy.incidents.selectors import incident_deliveries_for_user
from privacy.incidents.services import incident_acknowledge


class IncidentDeliverySerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="notice.title")
    what_happened = serializers.CharField(source="notice.what_happened")
    data_concerned = serializers.CharField(source="notice.data_concerned")
    consequences = serializers.CharField(source="notice.consequences")
    measures_taken = serializers.CharField(source="notice.measures_taken")
    advice = serializers.CharField(source="notice.advice")
    contact = serializers.CharField(source="notice.contact")

    class Meta:
        model = IncidentDelivery
        fields = (
            "id",
            "title",
            "what_happened",
            "data_concerned",
            "consequences",
            "measures_taken",
            "advice",
            "contact",
            "sent_at",
            "acknowledged_at",
        )
        read_only_fields = fields


class IncidentNoticeListView(ApiView):
    @extend_schema(
        operation_id="privacy_incident_notices",
        summary="Security incident notices sent to you",
        description="Unacknowledged notices first. Show each to the user until they acknowledge it.",
        responses={200: IncidentDeliverySerializer(many=True)},
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        deliveries = incident_deliveries_for_user(user_id=request.user.pk)
        return Response(IncidentDeliverySerializer(deliveries, many=True).data)


class IncidentAcknowledgeView(ApiView):
    @extend_schema(
        operation_id="privacy_incident_notice_acknowledge",
        summary="Acknowledge that you read an incident notice",
        request=None,
        responses={200: IncidentDeliverySerializer, 404: error_response("not_found")},
        tags=["privacy"],
    )
    def post(self, request: Request, delivery_id: int) -> Response:
        delivery = incident_acknowledge(user=request.user, delivery_id=delivery_id)
        return Response(IncidentDeliverySerializer(delivery).data)
