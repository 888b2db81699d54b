"""Bench-only middleware: the number of SQL queries a request ran, in the ``X-Query-Count`` header."""

from django.db import connection


class _QueryCounter:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class QueryCountMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        # ``connection`` is per thread, so gthread workers count each request on its own.
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Query-Count"] = str(counter.count)
        return response
