"""The export tasks: building a job by id (idempotent, retry-safe) and deleting expired files daily."""

import logging
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from privacy import tasks
from privacy.models import ExportJob, ExportStatus
from privacy.services import export as export_service
from privacy.services.export import export_files_delete_for_user, export_request
from tests.accounts.factories import UserFactory

pytestmark = pytest.mark.django_db


def _storage():
    return ExportJob._meta.get_field("file").storage


def _ready_job(user=None) -> ExportJob:
    job = ExportJob.objects.create(user=user or UserFactory())
    assert tasks.export_build(job.pk) is True
    job.refresh_from_db()
    return job


def test_the_build_task_takes_a_job_id_and_makes_the_file_downloadable():
    # given
    user = UserFactory()
    job = ExportJob.objects.create(user=user)

    # when
    built = tasks.export_build.delay(job.pk).get()

    # then
    job.refresh_from_db()
    assert built is True
    assert job.status == ExportStatus.READY
    assert _storage().exists(job.file.name)
    assert job.size_bytes == _storage().size(job.file.name)
    assert user.email not in job.file.name
    assert str(django_settings.PRIVACY_EXPORT_ROOT) in _storage().path(job.file.name)


def test_a_ready_job_is_not_rebuilt_by_a_second_delivery():
    # given
    job = _ready_job()

    # when
    built_again = tasks.export_build(job.pk)

    # then
    assert built_again is False
    assert ExportJob.objects.get(pk=job.pk).file.name == job.file.name
    assert len(_storage().listdir(str(job.file.name).rsplit("/", 1)[0])[1]) == 1


@pytest.mark.parametrize("status_", [ExportStatus.EXPIRED, ExportStatus.FAILED])
def test_a_finished_job_is_left_alone(status_):
    # given
    job = ExportJob.objects.create(user=UserFactory(), status=status_)

    # when
    built = tasks.export_build(job.pk)

    # then
    assert built is False
    assert ExportJob.objects.get(pk=job.pk).status == status_


def test_an_unknown_job_id_is_ignored():
    # when / then
    assert tasks.export_build(987654) is False


def test_a_job_being_built_elsewhere_is_left_alone_until_its_worker_is_presumed_lost():
    # given a job a worker started a minute ago, and one started an hour ago (the worker died)
    user = UserFactory()
    busy = ExportJob.objects.create(
        user=user, status=ExportStatus.RUNNING, started_at=timezone.now() - timedelta(minutes=1)
    )
    lost = ExportJob.objects.create(
        user=user, status=ExportStatus.RUNNING, started_at=timezone.now() - timedelta(hours=1)
    )

    # when
    results = (tasks.export_build(busy.pk), tasks.export_build(lost.pk))

    # then
    assert results == (False, True)
    assert ExportJob.objects.get(pk=busy.pk).status == ExportStatus.RUNNING
    assert ExportJob.objects.get(pk=lost.pk).status == ExportStatus.READY


def test_a_failing_build_marks_the_job_failed_and_logs_no_personal_data(settings, tmp_path, caplog):
    # given an export folder that cannot be written (a file stands where the folder should be)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.PRIVACY_EXPORT_ROOT = blocker
    user = UserFactory()
    job = ExportJob.objects.create(user=user)

    # when
    with caplog.at_level(logging.INFO, logger="privacy.services.export"):
        built = tasks.export_build(job.pk)

    # then
    job.refresh_from_db()
    assert built is False
    assert (job.status, job.error_code, job.file.name) == (ExportStatus.FAILED, "export_failed", "")
    assert f"job {job.pk} failed" in caplog.text
    assert user.email not in caplog.text


def test_expired_files_are_deleted_and_their_jobs_marked_expired():
    # given one export built a week ago, and one built today
    with time_machine.travel(timezone.now() - timedelta(days=7, minutes=1), tick=False):
        old = _ready_job()
    fresh = _ready_job()
    old_name = old.file.name

    # when
    expired = tasks.export_expire()

    # then
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert expired == 1
    assert (old.status, old.file.name, old.size_bytes) == (ExportStatus.EXPIRED, "", 0)
    assert not _storage().exists(old_name)
    assert fresh.status == ExportStatus.READY
    assert _storage().exists(fresh.file.name)


