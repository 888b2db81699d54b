"""The bare reference: the list endpoint's JSON, served from memory by a plain Django view.

On its first request each worker renders every list page of the workload once through the real API view
(the same queryset, paginator, serializer and JSON renderer, for the same host so the ``next`` links
match) and keeps the bytes. From then on a request costs only Django's routing and middleware, which is
the floor the DRF endpoint is compared with.
"""

import threading

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.test import RequestFactory
from django.urls import resolve

from bench.workload import LIST_PATH, list_queries

_lock = threading.Lock()
_pages: dict[str, bytes] = {}


def _render_list_pages(host: str) -> dict[str, bytes]:
    match = resolve(LIST_PATH)
    factory = RequestFactory()
    pages = {}
    for query in list_queries():
        request = factory.get(f"{LIST_PATH}?{query}", HTTP_HOST=host)
        request.user = AnonymousUser()
        response = match.func(request, *match.args, **match.kwargs)
        response.render()
        if response.status_code != 200:
            raise RuntimeError(f"{LIST_PATH}?{query} answered {response.status_code} while precomputing")
        pages[query] = response.content
    return pages


def _precomputed(host: str) -> dict[str, bytes]:
    if not _pages:
        with _lock:
            if not _pages:
                _pages.update(_render_list_pages(host))
    return _pages


def reference_products(request: HttpRequest) -> HttpResponse:
    body = _precomputed(request.get_host()).get(request.META.get("QUERY_STRING", ""))
    if body is None:
        return JsonResponse({"code": "not_found", "detail": "Not a precomputed page."}, status=404)
    return HttpResponse(body, content_type="application/json")
