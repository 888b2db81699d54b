"""API of "my account was compromised" (G6): ``POST /api/v1/privacy/compromised/``.

Signed in (session or app token): locks the account at once. Signed out, with ``{"email": ...}``: emails
a link to the website page that locks it; the answer is the same whether or not the address has an account.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import Access, ApiView
from privacy.compromise.models import ReportChannel
from privacy.compromise.services import account_compromise_report, compromise_link_send
from privacy.gate import policy_gate_exempt


class CompromiseInputSerializer(serializers.Serializer):
    email = serializers.EmailField(required=False, help_text="Signed out only: the account's email address.")


class CompromiseResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["locked", "link_sent"])
    sessions_ended = serializers.IntegerField(required=False)


@policy_gate_exempt
class CompromiseView(ApiView):
    # Signed out too (by email link), and before accepting a new policy: locking cannot wait.
    access = Access.PUBLIC

    @extend_schema(
        operation_id="privacy_account_compromised",
        summary="Report that your account was compromised",
        request=CompromiseInputSerializer,
        responses={
            202: CompromiseResultSerializer,
            400: error_response("invalid"),
            # A token sent after the account was locked is no longer valid.
            401: error_response("not_authenticated"),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        site_url = request.build_absolute_uri("/")
        if request.user.is_authenticated:
            report = account_compromise_report(user_id=request.user.pk, channel=ReportChannel.API, site_url=site_url)
            data = {"status": "locked", "sessions_ended": report.sessions_ended}
            return Response(CompromiseResultSerializer(data).data, status=202)
        serializer = CompromiseInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        if not serializer.validated_data.get("email"):
            raise serializers.ValidationError({"email": ["Give the email address of your account."]})
        compromise_link_send(email=serializer.validated_data["email"], site_url=site_url)
        return Response(CompromiseResultSerializer({"status": "link_sent"}).data, status=202)
