"""API answers that are the same for many callers, cached as the JSON that is sent.

A cached answer kept as data is unpickled and encoded to JSON again on every request, which on
a full page (20 practices, 20 pilots) cost more than everything else the request did. Kept as
the encoded bytes, a repeated answer is one cache read. The browsable API (a browser asking for
HTML) gets the same data rendered as before.
"""

from collections.abc import Callable

from django.http import HttpResponse
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core import caching


def cached_json(
    request, namespace: str, key: str, compute: Callable[[], object], *, timeout=caching.TIMEOUT
) -> HttpResponse:
    """The response for `compute()`'s data (what the serializers give), from the cache while
    the namespace's version is unchanged; for a JSON client the cache holds the encoded bytes,
    sent as they are. `key` must hold everything the data depends on besides the namespace."""
    if not isinstance(getattr(request, "accepted_renderer", None), JSONRenderer):
        return Response(caching.cached(namespace, key, compute, timeout=timeout))
    content = caching.cached(
        namespace, f"json:{key}", lambda: JSONRenderer().render(compute()), timeout=timeout
    )
    return HttpResponse(content, content_type="application/json")
