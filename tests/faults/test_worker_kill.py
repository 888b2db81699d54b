"""A real Celery worker (its own processes, the real Redis broker, the test database) is killed with SIGKILL,
main process and child, while the carrier handoff is waiting on the carrier; a second worker gets the message
back once the broker's visibility timeout has passed, and the order is booked exactly once."""

import json
import os
import signal
import subprocess
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from config.celery import app as celery_app
from orders.models import Carrier, OrderEvent, OrderStatus, Shipment, ShipmentStatus
from orders.services.logistics import carrier_save
from orders.tasks.logistics import order_handoff
from privacy.models import DisclosureRecord
from tests.faults.conftest import wait_for
from tests.loopback import loopback_server
from tests.orders.factories import OrderFactory, OrderLineFactory

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(settings.BASE_DIR)


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class SlowCarrier:
    """A carrier on loopback that books the first request, then never answers it (the worker dies waiting);
    every later request is answered at once. Booked by ``Idempotency-Key``: same key, same number."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.bookings: dict[str, str] = {}
        self.release = threading.Event()

    def handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers["Idempotency-Key"]
                fake.requests.append(key)
                tracking = fake.bookings.setdefault(key, f"SLOW{len(fake.bookings) + 1:06d}")
                if len(fake.requests) == 1:
                    fake.release.wait(timeout=60)
                    return
                raw = json.dumps({"tracking_number": tracking}).encode()
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        return Handler


@pytest.fixture
def slow_carrier():
    fake = SlowCarrier()
    with loopback_server(fake.handler()) as base_url:
        carrier_save(
            carrier=Carrier(name="Slow", slug="slow", api_base_url=f"{base_url}/api", is_default=True),
            webhook_secret="slow-carrier-webhook-secret-0123456789",
        )
        try:
            yield fake
        finally:
            fake.release.set()


@pytest.fixture
def workers(tmp_path):
    """``start()`` runs ``celery -A config worker`` (prefork, one child) on a queue of this test; every
    worker started is killed at the end. Yields ``(queue, start)``."""
    queue = f"faults-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.faults.worker_settings",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.CELERY_BROKER_URL,
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    started: list[tuple[subprocess.Popen, object]] = []

    def start() -> subprocess.Popen:
        n = len(started) + 1
        command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1"]
        command += ["-Q", queue, "-n", f"{queue}-{n}@%h", "--without-gossip", "--without-mingle", "--loglevel", "INFO"]
        log = open(tmp_path / f"worker-{n}.log", "w+")  # noqa: SIM115 - closed in the teardown below
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        started.append((process, log))
        return process

    celery_app.conf.task_always_eager = False
    try:
        yield queue, start
    finally:
        celery_app.conf.task_always_eager = True
        for process, log in started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
            log.close()


def test_a_handoff_whose_worker_is_killed_is_redelivered_and_books_once(workers, slow_carrier):
    # given a paid order waiting for its handoff, queued to a real worker
    queue, start = workers
    order = OrderFactory(status=OrderStatus.PAID)
    OrderLineFactory(order=order)
    Shipment.objects.create(order=order, carrier=Carrier.objects.get(slug="slow"))
    first = start()
    order_handoff.apply_async((order.pk,), queue=queue)

    # when the whole worker (main process and child) is killed while the carrier has not answered yet
    wait_for(lambda: slow_carrier.requests, timeout=60, what="the first worker to call the carrier")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert Shipment.objects.get(order=order).status == ShipmentStatus.REQUESTED

    # and a second worker starts
    start()

    # then the message comes back after the visibility timeout and the order is booked, exactly once
    shipment = wait_for(
        lambda: Shipment.objects.filter(order=order, status=ShipmentStatus.BOOKED).first(),
        timeout=60,
        what="the second worker to book the shipment",
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.AWAITING_PICKUP
    assert slow_carrier.requests == [order.number, order.number]
    assert shipment.tracking_number == slow_carrier.bookings[order.number]
    assert shipment.attempts == 2
    assert DisclosureRecord.objects.filter(reference=order.number).count() == 1
    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.AWAITING_PICKUP).count() == 1
