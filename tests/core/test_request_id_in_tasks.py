"""The request id follows the work into Celery: a task queued by a request logs under that request's id."""

import logging

import pytest
from celery import shared_task
from celery.contrib.testing.worker import start_worker

from config.celery import app as celery_app
from core.request_id import REQUEST_ID_HEADER, RequestIdFilter, RequestIdMiddleware

logger = logging.getLogger("tests.request_id_task")


@shared_task(name="tests.log_a_line", ignore_result=False)
def log_a_line() -> str:
    logger.warning("the task ran")
    return "logged"


@pytest.fixture
def real_worker():
    celery_app.conf.task_always_eager = False
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        celery_app.conf.task_always_eager = True


@pytest.fixture
def id_on_every_record(caplog):
    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level(logging.WARNING, logger="tests.request_id_task")
    return caplog


def _queue_within_a_request(rf, request_id: str):
    """Runs the publish inside the real middleware, as a view queuing a task does."""
    queued = {}

    def view(request):
        from django.http import HttpResponse

        queued["result"] = log_a_line.delay()
        return HttpResponse("ok")

    RequestIdMiddleware(view)(rf.get("/", headers={REQUEST_ID_HEADER: request_id}))
    return queued["result"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_by_a_request_logs_under_that_requests_id(real_worker, rf, id_on_every_record):
    # given a worker consuming the broker, and a request with a known id
    request_id = "req-0123456789abcdef"

    # when the request queues a task and the worker runs it after the request has ended
    result = _queue_within_a_request(rf, request_id)
    assert result.get(timeout=20) == "logged"

    # then the task's log line carries the request's id
    lines = [r for r in id_on_every_record.records if r.getMessage() == "the task ran"]
    assert [r.request_id for r in lines] == [request_id]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_queued_outside_a_request_logs_under_its_own_task_id(real_worker, id_on_every_record):
    # when a task is queued with no request (beat, a command)
    result = log_a_line.delay()
    result.get(timeout=20)

    # then its line carries its task id, never another request's
    lines = [r for r in id_on_every_record.records if r.getMessage() == "the task ran"]
    assert [r.request_id for r in lines] == [result.id.replace("-", "")]


def test_an_eager_task_keeps_the_id_of_the_request_it_runs_in(rf, id_on_every_record):
    # when a request runs a task in-process (development, tests)
    _queue_within_a_request(rf, "req-eager-0001")

    # then the line carries that request's id
    lines = [r for r in id_on_every_record.records if r.getMessage() == "the task ran"]
    assert [r.request_id for r in lines] == ["req-eager-0001"]
