"""API of privacy requests (G1): ``GET|POST /api/v1/privacy/requests/``. Signed out, ``email`` is needed
and the request counts once the emailed link is opened; signed in, it counts at once."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import Access, ApiView
from privacy.gate import policy_gate_exempt
from privacy.requests.models import PrivacyRequest, RequestKind
from privacy.requests.selectors import privacy_requests_of_user
from privacy.requests.services import privacy_request_submit


class PrivacyRequestInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    details = serializers.CharField(max_length=5000)
    email = serializers.EmailField(required=False, help_text="Signed out only: where to answer (verified by link).")


class PrivacyRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = PrivacyRequest
        fields = ("id", "kind", "details", "status", "created_at", "received_at", "due_at", "answer", "answered_at")
        read_only_fields = fields


@policy_gate_exempt
class PrivacyRequestView(ApiView):
    # Anyone may ask (a signed-out person by verified email), also before accepting a new policy: a right.
    access = Access.PUBLIC

    @extend_schema(
        operation_id="privacy_requests_list",
        summary="Your privacy requests and their answers",
        responses={
            200: PrivacyRequestSerializer(many=True),
            401: error_response("not_authenticated"),
            403: error_response("not_authenticated"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        return Response(PrivacyRequestSerializer(privacy_requests_of_user(user_id=request.user.pk), many=True).data)

    @extend_schema(
        operation_id="privacy_requests_create",
        summary="Ask for access, correction, deletion, object, or complain",
        request=PrivacyRequestInputSerializer,
        responses={201: PrivacyRequestSerializer, 400: error_response("invalid")},
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        data = PrivacyRequestInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = privacy_request_submit(
            user=request.user, site_url=request.build_absolute_uri("/"), **data.validated_data
        )
        return Response(PrivacyRequestSerializer(created).data, status=201)
