"""The notice of a non-material policy update for apps (B2): read it on ``/api/v1/me/`` (``policy_notice``)
or from the ``X-Policy-Notice`` header, and acknowledge it here; recorded like the website's notice."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import ApiView
from privacy.gate import forget_request_policy_status, request_policy_status
from privacy.models import PolicyNoticeShown


class PolicyNoticeSerializer(serializers.Serializer):
    version = serializers.CharField()
    title = serializers.CharField()
    summary_of_changes = serializers.CharField()
    effective_at = serializers.DateTimeField()


def policy_notice_data(request, user) -> dict | None:
    """The notice ``user`` has not acknowledged yet, as the API shows it, or None."""
    status = request_policy_status(request, user=user)
    return PolicyNoticeSerializer(status.current).data if status.notice_due else None


class NoticeAcknowledgeInputSerializer(serializers.Serializer):
    version = serializers.CharField(help_text="The label of the version whose notice was shown.")


class NoticeAcknowledgementSerializer(serializers.ModelSerializer):
    version = serializers.CharField(source="version.version")

    class Meta:
        model = PolicyNoticeShown
        fields = ("version", "shown_at", "channel")


class PolicyNoticeAcknowledgeView(ApiView):
    @extend_schema(
        operation_id="privacy_policy_notice_acknowledge",
        summary="Acknowledge the notice of a non-material policy update",
        description="Records that the app showed the notice. It is never an acceptance of a material version.",
        request=NoticeAcknowledgeInputSerializer,
        responses={
            200: NoticeAcknowledgementSerializer,
            400: error_response("policy_notice_not_current", "invalid"),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        from privacy.services.policy import policy_notice_acknowledge

        data = NoticeAcknowledgeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        notice = policy_notice_acknowledge(user=request.user, version=data.validated_data["version"])
        forget_request_policy_status(request)
        return Response(NoticeAcknowledgementSerializer(notice).data)
