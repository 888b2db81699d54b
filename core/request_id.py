"""A request id on every request, its response (``X-Request-ID``) and every log line written while it runs.

An id sent by the proxy in front (``X-Request-ID``) is kept when it looks like one, so one id follows a
request from the proxy's log through gunicorn's access log to ours; otherwise a new one is made. The id
lives in a context variable, so threads and async tasks of other requests never see it.
"""

import logging
import re
import uuid
from contextvars import ContextVar

from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
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
