"""Privacy API: a guardian's consent for a minor's account (promise A8).

``GET /api/v1/privacy/guardian-consent/`` says where the caller's account stands; ``POST`` names a
guardian, who gets an email with a one-time link to the website page where they agree.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import ApiView
from privacy.models import GuardianConsentMethod
from privacy.selectors.minors import GuardianStatus, guardian_consent_state
from privacy.services.minors import guardian_consent_request


class GuardianConsentStateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=[status.value for status in GuardianStatus],
        help_text=(
            "`not_needed` (not a minor), `missing` (nobody asked yet), `requested` (a link is on its way), "
            "`expired` (the link expired unanswered), `confirmed` (a guardian agreed)."
        ),
    )
    restricted = serializers.BooleanField(help_text="True while the account may not place orders or write reviews.")
    guardian_email = serializers.CharField(allow_null=True, help_text="The guardian's email, masked.")
    method = serializers.ChoiceField(choices=GuardianConsentMethod.choices, allow_null=True)
    requested_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(allow_null=True, help_text="When the emailed link stops working.")
    confirmed_at = serializers.DateTimeField(allow_null=True)


class GuardianConsentRequestSerializer(serializers.Serializer):
    guardian_email = serializers.EmailField(help_text="Where the link to agree is sent.")
    guardian_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class GuardianConsentView(ApiView):
    # Requests (POST) share their limit with the website's form.
    throttle_scope = "guardian_request"

    @extend_schema(
        operation_id="privacy_guardian_consent",
        summary="Whether your account needs, awaits or has a guardian's consent",
        responses={
            200: GuardianConsentStateSerializer,
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        return Response(GuardianConsentStateSerializer(guardian_consent_state(user=request.user)).data)

    @extend_schema(
        operation_id="privacy_guardian_consent_request",
        summary="Ask a parent or guardian to agree to your account",
        description=(
            "For an account under `PRIVACY_MINOR_AGE`. The guardian gets an email with a one-time link to a "
            "page where they read what they agree to and agree; it expires after "
            "`PRIVACY_GUARDIAN_LINK_TTL_DAYS` (14 days). A new request replaces a pending one. Requests must "
            "be 5 minutes apart: `guardian_consent_requested_recently` carries `retry_after` (seconds)."
        ),
        request=GuardianConsentRequestSerializer,
        responses={
            201: GuardianConsentStateSerializer,
            400: error_response("invalid", "guardian_consent_not_needed"),
            409: error_response("guardian_consent_already_confirmed"),
            429: error_response("guardian_consent_requested_recently"),
            503: error_response("guardian_email_not_sent"),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        data = GuardianConsentRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        guardian_consent_request(
            user=request.user,
            guardian_email=data.validated_data["guardian_email"],
            guardian_name=data.validated_data["guardian_name"],
            site_url=request.build_absolute_uri("/"),
        )
        state = guardian_consent_state(user=request.user)
        return Response(GuardianConsentStateSerializer(state).data, status=status.HTTP_201_CREATED)
