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


def test_last_page_is_the_real_last_page_while_the_count_is_exact(client, monkeypatch):
    monkeypatch.setattr(BoundedPageNumberPagination, "page_size", 2)
    for _ in range(5):
        PilotFactory()
    last = client.get("/api/v1/pilots/", {"page": "last"})
    assert last.status_code == 200
    body = last.json()
    assert (len(body["results"]), body["next"], body["count_exact"]) == (1, None, True)


def test_last_page_past_the_count_limit_is_refused_not_guessed(client, monkeypatch):
    # 7 rows, counted only up to 3: "last" used to answer page 2 (as if 3 rows were all).
    monkeypatch.setattr(BoundedPageNumberPagination, "page_size", 2)
    monkeypatch.setattr(BoundedPageNumberPagination, "count_limit", 3)
    for _ in range(7):
        PilotFactory()
    answer = client.get("/api/v1/pilots/", {"page": "last"})
    assert answer.status_code == 400
    assert "next" in answer.json()["page"][0]
    # Following `next` still reaches the real last page.
    url, seen = "/api/v1/pilots/", 0
    while url:
        body = client.get(url).json()
        seen += len(body["results"])
        url = body["next"]
    assert seen == 7


def test_the_schema_says_when_last_is_answered(client):
    schema = client.get("/api/schema/", {"format": "json"})
    assert b"`last` is answered only while" in schema.content
