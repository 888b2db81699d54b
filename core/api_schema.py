"""OpenAPI pieces every API app shares: the documented shape of an error body.

Views reference ``ErrorSerializer`` in ``extend_schema(responses=...)`` so ``/api/schema/`` tells clients
exactly what ``core.api_errors.api_exception_handler`` sends back.
"""

from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """``{"code", "detail", "fields"}``; some codes add context keys (documented where they occur)."""

    code = serializers.CharField(help_text="Stable snake_case error code, for example `not_authenticated`.")
    detail = serializers.CharField(help_text="Human-readable message; may change, do not parse it.")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per submitted field; `non_field_errors` for the request as a whole.",
    )


def error_response(*codes: str) -> OpenApiResponse:
    """An error response in the shared shape whose description lists the codes it can carry."""
    return OpenApiResponse(response=ErrorSerializer, description="Error codes: " + ", ".join(f"`{c}`" for c in codes))
