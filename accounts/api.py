"""``/api/v1/me/``: the signed-in user's own profile, and signing out everywhere else."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import User
from accounts.services import InvalidProfile, nickname_clean, user_sign_out_everywhere, user_update_profile
from core.api.schema import error_response
from core.api.views import ApiView
from privacy.api.notice import PolicyNoticeSerializer, policy_notice_data
from privacy.gate import policy_gate_exempt


class ProfileSerializer(serializers.ModelSerializer):
    policy_notice = serializers.SerializerMethodField(
        help_text="A non-material privacy policy update to show until acknowledged "
        "(POST /api/v1/privacy/policy/notice/acknowledge/), or null."
    )

    class Meta:
        model = User
        fields = ("id", "email", "nickname", "date_joined", "policy_notice")
        read_only_fields = fields

    @extend_schema_field(PolicyNoticeSerializer(allow_null=True))
    def get_policy_notice(self, user) -> dict | None:
        request = self.context.get("request")
        return policy_notice_data(request, user) if request is not None else None


class ProfileUpdateSerializer(serializers.Serializer):
    # Trimming and the full rule live in the service; the serializer only reports them per field.
    nickname = serializers.CharField(trim_whitespace=False, help_text="1-40 visible characters, shown publicly.")

    def validate_nickname(self, value: str) -> str:
        try:
            return nickname_clean(value)
        except InvalidProfile as error:
            raise serializers.ValidationError(error.fields["nickname"]) from error


class ProfileView(ApiView):
    @extend_schema(
        operation_id="me_retrieve",
        summary="Your profile",
        responses={200: ProfileSerializer},
        tags=["account"],
    )
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request.user, context={"request": request}).data)

    @extend_schema(
        operation_id="me_update",
        summary="Change your nickname",
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, 400: error_response("invalid", "parse_error")},
        tags=["account"],
    )
    def patch(self, request: Request) -> Response:
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_update_profile(user=request.user, nickname=serializer.validated_data["nickname"])
        return Response(ProfileSerializer(user, context={"request": request}).data)


class SignOutEverywhereSerializer(serializers.Serializer):
    ended = serializers.IntegerField(help_text="How many other sessions and app tokens were ended.")


# Reachable before accepting a new policy: a user who suspects someone else is signed in must not wait.
@policy_gate_exempt
class SignOutEverywhereView(ApiView):
    throttle_scope = "sign_out_everywhere"

    @extend_schema(
        operation_id="me_sign_out_everywhere",
        summary="Sign out everywhere else",
        description=(
            "Ends every other website session and app token of your account (a lost phone, a shared "
            "computer). The session or token that sends this request stays signed in."
        ),
        request=None,
        responses={200: SignOutEverywhereSerializer, 429: error_response("rate_limited")},
        tags=["account"],
    )
    def post(self, request: Request) -> Response:
        # A token client's own session is the token's (request.auth); a browser's is its cookie session.
        current = request.auth if request.auth is not None else request.session
        ended = user_sign_out_everywhere(user=request.user, keep_session_key=current.session_key)
        return Response(SignOutEverywhereSerializer({"ended": ended}).data)
