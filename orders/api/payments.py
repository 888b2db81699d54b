"""Payment provider webhook: ``POST /api/v1/payments/webhooks/{provider_name}/``.

Providers are not users: no session or token (so no CSRF) and no policy gate
(``@policy_gate_exempt``). The adapter of the
configured provider verifies the signature over the raw body before anything in it is read
(``orders.payments.signing`` for the demo provider, the same scheme as the carriers'), then
``payment_webhook_receive`` applies it once per event id.
"""

from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import Access, ApiView
from core.errors import NotFound
from orders.codes import ErrorCode
from orders.payments import payment_provider_named
from orders.payments.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER
from orders.services.payment import payment_webhook_receive
from privacy.gate import policy_gate_exempt


class UnknownProvider(NotFound):
    code = ErrorCode.UNKNOWN_PROVIDER
    default_detail = gettext_lazy("No payment provider with this name is configured.")


class PaymentWebhookReceiptSerializer(serializers.Serializer):
    event_id = serializers.CharField()
    duplicate = serializers.BooleanField(help_text="True when this event had been received before (a replay).")
    outcome = serializers.ChoiceField(
        choices=["applied", "stale", "ignored"],
        help_text="`stale`: the payment already had a newer state (an out-of-order event); `ignored`: nothing to do.",
    )


@policy_gate_exempt
class PaymentWebhookView(ApiView):
    access = Access.PUBLIC
    authentication_classes: list = []

    @extend_schema(
        operation_id="payments_provider_webhook",
        tags=["payments"],
        summary="A payment provider reports a payment's state",
        description=(
            "Called by the payment provider, not by shoppers. The demo provider signs like the carriers do: "
            "`X-Payment-Timestamp` (Unix seconds, at most 5 minutes off) and `X-Payment-Signature`, the hex "
            'HMAC-SHA256 of `f"{timestamp}."` followed by the raw body. Replays answer `duplicate: true`; '
            "an event older than the state already applied answers `outcome: stale`; neither changes anything."
        ),
        auth=[],
        parameters=[
            OpenApiParameter(TIMESTAMP_HEADER, str, OpenApiParameter.HEADER, description="Unix seconds."),
            OpenApiParameter(SIGNATURE_HEADER, str, OpenApiParameter.HEADER, description="Hex HMAC-SHA256."),
        ],
        request={"application/json": {"type": "object"}},
        responses={
            200: PaymentWebhookReceiptSerializer,
            400: error_response("parse_error"),
            401: OpenApiResponse(ErrorSerializer, description="`invalid_signature` or `stale_timestamp`."),
            404: OpenApiResponse(ErrorSerializer, description="`unknown_provider` or `unknown_payment`."),
        },
    )
    def post(self, request: Request, provider_name: str) -> Response:
        provider = payment_provider_named(provider_name)
        if provider is None:
            raise UnknownProvider()
        event = provider.webhook_parse(body=request.body, headers=request.headers)
        duplicate, outcome = payment_webhook_receive(provider=provider, event=event)
        receipt = {"event_id": event.event_id, "duplicate": duplicate, "outcome": outcome}
        return Response(PaymentWebhookReceiptSerializer(receipt).data)
