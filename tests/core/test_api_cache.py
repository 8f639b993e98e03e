"""The public API lists are cached as the JSON they send: a repeated call reads nothing and
answers the same bytes a fresh one would; a browser asking for HTML still gets the browsable
page with the same data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import caching
from learning.factories import PracticeFactory
from pilots.factories import PilotFactory

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/pilots/", "/api/v1/practices/"]


@pytest.fixture
def listed():
    PilotFactory(title="Promenadgrupper i Ragunda")
    PracticeFactory(title="Stå stadigt")


@pytest.mark.parametrize("url", LISTS)
def test_a_repeated_call_reads_nothing_and_answers_what_a_fresh_one_does(client, listed, url):
    first = client.get(url)
    assert first["Content-Type"] == "application/json"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert len(queries) == 0
    assert again.content == first.content
    caching.bump(caching.PILOT_LIST, caching.PUBLIC_PAGES)
    assert client.get(url).json() == first.json()


@pytest.mark.parametrize(
    ("url", "title"),
    [("/api/v1/pilots/", "Promenadgrupper i Ragunda"), ("/api/v1/practices/", "Stå stadigt")],
)
def test_the_browsable_api_shows_the_same_list(client, listed, url, title):
    assert title in client.get(url).content.decode()
    page = client.get(url, HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert title in page.content.decode()
