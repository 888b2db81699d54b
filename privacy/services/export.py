"""Data export jobs (promise D2): asking for a copy of one's data, building it, deleting it on expiry.

A job moves ``pending -> running -> ready -> expired`` (or ``-> failed``). Every transition is one
conditional ``UPDATE`` on the job's current status, so a task delivered twice, a retry, or the inline
build racing a worker can never build twice or resurrect an expired job. The file is JSON built by
``privacy.export.builder`` and lives in private storage (``PRIVACY_EXPORT_ROOT``) until ``expires_at``
(``PRIVACY_EXPORT_TTL_DAYS`` after it was built), when the daily expiry task deletes it.

Nothing here logs or passes personal data: job ids, counts and exception class names only.
"""

import logging
import secrets
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.task_queue import task_enqueue
from privacy.export.builder import export_document, export_document_bytes
from privacy.models import ExportJob, ExportStatus
from privacy.registry import declarations, owned_rows

logger = logging.getLogger(__name__)

OPEN_STATUSES = (ExportStatus.PENDING, ExportStatus.RUNNING)
# Longer than CELERY_TASK_TIME_LIMIT plus a queue backlog: an open job this old has lost its worker.
EXPORT_STALE_AFTER = timedelta(minutes=30)
EXPIRE_BATCH_SIZE = 200
# A job still queued this long after it was asked for has lost its task (a broker outage): queue it again.
EXPORT_REQUEUE_AFTER = timedelta(minutes=2)
REQUEUE_BATCH_SIZE = 100


def _alive(now) -> Q:
    """Open jobs still being worked on: queued or started less than ``EXPORT_STALE_AFTER`` ago."""
    since = now - EXPORT_STALE_AFTER
    return Q(status=ExportStatus.PENDING, requested_at__gte=since) | Q(
        status=ExportStatus.RUNNING, started_at__gte=since
    )


def _account_is_small(user_id: int, limit: int) -> bool:
    """Whether the user owns at most ``limit`` exported rows; stops counting once past it."""
    total = 0
    for declaration in declarations():
        if not any(personal.export for personal in declaration.fields):
            continue
        total += owned_rows(declaration, user_id)[: limit - total + 1].count()
        if total > limit:
            return False
    return True


def _queue_build(job_id: int) -> None:
    # Imported here: the task module imports this one.
    from privacy.tasks import export_build

    task_enqueue(export_build, job_id)


def export_requeue_lost(*, now=None) -> int:
    """Queue again the build of jobs still pending ``EXPORT_REQUEUE_AFTER`` after they were asked for (their
    task was lost: the broker was down, or a worker dropped it) and not yet stale. Building is idempotent, so
    a job whose task was only slow is built once. Returns how many were queued (at most a batch per run)."""
    now = now or timezone.now()
    lost = ExportJob.objects.filter(
        status=ExportStatus.PENDING,
        requested_at__lt=now - EXPORT_REQUEUE_AFTER,
        requested_at__gte=now - EXPORT_STALE_AFTER,
    ).values_list("pk", flat=True)[:REQUEUE_BATCH_SIZE]
    queued = 0
    for job_id in lost:
        _queue_build(job_id)
        queued += 1
    return queued


def export_request(*, user_id: int) -> tuple[ExportJob, bool]:
    """Ask for a copy of the user's data; returns ``(job, created)``.

    At most one open (pending or running) job per user: while one is alive it is returned with
    ``created=False`` and nothing else happens. The user's row is locked for the check, so two
    simultaneous requests create one job. An open job that outlived ``EXPORT_STALE_AFTER`` is marked
    failed (``abandoned``) and a new one is created. A small account (see ``PRIVACY_EXPORT_INLINE_MAX_ROWS``)
    is built at once, in the caller's thread, after the commit; a larger one is queued (the Celery task
    ``privacy.export_build`` with the job id, on commit). Raises ``DoesNotExist`` for an unknown user.
    Re-authentication is the caller's duty (``privacy.reauth``).
    """
    now = timezone.now()
    with transaction.atomic():
        get_user_model()._base_manager.select_for_update().only("pk").get(pk=user_id)
        open_jobs = ExportJob.objects.filter(user_id=user_id, status__in=OPEN_STATUSES)
        alive = open_jobs.filter(_alive(now)).order_by("-requested_at", "-id").first()
        if alive is not None:
            return alive, False
        open_jobs.update(status=ExportStatus.FAILED, error_code="abandoned", finished_at=now)
        job = ExportJob.objects.create(user_id=user_id, status=ExportStatus.PENDING, requested_at=now)
        inline = _account_is_small(user_id, settings.PRIVACY_EXPORT_INLINE_MAX_ROWS)
        if not inline:
            transaction.on_commit(partial(_queue_build, job.pk))
    if inline:
        export_job_build(job_id=job.pk)
        job.refresh_from_db()
    return job, True


