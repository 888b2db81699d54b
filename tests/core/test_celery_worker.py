"""A real Celery worker consuming from the real Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from core.tasks import health_probe


@pytest.fixture
def real_worker():
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_runs_task_from_redis_broker(real_worker):
    # given a worker consuming the Redis broker
    # when a task is sent through the broker
    result = health_probe.delay()
    # then the worker runs it and the result comes back through the result backend
    assert result.get(timeout=20) == "pong"
    assert result.successful()
