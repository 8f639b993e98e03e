"""A search's answer is kept in the cache per query, access and language until the index, the
synonyms or the place names change; the work behind a cold search is bounded. What a user would
notice: a repeated search reads no rows, a change to the index or the synonyms shows at once,
one person's answer never reaches someone who may see less, and a cold search costs the same
number of queries however much is indexed."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core import caching
from pilots.factories import PilotFactory
from search.models import Synonym
from search.query import SearchQuery, run_search
from tests.search.data import small_world

URLS = [
    "/sok/?q=promenadgrupper",
    "/sok/?q=aldre",
    "/sok/?q=promenadgrypper",
    "/api/v1/search/?q=promenadgrupper",
    "/api/v1/search/?q=aldre",
    "/api/v1/search/?q=promenadgrypper",
]


@pytest.fixture
def database_backend(backend):
    if backend.name != "database":
        pytest.skip("the result cache is the database backend's")
    return backend


def _cold_count(client, url) -> int:
    client.get(url)  # the per-process caches (synonyms, concepts, area names) are warm
    caching.bump(caching.SEARCH_INDEX)  # but this search's answer is not
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", URLS)
def test_a_cold_search_costs_the_same_queries_as_the_index_grows(
    database_backend, reindex, client, url
):
    small_world()
    reindex()
    few = _cold_count(client, url)
    assert few <= 6
    for n in range(12):
        PilotFactory(
            title=f"Promenadgrupper för äldre nummer {n}",
            summary="Uppföljning av äldres promenader.",
            health_area="fysisk_aktivitet",
            life_stage="aldre",
        )
    reindex()
    assert _cold_count(client, url) == few


@pytest.mark.parametrize("url", URLS)
def test_a_repeated_search_reads_no_rows(database_backend, reindex, client, url):
    small_world()
    reindex()
    first = _results(client.get(url))
    with CaptureQueriesContext(connection) as queries:
        again = _results(client.get(url))
    assert len(queries) == 0
    assert again == first


def _results(response):
    """The answer (the page's results section; the API's JSON), not the per-request nonce."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()
    body = response.content.decode()
    return body[body.index('<div class="search-layout">') :]


def test_a_new_pilot_shows_at_once(database_backend, reindex, client):
    small_world()
    reindex()
    assert client.get("/api/v1/search/?q=kanotpaddling").json()["total"] == 0
    PilotFactory(title="Kanotpaddling för nyanlända", summary="Paddling varje vecka.")
    reindex()
    data = client.get("/api/v1/search/?q=kanotpaddling").json()
    assert [hit["title"] for hit in data["results"]] == ["Kanotpaddling för nyanlända"]


def test_a_changed_title_shows_at_once(database_backend, reindex, client):
    world = small_world()
    reindex()
    assert "Matglädje" in client.get("/sok/?q=fetman").content.decode()
    world["food"].title = "Skollunch mot fetman"
    world["food"].save()
    reindex()
    body = client.get("/sok/?q=fetman").content.decode()
    assert "Skollunch" in body and "Matglädje" not in body


def test_a_new_synonym_applies_at_once(database_backend, reindex, client):
    small_world()
    reindex()
    assert client.get("/api/v1/search/?q=strosa").json()["total"] == 0
    Synonym.objects.create(terms="strosa, promenadgrupper")
    data = client.get("/api/v1/search/?q=strosa").json()
    assert data["total"] >= 2


def test_an_answer_never_reaches_someone_who_may_see_less(
    database_backend, reindex, client, organisation, coordinator
):
    PilotFactory(lead_organisation=organisation, title="Tandborstning privat", private=True)
    PilotFactory(title="Tandborstning öppen")
    reindex()
    query = SearchQuery(text="tandborstning")
    everything = {hit.title for hit in run_search(query, coordinator).hits}
    assert everything == {"Tandborstning privat", "Tandborstning öppen"}
    anonymous = {hit.title for hit in run_search(SearchQuery(text="tandborstning"), None).hits}
    assert anonymous == {"Tandborstning öppen"}
    api = client.get("/api/v1/search/?q=tandborstning").json()
    assert [hit["title"] for hit in api["results"]] == ["Tandborstning öppen"]


def test_each_language_gets_its_own_labels(database_backend, reindex):
    small_world()
    reindex()

    def type_labels(language):
        with translation.override(language):
            results = run_search(SearchQuery(text="promenadgrupper"), None)
        return {value.label for value in results.facets["type"]}

    assert "Praktik" in type_labels("sv")
    assert "Practice" in type_labels("en")
    assert "Praktik" in type_labels("sv")


def test_the_api_keeps_each_language_and_each_viewer_apart(
    database_backend, reindex, client, organisation, coordinator
):
    small_world()
    PilotFactory(lead_organisation=organisation, title="Tandborstning privat", private=True)
    reindex()
    for language, label in [("en", "Practice"), ("sv", "Praktik"), ("en", "Practice")]:
        client.cookies["django_language"] = language
        data = client.get("/api/v1/search/?q=promenadgrupper")
        assert label in {value["label"] for value in data.json()["facets"]["type"]}
    client.force_login(coordinator)
    signed_in = client.get("/api/v1/search/?q=tandborstning").json()
    assert [hit["title"] for hit in signed_in["results"]] == ["Tandborstning privat"]
    client.logout()
    assert client.get("/api/v1/search/?q=tandborstning").json()["total"] == 0


def test_the_browsable_api_shows_the_same_answer(database_backend, reindex, client):
    small_world()
    reindex()
    json_answer = client.get("/api/v1/search/?q=promenadgrupper").json()
    page = client.get("/api/v1/search/?q=promenadgrupper", HTTP_ACCEPT="text/html")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert json_answer["results"][0]["title"] in page.content.decode()


def test_the_search_page_keeps_its_links_and_notes_per_address(database_backend, reindex, client):
    """The page's body is kept with the results: an address with a bad parameter or a filter
    gets its own note and links, and a change to the index shows at once."""
    small_world()
    reindex()
    plain = client.get("/sok/?q=promenadgrupper").content.decode()
    bad = client.get("/sok/?q=promenadgrupper&sort=okand").content.decode()
    assert "Okänd sortering" in bad and "Okänd sortering" not in plain
    assert "sort=okand" in bad and "sort=okand" not in plain  # the links keep what was given
    assert client.get("/sok/?q=promenadgrupper").content.decode().count("search-hit") == (
        plain.count("search-hit")
    )
    PilotFactory(title="Promenadgrupper i Nyby")
    reindex()
    assert " i Nyby" in client.get("/sok/?q=promenadgrupper").content.decode()
