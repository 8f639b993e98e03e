"""A standard `Server-Timing` header with the server time and SQL query count of each response.

Turned on by the `SERVER_TIMING` setting (environment variable of the same name); the benchmark
runner (`bench/run.py`) reads the header from a production-like gunicorn. When the setting is off
the middleware removes itself from the chain at start-up (`MiddlewareNotUsed`), so it costs
nothing per request. Queries are counted with `connection.execute_wrapper`, which, unlike
`connection.queries`, works with DEBUG off.
"""

import time
from contextlib import ExitStack

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections


class QueryCounter:
    """An execute wrapper that counts the statements run and the time spent in the database."""

    def __init__(self):
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            self.count += 1


def server_timing_value(*, app_seconds: float, db_seconds: float, queries: int) -> str:
    """The header value, e.g. `app;dur=12.3, db;dur=4.1;desc="queries=9"` (durations in ms)."""
    return (
        f'app;dur={app_seconds * 1000:.1f}, db;dur={db_seconds * 1000:.1f};desc="queries={queries}"'
    )


class ServerTimingMiddleware:
    """Measure everything below it; place it first in MIDDLEWARE so that is the whole request."""

    def __init__(self, get_response):
        if not getattr(settings, "SERVER_TIMING", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        counter = QueryCounter()
        started = time.perf_counter()
        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        value = server_timing_value(
            app_seconds=time.perf_counter() - started,
            db_seconds=counter.seconds,
            queries=counter.count,
        )
        previous = response.get("Server-Timing")
        response["Server-Timing"] = f"{previous}, {value}" if previous else value
        return response
