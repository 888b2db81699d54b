"""A real Celery worker is killed (SIGKILL, main process and child) in the middle of a purge run, on a private
Redis broker that keeps production's one-hour visibility timeout: the message would not come back for an hour.
The reclaim sweep (beat, every minute) sees the run's heartbeat go stale and queues it again; a second worker
resumes it after its last committed batch, and the counts are exact: every expired row deleted once."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from privacy.retention.services.runs import purge_run_create
from privacy.retention.tasks import purge_category, purge_reclaim_stale
from shop.models import HistoryEntry
from tests.accounts.factories import UserFactory
from tests.faults.conftest import wait_for
from tests.faults.test_redis_down import app_on_private_redis  # noqa: F401 (fixture)
from tests.faults.test_worker_kill import _database_url
from tests.shop.factories import HistoryEntryFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)
ROWS, BATCH = 40, 4


@pytest.fixture
def purge_workers(app_on_private_redis, tmp_path):  # noqa: F811
    """``start()`` runs a prefork worker on the private broker, purging slowly (a pause between batches)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "FAULTS_VISIBILITY_TIMEOUT": "3600",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": app_on_private_redis.url,
        "PRIVACY_RETENTION_BATCH_PAUSE": "0.4",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    started: list[tuple[subprocess.Popen, object]] = []

    def start() -> subprocess.Popen:
        n = len(started) + 1
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1"]
        command += ["-n", f"purge-{n}@%h", "--without-gossip", "--without-mingle", "--loglevel", "INFO"]
        log = open(tmp_path / f"worker-{n}.log", "w+")  # noqa: SIM115 - closed in the teardown below
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append((process, log))
        return process

    try:
        yield start
    finally:
        for process, log in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            log.close()


def _run() -> PurgeRun:
    return PurgeRun.objects.get()


def test_a_purge_whose_worker_is_killed_mid_run_is_reclaimed_in_seconds_and_counts_each_row_once(
    purge_workers, settings
):
    # given expired browsing history, and a worker purging it a few rows per batch
    HistoryEntryFactory.create_batch(ROWS, user=UserFactory())
    HistoryEntry.objects.update(created_at=timezone.now() - timedelta(days=400))
    first = purge_workers()
    run = purge_run_create(category="history", triggered_by=PurgeTrigger.COMMAND, batch_size=BATCH)
    purge_category.delay(run.pk)
    wait_for(lambda: _run().deleted >= 2 * BATCH, timeout=90, what="the first worker to commit two batches")

    # when the worker is killed mid-run, and a second one is started
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    at_kill = _run()
    purge_workers()
    settings.PRIVACY_RETENTION_RECLAIM_AFTER = 2
    time.sleep(3)
    reclaimed = purge_reclaim_stale()
    wait_for(lambda: _run().status == PurgeStatus.COMPLETED, timeout=90, what="the second worker to finish the run")

    # then the run was left mid-way, reclaimed by the sweep, and finished with each row counted once
    run = _run()
    assert at_kill.status == PurgeStatus.RUNNING and BATCH <= at_kill.deleted < ROWS
    assert reclaimed == [run.pk]
    assert (run.examined, run.deleted, run.errors) == (ROWS, ROWS, 0)
    assert not HistoryEntry.objects.exists()
