"""A real Celery worker consuming the real Redis broker, in this process (import ``real_worker`` into a
test module). Tests that use it need ``@pytest.mark.redis`` and ``django_db(transaction=True)``: the
worker's thread has its own database connection and sees only committed rows."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app


@pytest.fixture
def real_worker():
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


def wait_until(condition, *, timeout: float = 20.0) -> bool:
    """Poll ``condition()`` until it is true or ``timeout`` seconds passed (a worker is asynchronous)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
