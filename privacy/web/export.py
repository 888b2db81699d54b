"""Website page of the data export (promise D2): ask for a copy of one's data and download it.

Asking needs a recent re-authentication: allauth's decorator sends the user to confirm their password
and replays the request afterwards. Downloads go through the API's download view, which accepts the
website session, so there is one place that hands out files.
"""

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from core.rate_limits import rate_limited
from privacy.gate import policy_gate_exempt
from privacy.models import ExportStatus
from privacy.selectors.export import export_job_downloadable, export_job_state, export_jobs_recent
from privacy.services.export import export_request


def _announce(request: HttpRequest, job, created: bool) -> None:
    state = export_job_state(job)
    if not created:
        messages.info(request, gettext("A copy of your data is already being prepared. It is listed below."))
    elif state == ExportStatus.READY:
        expires = date_format(timezone.localtime(job.expires_at), "DATETIME_FORMAT")
        messages.success(
            request,
            gettext("Your copy is ready. Download it below; the link works until %(expires)s.") % {"expires": expires},
        )
    elif state == ExportStatus.FAILED:
        messages.error(request, gettext("We could not prepare your copy. Please try again in a few minutes."))
    else:
        messages.success(request, gettext("We are preparing your copy. Come back to this page in a few minutes."))


@policy_gate_exempt
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@reauthentication_required(enabled=lambda request: request.method == "POST")
@rate_limited("export")
def export_page(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        job, created = export_request(user_id=request.user.pk)
        _announce(request, job, created)
        return redirect("privacy:export")
    now = timezone.now()
    rows = [
        {
            "job": job,
            "state": export_job_state(job, now=now),
            "download_url": (
                reverse("api:privacy-export-download", kwargs={"job_id": job.pk})
                if export_job_downloadable(job, now=now)
                else None
            ),
        }
        for job in export_jobs_recent(user_id=request.user.pk)
    ]
    return render(request, "privacy/export.html", {"rows": rows, "ttl_days": settings.PRIVACY_EXPORT_TTL_DAYS})
