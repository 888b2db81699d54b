"""Refusals of hostile request shapes before any view, parser or query sees them.

* A URL path with a control character (NUL, newline, DEL...) names nothing the site serves: 404 at once,
  so such a value never reaches a URL converter, a slug lookup or PostgreSQL (which refuses NUL in text).
* A JSON body nested deeper than ``REQUEST_JSON_MAX_DEPTH`` is refused with 400 ``json_too_deep``: Python's
  parser recurses once per level and a few kilobytes of brackets exhaust its stack. The depth is counted
  without recursion, over the brackets outside strings, for every JSON body (the API, allauth's headless
  API and the carrier webhooks alike).

Answers under ``/api/`` and ``/_allauth/`` are in the JSON error shape; pages get the HTML error page.
"""

import re
from itertools import accumulate

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views import defaults

from core.api.errors import error_body
from core.conf import setting
from core.json_paths import wants_json

_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(body: bytes) -> int:
    """The deepest nesting of arrays and objects in ``body`` (0 for a scalar), valid JSON or not."""
    brackets = _BRACKET.findall(_JSON_STRING.sub(b"", body))
    steps = (1 if bracket in (b"[", b"{") else -1 for bracket in brackets)
    # A stray closing bracket (invalid JSON, refused by the parser later) never makes the depth negative.
    return max(accumulate(steps, lambda depth, step: max(0, depth + step), initial=0))


def _is_json(request: HttpRequest) -> bool:
    content_type = request.content_type or ""
    return content_type == "application/json" or content_type.endswith("+json")


class RequestShapeGuardMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _CONTROL_CHARACTER.search(request.path):
            if wants_json(request):
                return JsonResponse(error_body("not_found", "Not found."), status=404)
            return defaults.page_not_found(request, exception=None)
        # Reading the body here raises RequestDataTooBig over the size limit: answered 413 (core/views.py).
        if request.method not in ("GET", "HEAD", "OPTIONS") and _is_json(request):  # noqa: SIM102
            if json_depth(request.body) > setting("REQUEST_JSON_MAX_DEPTH"):
                detail = f"The JSON body is nested more than {setting('REQUEST_JSON_MAX_DEPTH')} levels deep."
                return JsonResponse(error_body("json_too_deep", detail), status=400)
        return self.get_response(request)
