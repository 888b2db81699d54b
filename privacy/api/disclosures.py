"""Privacy API: the disclosure log (promise C3), what was shared with whom, when, why, which fields."""

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from core.api.schema import error_response
from core.api.views import ApiMixin
from privacy.models import DisclosureRecord
from privacy.selectors.disclosure import disclosures_for_user


class DisclosureSerializer(serializers.ModelSerializer):
    fields = serializers.ListField(
        child=serializers.CharField(), help_text="Names of the fields that were sent (never their values)."
    )

    class Meta:
        model = DisclosureRecord
        fields = ("id", "recipient", "purpose", "fields", "cross_border", "reference", "outcome", "created_at")
        extra_kwargs = {
            "recipient": {"help_text": "Who received the data."},
            "purpose": {"help_text": "Why it was shared."},
            "cross_border": {"help_text": "Whether the recipient is outside the shop's storage region."},
            "reference": {"help_text": "What it was about, for example an order number."},
            "created_at": {"help_text": "When it was shared."},
            "outcome": {"help_text": "What the recipient answered; whatever it answered, the data was sent."},
        }


class DisclosureListView(ApiMixin, ListAPIView):
    serializer_class = DisclosureSerializer

    def get_queryset(self) -> QuerySet[DisclosureRecord]:
        return disclosures_for_user(user_id=self.request.user.pk)

    @extend_schema(
        operation_id="privacy_disclosures",
        summary="What of your data was shared with whom, when and why, newest first",
        responses={
            200: DisclosureSerializer(many=True),
            404: error_response("not_found"),
        },
        tags=["privacy"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
