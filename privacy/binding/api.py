"""Privacy API: third-party account bindings and what each may import (promise A7).

``GET providers/`` says which providers can be bound and which fields each offers; ``POST`` records the
user's choice (a pending grant) and answers where to go to bind; ``GET`` lists the bindings; ``DELETE
{id}/`` unbinds after a recent re-authentication, unless it is the last way to sign in.
"""

from allauth.account.adapter import get_adapter as get_account_adapter
from django.contrib.sessions.backends.base import SessionBase
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import ApiView
from privacy.binding.models import GrantChannel, ProfileField, ThirdPartyGrant
from privacy.binding.profile import display_name
from privacy.binding.selectors import binding_provider_get, binding_providers, grants_bound, pending_grant_ttl
from privacy.binding.services import binding_redirect, binding_unbind, grant_request
from privacy.reauth import ReauthenticationErrorSerializer, require_recent_reauthentication


class ProviderOfferSerializer(serializers.Serializer):
    id = serializers.CharField(help_text="What to send as `provider` to bind an account of this provider.")
    name = serializers.CharField(help_text="The provider's name, as shown to users.")
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=ProfileField.choices),
        help_text="The profile fields this provider offers: choose among them before binding.",
    )


class BindingSerializer(serializers.ModelSerializer):
    provider_name = serializers.SerializerMethodField(help_text="The provider's name, as shown to users.")
    uid = serializers.CharField(
        source="uid_masked", read_only=True, help_text="Your account id at the provider, masked."
    )
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=ProfileField.choices),
        read_only=True,
        help_text="The profile fields you allowed the shop to import from this account; nothing else is copied.",
    )
    policy_version = serializers.SlugRelatedField(
        slug_field="version",
        read_only=True,
        allow_null=True,
        help_text="The privacy policy in effect when you made this choice.",
    )

    class Meta:
        model = ThirdPartyGrant
        fields = (
            "id",
            "provider",
            "provider_name",
            "uid",
            "status",
            "fields",
            "policy_version",
            "requested_at",
            "bound_at",
            "closed_at",
        )
        read_only_fields = fields
        extra_kwargs = {
            "provider": {"help_text": "The provider's id (send it as `provider` to bind another account)."},
            "status": {"help_text": "pending (waiting for the provider), active (bound) or closed (unbound)."},
            "bound_at": {"help_text": "When the account was bound; null while pending."},
            "closed_at": {"help_text": "When the binding was unbound or replaced; null while it holds."},
        }

    def get_provider_name(self, grant: ThirdPartyGrant) -> str:
        return self.context.get("provider_names", {}).get(grant.provider, grant.provider)


class BindingStartInputSerializer(serializers.Serializer):
    provider = serializers.CharField(help_text="A provider `id` from `GET .../third-party-accounts/providers/`.")
    fields = serializers.ListField(
        child=serializers.ChoiceField(choices=ProfileField.choices),
        required=False,
        default=list,
        help_text="Which of the provider's fields the shop may import. Empty: none (sign-in only).",
    )
    callback_url = serializers.CharField(
        required=False,
        help_text=(
            "Browser clients: where the provider's callback sends the user at the end (your page); errors "
            "arrive as `?error=...`. Without it the user lands on the website's third-party accounts page."
        ),
    )

    def validate_callback_url(self, value: str) -> str:
        if not get_account_adapter().is_safe_url(value):
            raise serializers.ValidationError("Not a URL of this site.")
        return value


class BindingStartSerializer(BindingSerializer):
    expires_at = serializers.SerializerMethodField(help_text="Complete the binding before this time.")
    authorize_url = serializers.SerializerMethodField(
        help_text=(
            "Website-session clients: open this URL in the same browser (a top-level navigation) to bind at "
            "the provider. null for app clients (`X-Session-Token`): they use `token_url`."
        )
    )
    token_url = serializers.SerializerMethodField(
        help_text=(
            'App clients: POST `{"provider", "process": "connect", "token": {"client_id", "id_token" or '
            '"access_token"}}` here with your `X-Session-Token`, with the token of the provider\'s own SDK.'
        )
    )

    class Meta(BindingSerializer.Meta):
        fields = (*BindingSerializer.Meta.fields, "expires_at", "authorize_url", "token_url")
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_expires_at(self, grant: ThirdPartyGrant) -> str:
        return serializers.DateTimeField().to_representation(grant.requested_at + pending_grant_ttl())

    def get_authorize_url(self, grant: ThirdPartyGrant) -> str | None:
        return self.context.get("authorize_url")

    def get_token_url(self, grant: ThirdPartyGrant) -> str:
        return reverse("headless:app:socialaccount:provider_token")


