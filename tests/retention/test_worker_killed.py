"""A real Celery worker (its own process, the real Redis broker, the test database) killed with SIGKILL in the
middle of a purge: the data stays consistent and the redelivered task finishes the run without doing or
counting anything twice."""

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from orders.models import Order, OrderStatus
from privacy.retention.models import PurgeRun, PurgeStatus, PurgeTrigger
from privacy.retention.services.runs import purge_run_create
from privacy.retention.tasks import purge_category
from tests.orders.factories import order_with_line
from tests.retention.factories import shipment_with_event

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ORDERS = 12
BATCH = 2
ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path):
    """``celery -A config worker`` on a queue of its own: prefork, one child, a fifth of a second between batches."""
    queue = f"retention-test-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "PRIVACY_RETENTION_BATCH_PAUSE": "0.2",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1"]
    command += ["-Q", queue, "-n", f"{queue}@%h", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"]
    # The worker's log stays in pytest's temporary folder (kept for the last runs) to read after a failure.
    log = open(tmp_path / "worker.log", "w+")  # noqa: SIM115 - closed in the teardown below
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    celery_app.conf.task_always_eager = False
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager = True
        # The test is over and nothing is left to finish: the whole process group goes at once.
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        log.close()


def _closed_orders() -> list[int]:
    ids = []
    for n in range(ORDERS):
        order = order_with_line()
        shipment_with_event(order, tracking_number=f"SF-KILL-{n}")
        ids.append(order.pk)
    Order.objects.filter(pk__in=ids).update(
        status=OrderStatus.COMPLETED, completed_at=timezone.now() - timedelta(days=2000)
    )
    return ids


def _wait_for(predicate, *, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _half_done_orders() -> int:
    """Orders whose own fields and whose shipment disagree (one anonymised, the other not), read in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT count(*) FROM orders_order o JOIN orders_shipment s ON s.order_id = o.id
            JOIN orders_trackingevent t ON t.shipment_id = s.id
            WHERE (o.recipient_name = '') <> (s.tracking_number IS NULL) OR (o.recipient_name = '') <> (t.location = '')
            """
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_mid_run_leaves_consistent_data_and_the_redelivery_finishes(worker):
    # given orders due for anonymisation and a run queued to the real worker
    ids = _closed_orders()
    run = purge_run_create(category="order_closed", triggered_by=PurgeTrigger.SCHEDULE, batch_size=BATCH)
    purge_category.apply_async((run.pk,), queue=worker)

    # when the process executing the task is killed once its first batch has committed
    started = _wait_for(
        lambda: PurgeRun.objects.filter(pk=run.pk, anonymised__gt=0).first(), timeout=60, what="the first batch"
    )
    killed_pid = int(started.worker.rsplit(":", 1)[1])
    os.kill(killed_pid, signal.SIGKILL)
    at_kill = PurgeRun.objects.get(pk=run.pk)

    # then what was committed is whole: no order half anonymised, now or at any time after
    assert 0 < at_kill.anonymised < ORDERS
    assert _half_done_orders() == 0
    # and the task, rejected back to the queue, resumes the same run in a new process and finishes it
    finished = _wait_for(
        lambda: PurgeRun.objects.filter(pk=run.pk, status=PurgeStatus.COMPLETED).first(), timeout=90, what="the run"
    )
    assert int(finished.worker.rsplit(":", 1)[1]) != killed_pid
    assert (finished.examined, finished.anonymised, finished.errors) == (ORDERS, ORDERS, 0)
    assert _half_done_orders() == 0
    assert not Order.objects.filter(pk__in=ids).exclude(recipient_name="").exists()
    assert PurgeRun.objects.count() == 1