def export_job_build(*, job_id: int) -> bool:
    """Build the export file of job ``job_id`` and make it downloadable; True if this call built it.

    Idempotent and safe to retry: the job is claimed by moving it from ``pending`` to ``running`` in one
    conditional update (a ``running`` job is reclaimed only once stale, its worker lost), so a ready,
    expired, failed or unknown job is left alone and False returned. A failure marks the job
    ``failed`` (``export_failed``) and is logged with the job id and the exception's class only (its
    message could quote personal data); it is not raised, so the caller (a request or a task) goes on
    and the user can ask again.
    """
    started = timezone.now()
    claimed = (
        ExportJob.objects.filter(pk=job_id)
        .filter(
            Q(status=ExportStatus.PENDING) | Q(status=ExportStatus.RUNNING, started_at__lt=started - EXPORT_STALE_AFTER)
        )
        .update(status=ExportStatus.RUNNING, started_at=started, error_code="")
    )
    if not claimed:
        return False
    job = ExportJob.objects.only("pk", "user_id", "file").get(pk=job_id)
    try:
        content = export_document_bytes(export_document(user_id=job.user_id))
        job.file.save(f"export-{job.pk}-{secrets.token_hex(8)}.json", ContentFile(content), save=False)
    # Whatever went wrong, the job must not stay "running": the user would wait for nothing.
    except Exception as exc:  # noqa: BLE001
        logger.error("Data export job %s failed (%s).", job_id, type(exc).__name__)
        ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING, started_at=started).update(
            status=ExportStatus.FAILED, error_code="export_failed", finished_at=timezone.now()
        )
        return False
    finished = timezone.now()
    stored = ExportJob.objects.filter(pk=job_id, status=ExportStatus.RUNNING, started_at=started).update(
        status=ExportStatus.READY,
        file=job.file.name,
        size_bytes=len(content),
        finished_at=finished,
        expires_at=finished + timedelta(days=settings.PRIVACY_EXPORT_TTL_DAYS),
    )
    if not stored:
        # Someone else finished or gave up on the job meanwhile: this file is nobody's.
        job.file.storage.delete(job.file.name)
        return False
    logger.info("Data export job %s is ready (%s bytes).", job_id, len(content))
    return True


def export_expire_batch(*, batch_size: int | None = None) -> tuple[int, bool]:
    """Delete the files of up to ``batch_size`` (default ``EXPIRE_BATCH_SIZE``) ready jobs past
    ``expires_at`` and mark them ``expired``; also mark abandoned open jobs ``failed``.
    Returns ``(expired, more_left)``.

    Idempotent: files go first, then the rows change, so a run interrupted between the two deletes the
    (already missing) files again next time and finishes the job. No lock: a download that races the
    deletion is refused anyway once ``expires_at`` has passed.
    """
    batch_size = batch_size or EXPIRE_BATCH_SIZE
    now = timezone.now()
    ExportJob.objects.filter(status__in=OPEN_STATUSES).exclude(_alive(now)).update(
        status=ExportStatus.FAILED, error_code="abandoned", finished_at=now
    )
    due = list(
        ExportJob.objects.filter(status=ExportStatus.READY, expires_at__lte=now)
        .order_by("expires_at", "pk")
        .values_list("pk", "file")[:batch_size]
    )
    _delete_files(name for _, name in due)
    expired = ExportJob.objects.filter(pk__in=[pk for pk, _ in due], status=ExportStatus.READY).update(
        status=ExportStatus.EXPIRED, file="", size_bytes=0
    )
    if expired:
        logger.info("Deleted %s expired data export files.", expired)
    return expired, len(due) == batch_size


def export_files_delete_for_user(*, user_id: int) -> int:
    """Delete every export file of the user and mark their jobs ``expired``; returns how many files.

    For account cancellation, before the jobs' rows go: a deleted row would leave its file behind.
    Idempotent.
    """
    jobs = list(ExportJob.objects.filter(user_id=user_id).exclude(file="").values_list("pk", "file"))
    _delete_files(name for _, name in jobs)
    ExportJob.objects.filter(pk__in=[pk for pk, _ in jobs]).update(status=ExportStatus.EXPIRED, file="", size_bytes=0)
    return len(jobs)


def _delete_files(names) -> None:
    storage = ExportJob._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)
