"""Privacy API: cancelling one's account (promise D4), at ``/api/v1/privacy/cancellation/``.

``POST`` asks for it (after a recent re-authentication) and starts the cooling-off window, ``GET`` shows
the latest request with its state and due date, ``DELETE`` revokes a pending one. All three stay reachable
while the policy gate blocks the rest (``PRIVACY_GATE_EXEMPT_PATHS``).
"""

from django.utils.translation import gettext
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import ApiView
from privacy.cancellation.errors import CancellationNotFound
from privacy.cancellation.models import CancellationChannel
from privacy.cancellation.selectors import CancellationSnapshot, CancellationState, cancellation_latest
from privacy.cancellation.services import cancellation_request, cancellation_revoke
from privacy.gate import policy_gate_exempt
from privacy.reauth import ReauthenticationErrorSerializer, require_recent_reauthentication


class CancellationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.ChoiceField(
        choices=CancellationState.ALL,
        help_text=(
            "cooling_off (you can still revoke it), due (the account is being anonymised), on_hold (a legal "
            "hold postpones the anonymisation; you can still revoke it), revoked, completed."
        ),
    )
    on_hold = serializers.BooleanField(help_text="True while a legal hold postpones the anonymisation.")
    can_revoke = serializers.BooleanField(help_text="True while `DELETE` can still revoke the request.")
    requested_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(help_text="When the cooling-off window ends and the account is anonymised.")
    revoked_at = serializers.DateTimeField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)


class CancellationBlockedErrorSerializer(ErrorSerializer):
    blocking = serializers.ListField(
        child=serializers.CharField(), help_text="What blocks it: for `orders_in_progress`, the order numbers."
    )


def _data(view: CancellationSnapshot) -> dict:
    request = view.request
    return CancellationSerializer(
        {
            "id": request.pk,
            "state": view.state,
            "on_hold": view.state == CancellationState.ON_HOLD,
            "can_revoke": view.can_revoke,
            "requested_at": request.requested_at,
            "due_at": request.due_at,
            "revoked_at": request.revoked_at,
            "completed_at": request.completed_at,
        }
    ).data


def _latest(user_id: int) -> CancellationSnapshot:
    view = cancellation_latest(user_id=user_id)
    if view is None:
        raise CancellationNotFound(gettext("You have not asked to cancel your account."))
    return view


@policy_gate_exempt
class CancellationAPIView(ApiView):
    # Asking (POST) is limited, shared with the website's form; revoking (DELETE) never is.
    throttle_scope = "cancellation"
    throttle_methods = frozenset({"POST"})

    @extend_schema(
        operation_id="privacy_cancellation_status",
        summary="Your latest request to cancel your account: its state and when it takes effect",
        responses={
            200: CancellationSerializer,
            404: error_response("cancellation_not_found"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        return Response(_data(_latest(request.user.pk)))

    @extend_schema(
        operation_id="privacy_cancellation_request",
        summary="Cancel your account (irreversible once the cooling-off window ends)",
        description=(
            "Needs a recent re-authentication: without one the answer is 403 `reauthentication_required` with "
            "`reauthenticate_url`. Starts the cooling-off window (`due_at`, 7 days by default) and emails you; "
            "until then you can sign in and revoke it with `DELETE`. When it ends your account is anonymised: "
            "you can no longer sign in, your profile, addresses, carts, history and third-party bindings are "
            "deleted, your orders are kept for accounting without your name, phone or street, and every company "
            "that received your data is asked to delete it. Refused with 409 `orders_in_progress` (order "
            "numbers in `blocking`) while an order is unpaid, paid, awaiting pickup or shipped, and with 403 "
            "`staff_account` for staff accounts. Asking again while a request is pending answers 200 with it."
        ),
        request=None,
        responses={
            201: OpenApiResponse(CancellationSerializer, description="The request was made: the window starts."),
            200: OpenApiResponse(CancellationSerializer, description="A request is already pending: that one."),
            403: OpenApiResponse(
                ReauthenticationErrorSerializer,
                description=(
                    "Error codes: `reauthentication_required` (see `reauthenticate_url`), `staff_account`, "
                    "`not_authenticated`"
                ),
            ),
            409: OpenApiResponse(
                CancellationBlockedErrorSerializer, description="Error codes: `orders_in_progress` (see `blocking`)"
            ),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        require_recent_reauthentication(request)
        _, created = cancellation_request(
            user_id=request.user.pk, channel=CancellationChannel.API, site_url=request.build_absolute_uri("/")
        )
        return Response(
            _data(_latest(request.user.pk)), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK
        )

    @extend_schema(
        operation_id="privacy_cancellation_revoke",
        summary="Revoke your pending request to cancel your account",
        description="Possible until the account is anonymised. Nothing is erased; the answer is the revoked request.",
        request=None,
        responses={
            200: CancellationSerializer,
            404: error_response("cancellation_not_found"),
        },
        tags=["privacy"],
    )
    def delete(self, request: Request) -> Response:
        cancellation_revoke(user_id=request.user.pk)
        return Response(_data(_latest(request.user.pk)))
