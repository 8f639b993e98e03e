"""Past HIT_CAP hits the database backend stops counting: the total is a lower bound the page
reads as "Fler än …", and hits and facets come from the first HIT_CAP candidates."""

import pytest

from search.backends import database
from search.query import SearchQuery, run_search
from tests.search.data import small_world


@pytest.fixture
def capped(backend, reindex, monkeypatch):
    if backend.name != "database":
        pytest.skip("the cap is the database backend's")
    small_world()
    reindex()
    monkeypatch.setattr(database, "HIT_CAP", 2)


def test_past_the_cap_the_total_is_a_lower_bound_and_facets_count_the_first_hits(capped):
    results = run_search(SearchQuery(text="", filters={"type": ["pilot"]}), None)
    assert (results.total, results.total_is_estimate) == (2, True)
    assert len(results.hits) == 2
    assert sum(v.count for v in results.facets["health_area"]) <= 2


def test_the_results_page_says_more_than_the_cap(capped, client):
    body = client.get("/sok/?type=pilot").content.decode()
    assert "Fler än 2 saker att bläddra bland" in body


def test_browsing_everything_stays_exact(capped):
    results = run_search(SearchQuery(text=""), None)
    assert results.total > 2
    assert not results.total_is_estimate
