"""The contract every backend keeps: Swedish words as Swedes write them, facets that count
what a filter would show, sorting, pagination, escaped highlights, and nothing unapproved.
Runs on the database backend always and on Elasticsearch when ELASTICSEARCH_URL is set."""

from django.utils.http import urlencode

from search.query import SearchQuery, run_search, run_suggest
from tests.search.data import small_world


def titles(results):
    return [h.title for h in results.hits]


def search(text="", user=None, **kwargs):
    return run_search(SearchQuery(text=text, **kwargs), user)


def test_swedish_inflections_find_each_other(backend, reindex):
    small_world()
    reindex()
    assert "Promenadgrupper för äldre i Umeå" in titles(search("pilot"))  # "Piloterna"
    assert "Promenadgrupper för äldre i Umeå" in titles(search("äldre"))  # "äldres"
    assert titles(search("fetma"))[0] == "Matglädje mot fetman i skolan"  # "fetman"
    assert titles(search("promenadgrupp"))[:1] != []


def test_words_typed_without_a_ring_or_umlauts_are_a_fallback_with_did_you_mean(backend, reindex):
    from pilots.factories import PilotFactory

    small_world()
    PilotFactory(
        title="Aldre maskiner i skolan",
        summary="Ordet aldre utan prickar.",
        life_stage="aldre",
    )
    reindex()
    results = search("aldre")
    assert "Promenadgrupper för äldre i Umeå" in titles(results)
    assert titles(results)[0] == "Aldre maskiner i skolan"  # the exact form first
    assert results.did_you_mean == "äldre"
    exact = search("äldre")
    found = titles(exact)
    assert found.index("Aldre maskiner i skolan") > found.index("Promenadgrupper för äldre i Umeå")
    assert exact.did_you_mean == ""


def test_title_matches_rank_above_body_matches(backend, reindex):
    world = small_world()
    reindex()
    first = search("promenadgrupper").hits[0]
    assert first.title.startswith("Promenadgrupper")
    assert (first.doc_type, first.object_id) != ("lesson", world["lesson"].pk)


def test_a_lesson_says_which_pilot_learnt_it_on_the_page_and_in_the_api(backend, reindex, client):
    small_world()
    reindex()
    hit = next(h for h in search("promenadledare").hits if h.doc_type == "lesson")
    assert (hit.title, hit.origin) == (
        "Ledarna behöver utbildning",
        "Promenadgrupper för äldre i Umeå",
    )
    assert all(not h.origin for h in search("promenadgrupper").hits if h.doc_type != "lesson")
    page = client.get("/sok/?q=promenadledare").content.decode()
    assert "Från piloten Promenadgrupper för äldre i Umeå" in page
    api = client.get("/api/v1/search/?q=promenadledare").json()["results"]
    assert {h["origin"] for h in api if h["type"] == "lesson"} == {hit.origin}


def test_unapproved_lessons_are_never_found(backend, reindex):
    small_world()
    reindex()
    assert "Hemlig lärdom" not in titles(search("hemlig"))
    assert search("promenadtext").total == 0


def test_highlights_mark_matches_and_escape_the_rest(backend, reindex):
    from pilots.factories import PilotFactory

    PilotFactory(title="Skydd <script>alert(1)</script> för unga", summary="Skydd & stöd.")
    reindex()
    hit = search("skydd").hits[0]
    assert "<mark>Skydd</mark>" in hit.title_html
    assert "<script>" not in hit.title_html + hit.snippet
    assert "&lt;script&gt;" in hit.title_html


def test_facet_counts_equal_the_hits_a_filter_gives(backend, reindex):
    small_world()
    reindex()
    results = search("")
    assert results.total >= 5
    for facet, values in results.facets.items():
        for value in values:
            filtered = search("", filters={facet: [value.value]})
            assert filtered.total == value.count, (facet, value)


def test_selected_facet_keeps_its_alternatives(backend, reindex):
    small_world()
    reindex()
    results = search("", filters={"type": ["pilot"]})
    counts = {v.value: v.count for v in results.facets["type"]}
    assert counts["pilot"] == 3 and counts["lesson"] == 1 and counts["practice"] == 1
    assert {h.doc_type for h in results.hits} == {"pilot"}
    assert results.total == 3


def test_filters_combine_and_labels_are_swedish(backend, reindex):
    small_world()
    reindex()
    results = search("", filters={"type": ["pilot"], "health_area": ["fetma"]})
    assert titles(results) == ["Matglädje mot fetman i skolan"]
    labels = {v.value: v.label for v in results.facets["health_area"]}
    assert labels["fetma"] == "Övervikt och fetma"
    practice = search("", filters={"evidence_level": ["3"]})
    assert titles(practice) == ["Promenadgrupper som arbetssätt"]


def test_sort_by_most_replicated_and_newest(backend, reindex):
    world = small_world()
    reindex()
    top = search("", filters={"type": ["pilot"]}, sort="most_replicated").hits[0]
    assert top.object_id == world["walk"].pk and top.replication_count == 1
    assert search("", sort="newest").total == search("").total


def test_pagination_covers_every_hit_once(backend, reindex):
    small_world()
    reindex()
    total = search("").total
    seen = []
    for page in range(1, total + 1):
        seen += [(h.doc_type, h.object_id) for h in search("", page=page, page_size=2).hits]
    assert len(seen) == len(set(seen)) == total


def test_blank_and_punctuation_queries_browse_everything(backend, reindex):
    small_world()
    reindex()
    everything = search("").total
    for text in ["   ", "!!!", "–", "\"'", "-", "*:&|"]:
        assert search(text).total == everything


def test_exclusion_with_a_minus(backend, reindex):
    small_world()
    reindex()
    assert "Promenadgrupper i Lund" not in titles(search("promenadgrupper -lund"))


def test_suggestions_complete_titles(backend, reindex):
    small_world()
    reindex()
    suggested = [s.title for s in run_suggest("promenad", None)]
    assert "Promenadgrupper för äldre i Umeå" in suggested
    assert "Hemlig lärdom" not in [s.title for s in run_suggest("hemlig", None)]


def test_similar_pilots(backend, reindex):
    from search.selectors import similar_pilots

    world = small_world()
    reindex()
    similar = [h.object_id for h in similar_pilots(world["walk"], None)]
    assert similar and similar[0] == world["adapted"].pk
    assert world["walk"].pk not in similar


def test_page_and_api_show_the_same(backend, reindex, client):
    small_world()
    reindex()
    params = urlencode({"q": "promenadgrupper", "type": "pilot"})
    api = client.get(f"/api/v1/search/?{params}").json()
    page = client.get(f"/sok/?{params}")
    assert page.status_code == 200
    assert api["total"] == 2
    for hit in api["results"]:
        assert hit["url"] in page.content.decode()
    assert {v["value"] for v in api["facets"]["type"]} >= {"pilot", "lesson", "practice"}