def _provider_names(request: Request) -> dict[str, str]:
    return {offer.id: offer.name for offer in binding_providers(request=request._request)}


def _is_app_client(request: Request) -> bool:
    # allauth headless app sessions (X-Session-Token) are not the browser's cookie session.
    return isinstance(getattr(request, "auth", None), SessionBase)


class BindingProvidersView(ApiView):
    @extend_schema(
        operation_id="privacy_third_party_providers",
        summary="The providers you can bind, and the profile fields each offers",
        responses={
            200: ProviderOfferSerializer(many=True),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        offers = binding_providers(request=request._request)
        return Response(ProviderOfferSerializer(offers, many=True).data)


class BindingListView(ApiView):
    @extend_schema(
        operation_id="privacy_third_party_accounts",
        summary="Your third-party account bindings and what each may import",
        responses={
            200: BindingSerializer(many=True),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        grants = grants_bound(user_id=request.user.pk)
        context = {"provider_names": _provider_names(request)}
        return Response(BindingSerializer(grants, many=True, context=context).data)

    @extend_schema(
        operation_id="privacy_third_party_account_bind",
        summary="Choose what a provider may give the shop, then bind an account of it",
        description=(
            "Records your choice of fields (`status` pending, with the policy version in effect) before you "
            "leave for the provider. Then bind within `expires_at`: browser clients open `authorize_url` "
            "(the provider is asked for no more than the chosen fields need); app clients post the "
            "provider's token to `token_url` with `process` connect. When the provider sends you back the "
            "binding becomes active and only the chosen fields are copied: nickname to your profile, email "
            "to your addresses (verified if the provider says so), avatar as your picture."
        ),
        request=BindingStartInputSerializer,
        responses={
            201: BindingStartSerializer,
            400: error_response("invalid", "unknown_provider", "field_not_offered"),
            502: error_response("provider_unavailable"),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        data = BindingStartInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        provider = binding_provider_get(request=request._request, provider_id=data.validated_data["provider"])
        grant = grant_request(
            user_id=request.user.pk, provider=provider, fields=data.validated_data["fields"], channel=GrantChannel.API
        )
        authorize_url = None
        if not _is_app_client(request):
            callback_url = data.validated_data.get("callback_url")
            redirect = binding_redirect(
                request=request._request,
                provider=provider,
                grant=grant,
                next_url=callback_url,
                headless=bool(callback_url),
            )
            authorize_url = redirect["Location"]
        context = {"provider_names": {provider.sub_id: display_name(provider)}, "authorize_url": authorize_url}
        return Response(BindingStartSerializer(grant, context=context).data, status=status.HTTP_201_CREATED)


class BindingDetailView(ApiView):
    @extend_schema(
        operation_id="privacy_third_party_account_unbind",
        summary="Unbind a third-party account",
        description=(
            "Needs a recent re-authentication (403 `reauthentication_required` with `reauthenticate_url`). "
            "Deletes the binding and its tokens and closes the grant (`closed_at`). Refused with 409 "
            "`last_login_method` when you could no longer sign in: set a password or bind another account "
            "first."
        ),
        responses={
            200: OpenApiResponse(BindingSerializer, description="The closed grant."),
            403: OpenApiResponse(
                ReauthenticationErrorSerializer,
                description="Error codes: `reauthentication_required` (see `reauthenticate_url`), "
                "`not_authenticated`, `policy_acceptance_required`",
            ),
            404: error_response("binding_not_found"),
            409: error_response("last_login_method"),
        },
        tags=["privacy"],
    )
    def delete(self, request: Request, grant_id: int) -> Response:
        require_recent_reauthentication(request)
        grant = binding_unbind(user_id=request.user.pk, grant_id=grant_id)
        return Response(BindingSerializer(grant, context={"provider_names": _provider_names(request)}).data)
