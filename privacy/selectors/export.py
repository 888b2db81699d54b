"""Reading a user's data export jobs, and deciding whether one may be downloaded.

A ready job whose ``expires_at`` has passed counts as expired at once, even before the daily task has
deleted its file: the download link is valid until ``expires_at``, not until the sweep.
"""

from datetime import datetime

from django.utils import timezone
from django.utils.translation import gettext

from privacy.export.errors import ExportExpired, ExportNotFound, ExportNotReady
from privacy.models import ExportJob, ExportStatus


def export_job_state(job: ExportJob, *, now: datetime | None = None) -> str:
    """The job's status as the user sees it: ``ready`` turns ``expired`` at ``expires_at``."""
    now = now or timezone.now()
    if job.status == ExportStatus.READY and (job.expires_at is None or job.expires_at <= now):
        return ExportStatus.EXPIRED
    return job.status


def export_job_downloadable(job: ExportJob, *, now: datetime | None = None) -> bool:
    return export_job_state(job, now=now) == ExportStatus.READY and bool(job.file)


def export_jobs_recent(*, user_id: int, limit: int = 5) -> list[ExportJob]:
    """The user's latest export jobs, newest first."""
    return list(ExportJob.objects.filter(user_id=user_id).order_by("-requested_at", "-id")[:limit])


def export_job_latest(*, user_id: int) -> ExportJob:
    """The user's newest export job. Raises ``ExportNotFound`` when they never asked for one."""
    job = ExportJob.objects.filter(user_id=user_id).order_by("-requested_at", "-id").first()
    if job is None:
        raise ExportNotFound(gettext("You have not asked for a copy of your data yet."))
    return job


def export_job_for_download(*, user_id: int, job_id: int) -> ExportJob:
    """The user's job ``job_id`` with a file they may download now.

    Raises ``ExportNotFound`` (404) for a job of another user or none, ``ExportExpired`` (410) once it
    expired or its file is gone, ``ExportNotReady`` (409) while it is pending, running or failed.
    """
    job = ExportJob.objects.filter(pk=job_id, user_id=user_id).first()
    if job is None:
        raise ExportNotFound()
    state = export_job_state(job)
    if state == ExportStatus.EXPIRED:
        raise ExportExpired()
    if state != ExportStatus.READY:
        raise ExportNotReady(status=state)
    if not job.file or not job.file.storage.exists(job.file.name):
        raise ExportExpired()
    return job
