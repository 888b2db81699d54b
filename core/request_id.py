"""A request id on every request, its response (``X-Request-ID``) and every log line written while it runs.

An id sent by the proxy in front (``X-Request-ID``) is kept when it looks like one, so one id follows a
request from the proxy's log through gunicorn's access log to ours; otherwise a new one is made. The id
lives in a context variable, so threads and async tasks of other requests never see it.

The id follows the work into Celery: a task published while a request runs carries it in its message headers
(``request_id``), and the worker restores it for the task's run, so the task's log lines carry the id of the
request that queued it. A task published outside a request (beat, a command) runs under its own task id.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# The Celery message header that carries the id from the publishing request to the worker.
TASK_HEADER = "request_id"
# Letters, digits and dashes only: an id is copied into log lines and must not carry anything else.
_ACCEPTED = re.compile(r"^[A-Za-z0-9\-]{8,64}$")
_NO_REQUEST = "-"

_current: ContextVar[str] = ContextVar("request_id", default=_NO_REQUEST)


def current_request_id() -> str:
    """The id of the request being served, or ``-`` outside one (a task, a management command)."""
    return _current.get()


class RequestIdMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = sent if _ACCEPTED.match(sent) else uuid.uuid4().hex
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (``-`` outside a request) for the formatters. Never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def _stamp_published_task(headers: dict | None = None, **kwargs) -> None:
    """``before_task_publish``: the message carries the id of the request that publishes it."""
    request_id = current_request_id()
    if headers is not None and request_id != _NO_REQUEST:
        headers.setdefault(TASK_HEADER, request_id)


def _task_request_id(task) -> str | None:
    """The id a task's message carried: a worker exposes custom headers on ``task.request``, ``apply`` in
    ``task.request.headers``."""
    sent = getattr(task.request, TASK_HEADER, None) or (getattr(task.request, "headers", None) or {}).get(TASK_HEADER)
    return sent if isinstance(sent, str) and _ACCEPTED.match(sent) else None


_task_tokens: dict[str, object] = {}


def _restore_in_worker(task_id: str | None = None, task=None, **kwargs) -> None:
    """``task_prerun``: the task runs under the publishing request's id, else its own task id.

    An eager task (development, tests) runs inside the request itself and keeps its id."""
    if task is None or task_id is None:
        return
    request_id = _task_request_id(task)
    if request_id is None:
        if current_request_id() != _NO_REQUEST:
            return
        request_id = task_id.replace("-", "")
    _task_tokens[task_id] = _current.set(request_id)


def _forget_after_run(task_id: str | None = None, **kwargs) -> None:
    """``task_postrun``: the worker's next task does not inherit this one's id."""
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        _current.reset(token)


def connect_task_signals() -> None:
    """Called once from ``CoreConfig.ready``."""
    before_task_publish.connect(_stamp_published_task, dispatch_uid="core.request_id.publish", weak=False)
    task_prerun.connect(_restore_in_worker, dispatch_uid="core.request_id.prerun", weak=False)
    task_postrun.connect(_forget_after_run, dispatch_uid="core.request_id.postrun", weak=False)
