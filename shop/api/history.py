"""History API, mounted at ``/api/v1/privacy/history/``: the caller's searches and product views (A4).

It lives in the shop app, which owns the history, under the privacy centre's path, where users look
for what the shop keeps about them.
"""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import error_response
from core.api.views import ApiMixin
from shop.models import HistoryKind
from shop.selectors.history import history_list
from shop.services.history import history_clear


class HistoryProductSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()


class HistoryEntrySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=HistoryKind.choices, help_text="`search` or `view`.")
    query = serializers.CharField(help_text='The search words of a `search`; "" for a `view`.')
    product = HistoryProductSerializer(
        allow_null=True, help_text="The product of a `view`; null for a `search` or a product since removed."
    )
    created_at = serializers.DateTimeField()


class HistoryView(ApiMixin, generics.ListAPIView):
    serializer_class = HistoryEntrySerializer
    filter_backends: list = []

    def get_queryset(self):
        return history_list(user_id=self.request.user.pk)

    @extend_schema(
        operation_id="privacy_history_list",
        summary="Your search and browsing history, newest first",
        description=(
            "Recorded only while your `personalisation` consent is on (see `/api/v1/privacy/consents/`); "
            "what was recorded before a withdrawal stays here until you clear it. Paginated (`page`, "
            "`page_size` up to 100); a page past the end is `not_found`."
        ),
        responses={
            200: HistoryEntrySerializer(many=True),
            404: error_response("not_found"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        operation_id="privacy_history_clear",
        summary="Clear your search and browsing history",
        description="Deletes every entry at once. Clearing an empty history also answers 204.",
        request=None,
        responses={
            204: OpenApiResponse(description="The history is empty now."),
        },
        tags=["privacy"],
    )
    def delete(self, request: Request) -> Response:
        history_clear(user_id=request.user.pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
