"""Arbitrary query strings and parameter values never give a 500 (page, suggestions, API),
and the query count of a search stays constant as the documents grow."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilots.factories import PilotFactory
from search.facets import FACETS
from tests.search.data import small_world

KEYS = ["q", "sort", "page", "page_size", "highlight", *FACETS]
values = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        ["", "0", "-1", "1e9", "äldre", "pilot", "fetma", "*", "'", "\x00", "relevance"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
params = st.lists(st.tuples(st.sampled_from(KEYS), values), max_size=6)


@pytest.fixture
def indexed(reindex):
    small_world()
    reindex()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(pairs=params)
def test_no_parameters_give_a_server_error(client, indexed, pairs):
    query = [(k, v.replace("\x00", "")) for k, v in pairs]  # the test client refuses NUL
    for url in ("/sok/", "/api/v1/search/", "/sok/forslag/"):
        response = client.get(url, query)
        assert response.status_code in (200, 400), (url, query, response.status_code)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=200))
def test_any_text_is_searchable(client, indexed, text):
    from search.query import SearchQuery, run_search, run_suggest

    run_search(SearchQuery(text=text), None)
    run_suggest(text, None)


def test_bad_api_parameters_are_field_errors(client, db):
    response = client.get("/api/v1/search/", {"page": "x", "page_size": "1000", "sort": "bäst"})
    assert response.status_code == 400
    assert set(response.json()) == {"page", "page_size", "sort"}


def _count(client, url):
    # Counted without cached counts (the blank page caches its totals), the costlier path.
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


@pytest.mark.parametrize(
    "url",
    [
        "/sok/?q=pilot",
        "/sok/",
        "/sok/?q=pilot&type=pilot&health_area=fysisk_aktivitet&sort=most_replicated",
        "/api/v1/search/?q=pilot&type=pilot",
        "/sok/forslag/?q=pil",
    ],
)
def test_query_count_is_constant_as_documents_grow(client, reindex, url, organisation, viewer):
    client.force_login(viewer)
    PilotFactory.create_batch(3, lead_organisation=organisation)
    reindex()
    client.get(url)
    few = _count(client, url)
    PilotFactory.create_batch(15, private=True, lead_organisation=organisation)
    reindex()
    assert _count(client, url) == few
