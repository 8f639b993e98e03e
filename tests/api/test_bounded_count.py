"""API lists count only up to a limit (core/pagination.py): past it `count` is the limit and
`count_exact` false, `next` still leads on, and deep pages still resolve."""

import pytest

from core.pagination import BoundedPageNumberPagination
from pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db


def test_count_stops_at_the_limit_and_says_so(client, monkeypatch, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "PAGE_SIZE": 2}
    monkeypatch.setattr(BoundedPageNumberPagination, "page_size", 2)
    monkeypatch.setattr(BoundedPageNumberPagination, "count_limit", 3)
    for _ in range(7):
        PilotFactory()
    first = client.get("/api/v1/pilots/").json()
    assert (first["count"], first["count_exact"], len(first["results"])) == (4, False, 2)
    assert first["next"]
    deep = client.get("/api/v1/pilots/", {"page": 4}).json()
    assert (deep["count"], deep["count_exact"], len(deep["results"])) == (7, True, 1)
    assert deep["next"] is None


def test_small_lists_count_exactly(client):
    for _ in range(3):
        PilotFactory()
    answer = client.get("/api/v1/pilots/").json()
    assert (answer["count"], answer["count_exact"]) == (3, True)
