"""``GET /api/v1/recommendations/``: "recently viewed" and "recommended for you" (A4, G3).

Personalised only while the caller's personalisation consent is on; everyone else gets the same
non-personalised list and no "recently viewed". ``personalised`` says which the caller got.
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.views import Access, ApiView
from shop.api.catalog_serializers import ProductListSerializer
from shop.selectors.recommendations import recommendations_for


class RecommendationsSerializer(serializers.Serializer):
    personalised = serializers.BooleanField(help_text="True only while your personalisation consent is on.")
    recently_viewed = ProductListSerializer(many=True)
    recommended = ProductListSerializer(many=True)


class RecommendationsView(ApiView):
    access = Access.PUBLIC

    @extend_schema(
        operation_id="recommendations",
        summary="Recently viewed and recommended products",
        description=(
            "With your `personalisation` consent on, built from your own browsing history; otherwise the "
            "newest products, the same for everyone, and no recently viewed list."
        ),
        responses={200: RecommendationsSerializer},
        tags=["catalog"],
    )
    def get(self, request: Request) -> Response:
        lists = recommendations_for(user=request.user)
        return Response(RecommendationsSerializer(lists, context={"request": request}).data)
