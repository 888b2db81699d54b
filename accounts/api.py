"""``/api/v1/me/``: the signed-in user's own profile."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.services import InvalidProfile, nickname_clean, user_update_profile
from core.api_schema import error_response
from privacy.gate import PolicyAcceptanceGate


class ProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "nickname", "date_joined")
        read_only_fields = fields


class ProfileUpdateSerializer(serializers.Serializer):
    # Trimming and the full rule live in the service; the serializer only reports them per field.
    nickname = serializers.CharField(trim_whitespace=False, help_text="1-40 visible characters, shown publicly.")

    def validate_nickname(self, value: str) -> str:
        try:
            return nickname_clean(value)
        except InvalidProfile as error:
            raise serializers.ValidationError(error.fields["nickname"]) from error


_AUTH_ERRORS = {
    401: error_response("not_authenticated"),
    403: error_response("not_authenticated", "permission_denied"),
}


class ProfileView(APIView):
    permission_classes = [IsAuthenticated, PolicyAcceptanceGate]

    @extend_schema(
        operation_id="me_retrieve",
        summary="Your profile",
        responses={200: ProfileSerializer, **_AUTH_ERRORS},
        tags=["account"],
    )
    def get(self, request: Request) -> Response:
        return Response(ProfileSerializer(request.user).data)

    @extend_schema(
        operation_id="me_update",
        summary="Change your nickname",
        request=ProfileUpdateSerializer,
        responses={200: ProfileSerializer, 400: error_response("invalid", "parse_error"), **_AUTH_ERRORS},
        tags=["account"],
    )
    def patch(self, request: Request) -> Response:
        serializer = ProfileUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = user_update_profile(user=request.user, nickname=serializer.validated_data["nickname"])
        return Response(ProfileSerializer(user).data)
