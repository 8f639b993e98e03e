"""Search never shows what the searcher may not see: private pilots, drafts, partnership
pilots to outsiders, unapproved lessons — not in hits, facet counts or suggestions. The
expected set comes from the domain's own rules (visible_to / lessons_visible)."""

import pytest

from learning.factories import PracticeFactory
from learning.models import Practice
from learning.selectors import lessons_visible
from pilots.factories import PilotFactory
from pilots.models import Pilot
from search.query import SearchQuery, run_search, run_suggest
from tests.conftest import ROLES
from tests.search.data import approved_lesson, draft_lesson

WORD = "tandborstning"


@pytest.fixture
def world(organisation, other_organisation, reindex):
    def pilot(org, *traits):
        name = "-".join(traits) or "public"
        return PilotFactory(
            lead_organisation=org,
            title=f"Tandborstning {name} {org.pk}",
            **dict.fromkeys(traits, True),
        )

    own_private = pilot(organisation, "private")
    own_draft = pilot(organisation, "draft")
    other_public = pilot(other_organisation)
    pilot(other_organisation, "partnership")
    other_private = pilot(other_organisation, "private")
    pilot(other_organisation, "draft")
    approved_lesson(other_public, title="Tandborstning lärdom godkänd")
    draft_lesson(other_public, title="Tandborstning lärdom utkast")
    approved_lesson(other_private, title="Tandborstning lärdom privat")
    approved_lesson(own_draft, title="Tandborstning lärdom eget utkast")
    PracticeFactory(title="Tandborstning praktik privat", original_pilot=other_private)
    PracticeFactory(title="Tandborstning praktik egen", original_pilot=own_private)
    PracticeFactory(title="Tandborstning praktik öppen", original_pilot=other_public)
    reindex()


def expected(user):
    return (
        {("pilot", pk) for pk in Pilot.objects.visible_to(user).values_list("pk", flat=True)}
        | {("lesson", pk) for pk in lessons_visible(user=user).values_list("pk", flat=True)}
        | {
            ("practice", pk)
            for pk in Practice.objects.visible_to(user).values_list("pk", flat=True)
        }
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("text", [WORD, ""])
def test_hits_and_facets_hold_only_what_the_role_may_see(role, text, as_role, world):
    _client, user = as_role(role)
    kinds = {"type": ["pilot", "lesson", "practice"]}  # the migrated home page is public
    results = run_search(SearchQuery(text=text, filters=kinds, page_size=100), user)
    found = {(h.doc_type, h.object_id) for h in results.hits}
    allowed = expected(user)
    assert found == allowed
    assert results.total == len(allowed)
    type_counts = {v.value: v.count for v in results.facets["type"]}
    for doc_type in ("pilot", "lesson", "practice"):
        assert type_counts.get(doc_type, 0) == sum(1 for t, _ in allowed if t == doc_type)
    status_counts = {v.value: v.count for v in results.facets["status"]}
    assert status_counts.get("draft", 0) == sum(
        1 for t, pk in allowed if t == "pilot" and Pilot.objects.get(pk=pk).is_draft
    )


@pytest.mark.parametrize("role", ROLES)
def test_suggestions_hold_only_what_the_role_may_see(role, as_role, world):
    _client, user = as_role(role)
    suggested = {s.title for s in run_suggest("Tandborst", user, limit=50)}
    visible_titles = set(Pilot.objects.visible_to(user).values_list("title", flat=True))
    visible_titles |= set(lessons_visible(user=user).values_list("title", flat=True))
    visible_titles |= set(Practice.objects.visible_to(user).values_list("title", flat=True))
    assert suggested <= visible_titles
    assert suggested


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_member"])
def test_page_api_and_suggest_endpoint_leak_nothing(role, as_role, world):
    client, user = as_role(role)
    invisible = Pilot.objects.exclude(pk__in=Pilot.objects.visible_to(user).values("pk"))
    hidden = [*invisible.values_list("title", flat=True), "Tandborstning lärdom utkast"]
    assert hidden
    page = client.get("/sok/", {"q": WORD}).content.decode()
    api = client.get("/api/v1/search/", {"q": WORD, "page_size": 100}).content.decode()
    suggest = client.get("/sok/forslag/", {"q": "tandbor"}).content.decode()
    for title in hidden:
        assert title not in page and title not in api and title not in suggest


@pytest.mark.parametrize("role", ["anonymous", "outsider", "other_member"])
def test_did_you_mean_snippets_and_key_results_reveal_nothing_private(role, as_role, world):
    """The vocabulary behind "Menade du" holds public words only; snippets and key results
    come from documents the searcher may see."""
    from search.backends.store import store_documents
    from search.documents import pilot_documents

    client, user = as_role(role)
    secret = PilotFactory(
        private=True,
        title="Tandborstning hemlighetsfullt",
        summary="Ordet kvastfening finns bara här.",
        indicators=1,
        approved_reports=1,
    )
    store_documents(pilot_documents(Pilot.objects.filter(pk=secret.pk)))
    assert run_search(SearchQuery(text="kvastfening"), user).total == 0
    results = run_search(SearchQuery(text="kvastfenig"), user)
    assert "kvastfening" not in results.did_you_mean and results.total == 0
    api = client.get("/api/v1/search/", {"q": "kvastfenig tandborstning"}).content.decode()
    assert "kvastfening" not in api and "hemlighetsfullt" not in api
    page = client.get("/sok/", {"q": WORD, "page_size": 100}).content.decode()
    assert "hemlighetsfullt" not in page and "Indikator" not in page
