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

    def get_operation(self, *args, **kwargs) -> dict | None:
        """Every operation states its security: a public one (no authenticator, like the webhooks and the guest
        order links) says so with ``security: []`` rather than leaving readers to guess."""
        operation = super().get_operation(*args, **kwargs)
        if operation is not None:
            operation.setdefault("security", [])
        return operation

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


def declare_servers(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: ``servers`` names the server that answered the schema request (or
    ``SHOP_SITE_URL`` when the schema is generated on the command line), so clients and linters know the base.

    The licence's link is made absolute on the same base (``SPECTACULAR_SETTINGS["LICENSE"]`` holds a path)."""
    if request is not None:
        url = request.build_absolute_uri("/").rstrip("/")
    else:
        from django.conf import settings

        url = getattr(settings, "SHOP_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    result["servers"] = [{"url": url, "description": "This shop"}]
    licence = result.get("info", {}).get("license", {})
    if licence.get("url", "").startswith("/"):
        licence["url"] = url + licence["url"]
    return result


def _component_type(result: dict, schema: dict) -> str | None:
    """The ``type`` of ``schema``, following a ``$ref`` into the components; ``None`` when it has none."""
    ref = schema.get("$ref", "")
    if ref.startswith("#/components/schemas/"):
        schema = result.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[1], {})
    if "type" in schema:
        return schema["type"]
    if schema.get("enum") and all(isinstance(value, str) for value in schema["enum"]):
        return "string"
    return None


def _type_nullable(result: dict, node) -> None:
    if isinstance(node, list):
        for item in node:
            _type_nullable(result, item)
        return
    if not isinstance(node, dict):
        return
    if node.get("nullable") and "type" not in node:
        parts = node.get("allOf") or node.get("oneOf") or node.get("anyOf") or []
        types = {_component_type(result, part) for part in parts} - {None}
        if len(types) == 1:
            node["type"] = types.pop()
    for value in node.values():
        _type_nullable(result, value)


def type_nullable_references(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: a nullable reference (``allOf: [$ref], nullable: true``, or a
    nullable enum's ``oneOf``) states the type it wraps, as OpenAPI 3.0 asks (``nullable`` means nothing
    without a ``type`` beside it)."""
    _type_nullable(result, result.get("paths", {}))
    _type_nullable(result, result.get("components", {}).get("schemas", {}))
    return result


def document_transport_errors(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: every operation that reads a body documents what the parsers answer.

    DRF refuses a body it cannot read before any view code runs: a media type no parser takes is 415
    ``unsupported_media_type``, a body the parser cannot decode is 400 ``parse_error``. Views document their
    own 400s; this adds the transport ones everywhere, so a new endpoint cannot forget them. Likewise an
    ``Accept`` header naming nothing a JSON operation renders is 406 ``not_acceptable``.
    """
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict):
                continue
            responses = operation.setdefault("responses", {})
            if any("application/json" in answer.get("content", {}) for answer in responses.values()):
                responses.setdefault(
                    "406",
                    {"description": "Error codes: `not_acceptable` (accept `application/json`)", "content": error},
                )
            if "requestBody" not in operation:
                continue
            responses.setdefault("400", {"description": "Error codes: `parse_error`, `invalid`", "content": error})
            responses.setdefault(
                "415", {"description": "Error codes: `unsupported_media_type` (send JSON)", "content": error}
            )
    return result