def test_the_sweep_runs_in_batches_until_every_expired_file_is_gone(monkeypatch):
    # given five expired exports and batches of two
    monkeypatch.setattr(export_service, "EXPIRE_BATCH_SIZE", 2)
    user = UserFactory()
    jobs = [_ready_job(user) for _ in range(5)]

    # when (the task queues itself again while a full batch was processed)
    with time_machine.travel(timezone.now() + timedelta(days=8), tick=False):
        first_run = tasks.export_expire()

    # then
    assert first_run == 2
    assert ExportJob.objects.filter(status=ExportStatus.EXPIRED).count() == 5
    assert not any(_storage().exists(job.file.name) for job in jobs)


def test_the_sweep_is_idempotent_when_a_file_is_already_gone():
    # given an expired job whose file was removed by an earlier, interrupted run
    with time_machine.travel(timezone.now() - timedelta(days=8), tick=False):
        job = _ready_job()
    _storage().delete(job.file.name)

    # when
    first, second = tasks.export_expire(), tasks.export_expire()

    # then
    assert (first, second) == (1, 0)
    assert ExportJob.objects.get(pk=job.pk).status == ExportStatus.EXPIRED


def test_the_sweep_gives_up_on_abandoned_jobs():
    # given a job queued yesterday that no worker ever took, and one queued a minute ago
    user = UserFactory()
    abandoned = ExportJob.objects.create(user=user, requested_at=timezone.now() - timedelta(days=1))
    queued = ExportJob.objects.create(user=user)

    # when
    tasks.export_expire()

    # then
    abandoned.refresh_from_db()
    assert (abandoned.status, abandoned.error_code) == (ExportStatus.FAILED, "abandoned")
    assert ExportJob.objects.get(pk=queued.pk).status == ExportStatus.PENDING


def test_the_sweep_is_scheduled_daily():
    # then
    entry = django_settings.CELERY_BEAT_SCHEDULE["privacy-export-expire"]
    assert entry["task"] == "privacy.export_expire"
    assert entry["schedule"] == 24 * 60 * 60
    assert "privacy.export_expire" in celery_app.tasks
    assert "privacy.export_build" in celery_app.tasks


def test_cancellation_can_delete_every_export_file_of_a_user():
    # given
    user, other = UserFactory(), UserFactory()
    mine = [_ready_job(user), _ready_job(user)]
    theirs = _ready_job(other)

    # when
    deleted = export_files_delete_for_user(user_id=user.pk)

    # then
    assert deleted == 2
    assert not any(_storage().exists(job.file.name) for job in mine)
    assert set(ExportJob.objects.filter(user=user).values_list("status", flat=True)) == {ExportStatus.EXPIRED}
    assert _storage().exists(theirs.file.name)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_create_one_job(settings, monkeypatch):
    # given two requests of the same user arriving together; the build is queued, not run here
    settings.PRIVACY_EXPORT_INLINE_MAX_ROWS = 0
    queued = []
    monkeypatch.setattr(export_service, "_queue_build", queued.append)
    user = UserFactory()
    barrier = threading.Barrier(2)
    created = []

    def ask():
        try:
            barrier.wait()
            created.append(export_request(user_id=user.pk)[1])
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=ask) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then
    assert sorted(created) == [False, True]
    job = ExportJob.objects.get(user=user)
    assert queued == [job.pk]


def test_an_export_whose_task_was_lost_is_queued_again_by_the_sweep_and_a_recent_one_is_left_to_its_task():
    # given two jobs still queued: one whose task a broker outage lost three minutes ago, one asked just now
    lost = ExportJob.objects.create(user=UserFactory(), requested_at=timezone.now() - timedelta(minutes=3))
    recent = ExportJob.objects.create(user=UserFactory())

    # when the sweep runs (Celery eager: the queued build runs at once)
    queued = tasks.export_requeue_lost_task.delay().get()

    # then
    lost.refresh_from_db()
    recent.refresh_from_db()
    assert queued == 1
    assert lost.status == ExportStatus.READY
    assert recent.status == ExportStatus.PENDING
    assert django_settings.CELERY_BEAT_SCHEDULE["privacy-export-requeue"]["task"] == "privacy.export_requeue_lost"
