"""Privacy API: the policy in effect and its acceptance, published versions, consents."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import Access, ApiView
from core.cache_control import cacheable
from privacy.api.serializers import (
    ConsentChangesSerializer,
    ConsentSerializer,
    CurrentPolicySerializer,
    PolicyAcceptanceSerializer,
    PolicyAcceptInputSerializer,
    PolicyErrorSerializer,
    PolicyVersionSerializer,
    PolicyVersionSummarySerializer,
)
from privacy.errors import PolicyNotPublished, UnknownPurpose
from privacy.gate import forget_request_policy_status, policy_gate_exempt, request_policy_status
from privacy.models import Channel
from privacy.purposes import PURPOSES_BY_CODE
from privacy.request_meta import request_client_ip, request_user_agent
from privacy.selectors.consent import consent_details
from privacy.selectors.policy import policy_version_current, policy_version_get_published, policy_versions_published
from privacy.services.consent import consent_set
from privacy.services.policy import policy_accept


@policy_gate_exempt
@cacheable
class PolicyCurrentView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="privacy_policy_current",
        summary="The privacy policy in effect, and whether you accepted it",
        responses={
            200: CurrentPolicySerializer,
            404: error_response("policy_not_published"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        current = policy_version_current()
        if current is None:
            raise PolicyNotPublished()
        status_ = request_policy_status(request, user=request.user)
        current.accepted = status_.accepted_current
        current.acceptance_required = status_.acceptance_required
        return Response(CurrentPolicySerializer(current).data)


@policy_gate_exempt
class PolicyAcceptView(ApiView):
    @extend_schema(
        operation_id="privacy_policy_accept",
        summary="Accept the privacy policy in effect",
        description=(
            "Records who accepted which text (its SHA-256), when, from which IP and user agent. "
            "Accepting the same version again answers 200 with the first acceptance."
        ),
        request=PolicyAcceptInputSerializer,
        responses={
            201: PolicyAcceptanceSerializer,
            200: OpenApiResponse(PolicyAcceptanceSerializer, description="Already accepted: the first acceptance."),
            400: OpenApiResponse(
                PolicyErrorSerializer,
                description=(
                    "`policy_version_not_current`: only the version in effect can be accepted; "
                    "`policy_version` names it. `invalid`: `version` is missing."
                ),
            ),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        data = PolicyAcceptInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        acceptance, created = policy_accept(
            user=request.user,
            version=data.validated_data["version"],
            ip_address=request_client_ip(request),
            user_agent=request_user_agent(request),
            channel=Channel.API,
        )
        forget_request_policy_status(request)
        return Response(
            PolicyAcceptanceSerializer(acceptance).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


@policy_gate_exempt
@cacheable
class PolicyVersionListView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="privacy_policy_versions",
        summary="Every published version of the privacy policy, newest first",
        responses={200: PolicyVersionSummarySerializer(many=True)},
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        return Response(PolicyVersionSummarySerializer(policy_versions_published(), many=True).data)


@policy_gate_exempt
@cacheable
class PolicyVersionDetailView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="privacy_policy_version",
        summary="One published version of the privacy policy, with its text",
        responses={
            200: PolicyVersionSerializer,
            404: error_response("policy_version_not_found"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request, version: str) -> Response:
        return Response(PolicyVersionSerializer(policy_version_get_published(version=version)).data)


@policy_gate_exempt
class ConsentsView(ApiView):
    """Consents to optional purposes: a list of ``{purpose, title, description, granted, updated_at}``."""

    @extend_schema(
        operation_id="privacy_consents",
        summary="Your consents to optional purposes (all off until you switch them on)",
        responses={
            200: ConsentSerializer(many=True),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        return Response(ConsentSerializer(consent_details(user=request.user), many=True).data)

    @extend_schema(
        operation_id="privacy_consents_update",
        summary="Switch optional purposes on or off",
        description=(
            'Send `{"personalisation": true, "marketing": false}`: only the purposes named change, and a '
            "withdrawal applies at once. Answers the whole new list, as GET does."
        ),
        request=ConsentChangesSerializer,
        responses={
            200: ConsentSerializer(many=True),
            400: error_response("unknown_purpose", "invalid"),
        },
        tags=["privacy"],
    )
    def put(self, request: Request) -> Response:
        if isinstance(request.data, dict):
            unknown = sorted(set(request.data) - PURPOSES_BY_CODE.keys())
            if unknown:
                raise UnknownPurpose(fields={purpose: ["Unknown purpose."] for purpose in unknown})
        changes = ConsentChangesSerializer(data=request.data)
        changes.is_valid(raise_exception=True)
        consent_set(
            user=request.user,
            changes=changes.validated_data,
            ip_address=request_client_ip(request),
            user_agent=request_user_agent(request),
            channel=Channel.API,
        )
        return Response(ConsentSerializer(consent_details(user=request.user), many=True).data)
