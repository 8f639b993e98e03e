"""Search finds what a Swedish user means, on every backend: taxonomy labels and places searched
as what they are (tagged documents first), organisations weighing less than topics, a folded
fallback with "Menade du", Snowball stems and compound parts on SQLite too, the coordinator's
synonyms, snippets from the field that matched and a pilot's latest approved key result."""

from django.conf import settings
from django.utils import translation

from partners.factories import OrganisationFactory
from partners.models import Kommun
from pilots.factories import PilotFactory
from pilots.models import PartnerRole, PilotPartner
from search.models import Synonym
from search.query import SearchQuery, run_search


def search(text, user=None, **kwargs):
    return run_search(SearchQuery(text=text, **kwargs), user)


def titles(results):
    return [h.title for h in results.hits]


def test_a_taxonomy_label_finds_tagged_pilots_first_without_the_words_in_their_text(
    backend, reindex
):
    tagged = PilotFactory(title="Samtalsgrupper", health_area="psykisk_ohalsa", summary="Stöd.")
    PilotFactory(title="Om psykisk ohälsa i text", health_area="fetma", summary="Ingen tagg.")
    PilotFactory(title="Cykla mer", health_area="fysisk_aktivitet")
    reindex()
    results = search("psykisk ohälsa")
    assert titles(results)[0] == tagged.title
    assert "Om psykisk ohälsa i text" in titles(results)
    assert "Cykla mer" not in titles(results)
    assert titles(search("mental ill-health"))[0] == tagged.title  # the English label too


def test_a_taxonomy_snippet_names_each_label_once_in_the_readers_language(backend, reindex):
    PilotFactory(
        title="Dans på boendet",
        summary="Dans varje vecka.",
        health_area="ensamhet",
        life_stage="aldre",
        arena="aldreomsorg",
    )
    reindex()
    hit = search("äldre").hits[0]
    assert hit.matched_field == "taxonomy"
    # (Äldreomsorg may be marked too: "äldre" is one of its compound parts.)
    assert hit.snippet.startswith("Kategorier: Ensamhet och social isolering, <mark>Äldre</mark>, ")
    assert " / " not in hit.snippet and "Older" not in hit.snippet
    # A Swedish reader who searched in English sees the English label she searched for.
    assert "<mark>Older</mark> people" in search("older").hits[0].snippet
    assert "Äldre /" not in search("older").hits[0].snippet
    with translation.override("en"):
        english = search("older").hits[0].snippet
    assert english.startswith("Categories: Loneliness and social isolation, <mark>Older</mark>")
    assert "Äldre" not in english


def test_a_word_is_not_found_inside_an_unrelated_longer_word(backend, reindex):
    PilotFactory(title="Gemensam planering", summary="En gemensam plan för skolorna.")
    lonely = PilotFactory(title="Fikaträffar", summary="Mot ensamhet bland äldre.")
    reindex()
    assert titles(search("ensamhet")) == [lonely.title]


def test_organisation_names_weigh_less_than_the_life_stage(backend, reindex):
    company = OrganisationFactory(name="Matglad Äldreomsorg AB")
    children = PilotFactory(
        title="Frukt i skolan", life_stage="barn_unga", arena="skola", summary="Frukt varje dag."
    )
    PilotPartner.objects.create(pilot=children, organisation=company, role=PartnerRole.CO_FUNDER)
    older = PilotFactory(title="Dans på boendet", life_stage="aldre", summary="Dans varje vecka.")
    reindex()
    found = titles(search("äldre"))
    assert found.index(older.title) < found.index(children.title)
    hit = next(h for h in search("äldreomsorg").hits if h.title == children.title)
    assert hit.matched_field == "organisations"
    assert hit.snippet.startswith("Organisationer: ")
    assert "Matglad <mark>Äldreomsorg</mark> AB" in hit.snippet


def test_a_place_name_finds_pilots_there_first_and_the_snippet_says_where(backend, reindex):
    umea = Kommun.objects.get(code="2480")
    there = PilotFactory(title="Simskola", summary="Simträning för nyanlända.")
    there.kommuner.add(umea)
    PilotFactory(title="Simskola i text om Umeå", summary="Nämner Umeå men ligger inte där.")
    reindex()
    results = search("umeå")
    assert titles(results)[0] == "Simskola"
    assert results.hits[0].matched_field == "places"
    assert "<mark>Umeå</mark>" in results.hits[0].snippet
    folded = search("umea")
    assert titles(folded)[0] == "Simskola" and folded.did_you_mean == "umeå"


