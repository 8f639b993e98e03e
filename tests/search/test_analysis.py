"""The one Swedish analysis every database backend stores and queries with: Snowball stems,
compound parts from hunspell-sv, folded forms for the fallback, and the query plan."""

import pytest

from search.analysis import compound_parts, dictionary, fold, stem, stems
from search.backends import textindex
from search.documents import DocumentData
from search.normalise import highlight
from search.plan import make_plan, matcher


@pytest.mark.parametrize(
    ("word", "expected"),
    [("piloterna", "pilot"), ("äldres", "äldr"), ("äldre", "äldr"), ("ensamheten", "ensam")],
)
def test_snowball_swedish_stems(word, expected):
    assert stem(word) == expected


def test_stop_words_are_left_out():
    assert stems("fysisk aktivitet på recept") == ["fysisk", "aktivitet", "recept"]


def test_folding_is_for_the_fallback_only():
    assert fold("Äldre i Umeå, Örebro") == "Aldre i Umea, Orebro"
    assert stem("äldre") != stem("aldre")


def test_compounds_split_on_the_hunspell_sv_word_list():
    assert dictionary(), "hunspell-sv is a dependency: its word list must be found"
    assert compound_parts("balansträning") == ("balans", "träning")
    assert compound_parts("fallolyckor") == ("fall", "olyckor")
    assert compound_parts("levnadsvanor") == ("levnad", "vanor")  # linking -s-, not "svanor"
    assert compound_parts("skolans") == ()
    assert compound_parts("pilot") == ()


def test_a_three_letter_head_splits_off_only_where_swedish_compounds_with_it():
    # Nouns that begin compounds: a search for "tjänst" finds "hemtjänsten".
    assert compound_parts("hemtjänsten") == ("hem", "tjänsten")
    assert compound_parts("matvanor") == ("mat", "vanor")
    assert compound_parts("målgruppen") == ("mål", "gruppen")
    # Prefixes and particles that only look like heads: "ensamhet" must not find "gemensam".
    for word in ("gemensam", "uppgifter", "varandra", "personer", "samhälle", "godkända"):
        assert compound_parts(word) == (), word


def test_the_index_holds_fields_parts_and_folded_forms():
    doc = DocumentData(
        doc_type="pilot", object_id=1, title="Balansträning för äldre", places="Umeå"
    )
    row = dict(zip(textindex.FTS_COLUMNS, textindex.fts_row(doc), strict=True))
    assert row["title"] == "balansträning äldr"
    assert row["places"] == "umeå"
    assert "träning" in row["parts"].split()
    assert {"aldr", "umea"} <= set(row["folded"].split())
    vector = textindex.tsvector(doc)
    assert "'äldr':2A" in vector and "'~aldr':2D" in vector and "'träning':1D" in vector
    assert "'umeå':" in vector and "B" in vector.split("'umeå':")[1].split()[0]


def test_a_query_plan_has_groups_phrases_exclusions_and_folded_fallbacks(db):
    plan = make_plan('äldre "fysisk aktivitet" -lund')
    assert [g.exact[0] for g in plan.groups] == [("äldr",), ("fysisk", "aktivitet")]
    assert ("aldr",) in plan.groups[0].folded
    assert [g.exact for g in plan.exclude] == [(("lund",),)]
    assert set(plan.concepts) >= {"life_stage:aldre", "health_area:fysisk_aktivitet"}


def test_highlight_marks_what_the_plan_matched_and_escapes_the_rest(db):
    match = matcher(make_plan("pilot äldre träning"))
    html = highlight("<b>Piloterna</b> & äldres balansträning", match, whole=True)
    assert html == (
        "&lt;b&gt;<mark>Piloterna</mark>&lt;/b&gt; &amp; <mark>äldres</mark> "
        "<mark>balansträning</mark>"
    )
