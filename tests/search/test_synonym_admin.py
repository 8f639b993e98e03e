"""The coordinator keeps the search synonyms in the Wagtail admin; the next search uses them."""

import pytest

from pilots.factories import PilotFactory
from search.models import Synonym
from search.query import SearchQuery, run_search
from tests.conftest import ROLES

URL = "/admin/search/synonyms/"


@pytest.mark.parametrize("role", ROLES)
def test_only_the_coordinator_keeps_synonyms(db, as_role, role):
    # The starter list comes from a data migration, which a transactional test's flush empties.
    Synonym.objects.get_or_create(terms="FaR, fysisk aktivitet på recept")
    client, _ = as_role(role)
    response = client.get(URL)
    if role == "coordinator":
        assert response.status_code == 200
        assert "FaR, fysisk aktivitet på recept" in response.content.decode()  # the starter list
    else:
        assert response.status_code in (302, 403)


def test_a_synonym_added_in_the_admin_counts_at_the_next_search(as_role, reindex):
    PilotFactory(title="Hälsosamtal för skiftarbetare", summary="Samtal om sömn.")
    reindex()
    assert run_search(SearchQuery(text="nattarbete"), None).total == 0
    client, _ = as_role("coordinator")
    response = client.post(f"{URL}new/", {"terms": "skiftarbetare, nattarbete", "note": ""})
    assert response.status_code == 302
    hits = run_search(SearchQuery(text="nattarbete"), None).hits
    assert [h.title for h in hits] == ["Hälsosamtal för skiftarbetare"]


def test_a_synonym_needs_two_terms(as_role):
    client, _ = as_role("coordinator")
    response = client.post(f"{URL}new/", {"terms": "ensam", "note": ""})
    assert response.status_code == 200
    assert "Ange minst två ord" in response.content.decode()
    assert not Synonym.objects.filter(terms="ensam").exists()
