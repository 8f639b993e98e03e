"""The Swedish relevance set (tests/search/relevance.py): the expected title comes first."""

import pytest
from django.db import connection

from search.query import SearchQuery, run_search
from tests.search import relevance


@pytest.fixture
def corpus(reindex):
    relevance.seed()
    reindex()


def _top(text):
    hits = run_search(SearchQuery(text=text, page_size=3), None).hits
    return hits[0].title if hits else None


def test_relevance_set(corpus):
    pairs = list(relevance.PAIRS)
    if connection.vendor == "postgresql":
        pairs += relevance.POSTGRES_ONLY
    assert len(relevance.PAIRS) >= 30
    misses = [(q, expected, _top(q)) for q, expected in pairs if _top(q) != expected]
    assert not misses, misses


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_relevance_set_on_postgres_uses_the_swedish_configuration(corpus, settings):
    assert settings.POSTGRES_SEARCH_CONFIG == "swedish"
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector('swedish', 'piloterna äldres')::text")
        assert cursor.fetchone()[0] == "'pilot':1 'äldr':2"
