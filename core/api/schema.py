"""OpenAPI pieces every API app shares: the documented shape of an error body, and the schema class.

Views reference ``ErrorSerializer`` (through ``error_response``) in ``extend_schema(responses=...)`` for their
own errors, so ``/api/schema/`` tells clients exactly what ``core.api.errors.api_exception_handler`` sends
back. The errors every endpoint of a kind shares (access, policy gate, throttle) are added by ``ApiAutoSchema``
from the view's own rules (``core.api.views.ApiMixin.documented_errors``).
"""

from drf_spectacular.openapi import AutoSchema
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


class ApiAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the shared error responses of views built on ``core.api.views.ApiMixin``.

    A status the view documents itself keeps the view's text (it usually names more codes).
    """

    def _get_response_bodies(self, direction="response") -> dict:
        responses = super()._get_response_bodies(direction)
        documented_errors = getattr(self.view, "documented_errors", None)
        if documented_errors is None:
            return responses
        for status_code, codes in sorted(documented_errors(self.method).items()):
            key = str(status_code)
            if key not in responses:
                responses[key] = self._get_response_for_code(error_response(*codes), key, direction=direction)
        return responses


def document_transport_errors(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: every operation that reads a body documents what the parsers answer.

    DRF refuses a body it cannot read before any view code runs: a media type no parser takes is 415
    ``unsupported_media_type``, a body the parser cannot decode is 400 ``parse_error``. Views document their
    own 400s; this adds the transport ones everywhere, so a new endpoint cannot forget them.
    """
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "requestBody" not in operation:
                continue
            responses = operation.setdefault("responses", {})
            responses.setdefault("400", {"description": "Error codes: `parse_error`, `invalid`", "content": error})
            responses.setdefault(
                "415", {"description": "Error codes: `unsupported_media_type` (send JSON)", "content": error}
            )
    return result
