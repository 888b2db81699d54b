"""Privacy API: a copy of one's data (promise D2).

``POST /api/v1/privacy/export/`` asks for it (after a recent re-authentication), ``GET`` shows the latest
request, ``GET /api/v1/privacy/export/{id}/download/`` hands out the file to its owner until it expires.
All three stay reachable while the policy gate blocks the rest (``PRIVACY_GATE_EXEMPT_PATHS``).
"""

from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from core.api.schema import ErrorSerializer, error_response
from core.api.views import ApiView
from privacy.gate import policy_gate_exempt
from privacy.models import ExportJob
from privacy.reauth import ReauthenticationErrorSerializer, require_recent_reauthentication
from privacy.selectors.export import (
    export_job_downloadable,
    export_job_for_download,
    export_job_latest,
    export_job_state,
)
from privacy.services.export import export_request


class ExportJobSerializer(serializers.ModelSerializer):
    status = serializers.SerializerMethodField(
        help_text="pending, running, ready, failed or expired (a ready file turns expired at `expires_at`)."
    )
    download_url = serializers.SerializerMethodField(
        help_text="Where to GET the file while it is ready; null otherwise. Valid for you only, until `expires_at`."
    )

    class Meta:
        model = ExportJob
        fields = (
            "id",
            "status",
            "requested_at",
            "started_at",
            "finished_at",
            "expires_at",
            "size_bytes",
            "error_code",
            "download_url",
        )
        read_only_fields = fields

    def get_status(self, job: ExportJob) -> str:
        return export_job_state(job, now=self.context.get("now"))

    def get_download_url(self, job: ExportJob) -> str | None:
        if not export_job_downloadable(job, now=self.context.get("now")):
            return None
        return reverse("api:privacy-export-download", kwargs={"job_id": job.pk})


class ExportNotReadyErrorSerializer(ErrorSerializer):
    status = serializers.CharField(help_text="The job's status now: pending, running or failed.")


def _job_data(job: ExportJob) -> dict:
    return ExportJobSerializer(job, context={"now": timezone.now()}).data


@policy_gate_exempt
class ExportView(ApiView):
    # Asking for an export (POST) is rate limited; polling for it is not.
    throttle_scope = "export"

    @extend_schema(
        operation_id="privacy_export_latest",
        summary="Your latest request for a copy of your data, and its download link when ready",
        responses={
            200: ExportJobSerializer,
            404: error_response("export_not_found"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request) -> Response:
        return Response(_job_data(export_job_latest(user_id=request.user.pk)))

    @extend_schema(
        operation_id="privacy_export_request",
        summary="Ask for a copy of all your data (JSON)",
        description=(
            "Needs a recent re-authentication: without one the answer is 403 `reauthentication_required` "
            "with `reauthenticate_url`, where to confirm your password before retrying. A small account "
            "gets the file at once (`status` ready); a larger one is built in the background (poll GET). "
            "While a request is pending or running, asking again answers 200 with that request."
        ),
        request=None,
        responses={
            201: OpenApiResponse(ExportJobSerializer, description="A new export was started (or is already ready)."),
            200: OpenApiResponse(ExportJobSerializer, description="An export is already on its way: that one."),
            403: OpenApiResponse(
                ReauthenticationErrorSerializer,
                description="Error codes: `reauthentication_required` (see `reauthenticate_url`), `not_authenticated`",
            ),
        },
        tags=["privacy"],
    )
    def post(self, request: Request) -> Response:
        require_recent_reauthentication(request)
        job, created = export_request(user_id=request.user.pk)
        return Response(_job_data(job), status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


@policy_gate_exempt
class ExportDownloadView(ApiView):
    @extend_schema(
        operation_id="privacy_export_download",
        summary="Download your data export (a JSON attachment)",
        description=(
            "The file described in `GET /api/v1/privacy/export/`, for its owner only, until `expires_at`. "
            "Works with the website session too, so the privacy centre links here."
        ),
        responses={
            (200, "application/json"): OpenApiResponse(
                OpenApiTypes.BINARY, description="The export document, as an attachment (`Cache-Control: no-store`)."
            ),
            404: error_response("export_not_found"),
            409: OpenApiResponse(
                ExportNotReadyErrorSerializer, description="Error codes: `export_not_ready` (`status` says why)"
            ),
            410: error_response("export_expired"),
        },
        tags=["privacy"],
    )
    def get(self, request: Request, job_id: int) -> FileResponse:
        job = export_job_for_download(user_id=request.user.pk, job_id=job_id)
        filename = f"privashop-data-export-{job.finished_at:%Y-%m-%d}.json"
        response = FileResponse(
            job.file.open("rb"), as_attachment=True, filename=filename, content_type="application/json"
        )
        response["Cache-Control"] = "no-store"
        return response
