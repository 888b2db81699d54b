"""Carrier webhook: ``POST /api/v1/logistics/webhooks/{carrier_slug}/``.

Carriers are not users: the view takes no session or token (so no CSRF either) and sits outside the
policy gate (``@policy_gate_exempt``). It is authenticated by the signature alone
(``orders.carriers.signing``), checked over the raw body before anything in it is read.
"""

import json

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ParseError
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import Access, ApiView
from core.errors import NotFound
from orders.carriers.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, webhook_signature_verify
from orders.codes import ErrorCode
from orders.selectors.logistics import carrier_get_by_slug
from orders.services.tracking import TRACKING_STATUSES, TrackingUpdate, shipment_tracking_record
from privacy.gate import policy_gate_exempt


class UnknownCarrier(NotFound):
    code = ErrorCode.UNKNOWN_CARRIER
    default_detail = gettext_lazy("No carrier is configured with this slug.")


class TrackingEventInputSerializer(serializers.Serializer):
    tracking_number = serializers.CharField(max_length=64)
    event_id = serializers.CharField(
        max_length=100, help_text="The carrier's id of this event; a second delivery of the same id changes nothing."
    )
    status = serializers.ChoiceField(
        choices=sorted(TRACKING_STATUSES),
        help_text=(
            "`picked_up`, `in_transit` and `out_for_delivery` move the order to `shipped`, `delivered` to "
            "`delivered`; `exception` is recorded only."
        ),
    )
    occurred_at = serializers.DateTimeField(help_text="When it happened, ISO 8601 with a time zone.")
    description = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")


class TrackingEventReceiptSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="True when this event had been received before (a replay).")


_SIGNATURE_HELP = (
    'Hex HMAC-SHA256, keyed with the carrier\'s webhook secret, of `f"{timestamp}."` followed by the raw request body.'
)


@policy_gate_exempt
class CarrierWebhookView(ApiView):
    access = Access.PUBLIC
    authentication_classes: list = []

    @extend_schema(
        operation_id="logistics_carrier_webhook",
        tags=["logistics"],
        summary="A carrier reports a tracking event",
        description=(
            "Called by carriers, not by shoppers. One event per request. Signed: `X-Carrier-Timestamp` is the "
            "Unix time in seconds and may be at most 5 minutes off; `X-Carrier-Signature` signs it together "
            "with the raw body. Replays are harmless: an `event_id` already received answers 200 with "
            "`duplicate: true` and changes nothing."
        ),
        auth=[],
        parameters=[
            OpenApiParameter(
                TIMESTAMP_HEADER, str, OpenApiParameter.HEADER, required=True, description="Unix seconds."
            ),
            OpenApiParameter(
                SIGNATURE_HEADER, str, OpenApiParameter.HEADER, required=True, description=_SIGNATURE_HELP
            ),
        ],
        request=TrackingEventInputSerializer,
        responses={
            200: TrackingEventReceiptSerializer,
            400: error_response("parse_error", "invalid"),
            401: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "`invalid_signature`: a header is missing or the signature does not match. "
                    "`stale_timestamp`: the timestamp is more than 5 minutes away from the server's clock."
                ),
            ),
            404: OpenApiResponse(
                ErrorSerializer,
                description=(
                    "`unknown_carrier`: no carrier has this slug. "
                    "`unknown_tracking_number`: this carrier has no parcel with that tracking number."
                ),
            ),
        },
        examples=[
            OpenApiExample(
                "delivered",
                request_only=True,
                value={
                    "tracking_number": "DM3F9A1C0B7E24",
                    "event_id": "evt-000123",
                    "status": "delivered",
                    "occurred_at": "2026-03-01T14:05:00+08:00",
                    "description": "Delivered to the parcel locker.",
                    "location": "Hangzhou",
                },
            )
        ],
    )
    def post(self, request: Request, carrier_slug: str) -> Response:
        carrier = carrier_get_by_slug(slug=carrier_slug)
        if carrier is None:
            raise UnknownCarrier()
        body = request.body
        webhook_signature_verify(
            secret=carrier.webhook_secret,
            timestamp=request.headers.get(TIMESTAMP_HEADER),
            signature=request.headers.get(SIGNATURE_HEADER),
            body=body,
            tolerance=settings.LOGISTICS_WEBHOOK_TOLERANCE,
        )
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            raise ParseError(gettext("The body is not valid JSON.")) from None
        serializer = TrackingEventInputSerializer(data=payload)
        serializer.is_valid(raise_exception=True)
        created = shipment_tracking_record(carrier=carrier, update=TrackingUpdate(**serializer.validated_data))
        receipt = {"event_id": serializer.validated_data["event_id"], "duplicate": not created}
        return Response(TrackingEventReceiptSerializer(receipt).data)
