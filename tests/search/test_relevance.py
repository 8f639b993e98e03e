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
    pairs += relevance.POSTGRES_ONLY  # one Swedish analysis on every backend now
    assert len(relevance.PAIRS) >= 30
    misses = [(q, expected, _top(q)) for q, expected in pairs if _top(q) != expected]
    assert not misses, misses


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
def test_postgres_stores_the_same_analysed_tokens_as_sqlite(corpus):
    from search.models import SearchDocument

    doc = SearchDocument.objects.get(title="Nutritionsombud i äldreomsorgen")
    vector = doc.search_vector
    assert "'nutritionsombud':1A" in vector  # Snowball stem, title weight
    assert "'omsorg'" in vector and "'~aldreomsorg'" in vector  # compound part, folded form