def test_stemming_and_compounds_on_every_backend(backend, reindex):
    PilotFactory(title="Träffar för ensamma", summary="Fika varje vecka.")
    PilotFactory(title="Balansträning hemma", summary="Övningar mot fallolyckor.")
    reindex()
    assert titles(search("ensamhet")) == ["Träffar för ensamma"]
    assert titles(search("träning")) == ["Balansträning hemma"]  # a compound's part
    assert titles(search("olycka")) == ["Balansträning hemma"]


def test_a_misspelling_gets_did_you_mean_and_its_hits(backend, reindex):
    PilotFactory(title="Mötesplatser mot ensamhet", summary="Ensamhet bland äldre.")
    reindex()
    results = search("ensamheet")
    assert results.did_you_mean == "ensamhet"
    assert results.showing_corrected
    assert titles(results) == ["Mötesplatser mot ensamhet"]


def test_the_coordinators_synonyms_apply_at_once(backend, reindex, client):
    PilotFactory(title="Hembesök från BVC", summary="Sjuksköterskan kommer hem.")
    reindex()
    Synonym.objects.filter(terms__icontains="barnavårdscentral").delete()
    assert search("barnavårdscentral").total == 0
    Synonym.objects.create(terms="BVC, barnavårdscentral")
    assert titles(search("barnavårdscentral")) == ["Hembesök från BVC"]
    assert "<mark>BVC</mark>" in search("barnavårdscentral").hits[0].title_html
    Synonym.objects.create(terms="hembesök, hemma hos")
    assert titles(search('"hemma hos"')) == ["Hembesök från BVC"]


def test_phrases_need_the_words_together(backend, reindex):
    Synonym.objects.filter(terms__icontains="fysisk aktivitet").delete()
    PilotFactory(title="Fysisk aktivitet på recept", summary="FaR.")
    PilotFactory(
        title="Aktivitet för alla",
        summary="Fysisk träning och annan aktivitet.",
        health_area="fetma",
    )
    reindex()
    assert titles(search('"fysisk aktivitet"')) == ["Fysisk aktivitet på recept"]
    assert len(search("fysisk aktivitet").hits) == 2


def test_a_pilot_hit_shows_its_latest_approved_key_result(backend, reindex, client):
    PilotFactory(title="Simskola för vuxna", indicators=1, approved_reports=2)
    PilotFactory(title="Simskola utan rapporter", indicators=1)
    reindex()
    hits = {h.title: h for h in search("simskola").hits}
    assert hits["Simskola för vuxna"].key_result.endswith("14 personer (mål 20 personer, 2025 K2)")
    assert hits["Simskola utan rapporter"].key_result == ""
    page = client.get("/sok/", {"q": "simskola"}).content.decode()
    assert "14 personer (mål 20 personer, 2025 K2)" in page
    api = client.get("/api/v1/search/", {"q": "simskola"}).json()
    assert {r["key_result"] for r in api["results"]} >= {hits["Simskola för vuxna"].key_result}


def test_a_key_result_reads_in_the_language_of_the_page(backend, reindex, client):
    PilotFactory(title="Simskola för vuxna", indicators=1, approved_reports=2)
    reindex()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/sok/", {"q": "simskola"}).content.decode()
    assert "14 personer (target 20 personer, 2025 K2)" in page
    assert "(mål 20" not in page


def test_a_stored_key_result_is_worded_with_the_languages_number_format():
    from django.utils import translation

    from search.results import key_result_text

    stored = (
        '{"indicator": "Andel", "value": "12.5", "unit": "%", "target": "15", "period": "2025"}'
    )
    with translation.override("sv"):
        assert key_result_text(stored) == "Andel: 12,5 % (mål 15 %, 2025)"
    with translation.override("en"):
        assert key_result_text(stored) == "Andel: 12.5 % (target 15 %, 2025)"
    assert key_result_text("Fritext från förr") == "Fritext från förr"
    assert key_result_text("{trasig") == ""
