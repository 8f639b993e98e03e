"""/healthz: is the database reachable? JSON for load balancers and operators."""

import time

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure is an unhealthy answer, not a 500
        return JsonResponse(
            {"status": "error", "database": "unreachable", "detail": exc.__class__.__name__},
            status=503,
        )
    return JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "database_vendor": connection.vendor,
            "database_ms": round((time.perf_counter() - started) * 1000, 2),
        }
    )
