"""A search costs a fixed, small number of queries whatever the index holds: the page and the
API, a plain word, a word typed without å/ä/ö ("Menade du: äldre?") and a misspelt word that
finds nothing until it is corrected (the costliest path: two searches)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilots.factories import PilotFactory
from tests.search.data import small_world

MAX_QUERIES = 10
URLS = {
    "plain": "/sok/?q=promenadgrupper",
    "unaccented": "/sok/?q=aldre",
    "misspelt": "/sok/?q=promenadgrypper",
    "nothing": "/sok/?q=xyzzyq",
    "filtered": "/sok/?q=promenadgrupper&health_area=fysisk_aktivitet",
    "api plain": "/api/v1/search/?q=promenadgrupper",
    "api unaccented": "/api/v1/search/?q=aldre",
    "api misspelt": "/api/v1/search/?q=promenadgrypper",
}


@pytest.fixture
def database_backend(backend):
    if backend.name != "database":
        pytest.skip("query counts are the database backend's")
    return backend


def _count(client, url) -> int:
    client.get(url)  # warm the per-process caches (synonyms, concepts, area names)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", URLS.values(), ids=URLS.keys())
def test_a_search_takes_a_few_queries_however_much_is_indexed(
    database_backend, reindex, client, url, django_assert_max_num_queries
):
    small_world()
    reindex()
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200
    few = _count(client, url)
    for n in range(12):
        PilotFactory(
            title=f"Promenadgrupper för äldre nummer {n}",
            summary="Uppföljning av äldres promenader.",
            health_area="fysisk_aktivitet",
            life_stage="aldre",
        )
    reindex()
    assert _count(client, url) == few


def test_the_misspelt_word_is_corrected_and_its_hits_shown(database_backend, reindex, client):
    small_world()
    reindex()
    body = client.get(URLS["misspelt"]).content.decode()
    assert "promenadgrupper" in body.lower()
    data = client.get(URLS["api misspelt"]).json()
    assert data["did_you_mean"] == "promenadgrupper"
    assert data["total"] >= 2
