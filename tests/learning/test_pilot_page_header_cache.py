"""The pilot page reads its pilot (with what the header shows) and, for a visitor, the learning
box from the cache (caching.PILOT_HEADERS): a warm page reads neither, a report elsewhere leaves
them cached, and every write they show is on the next page at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from business_cases.models import BusinessCase
from learning.factories import PracticeFactory
from pilots.factories import PilotFactory
from pilots.models import Visibility

pytestmark = pytest.mark.django_db

CASE_LINK = "Kalkyl: vem betalar"


def _get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_a_warm_visitor_page_reads_nothing_and_another_pilots_report_keeps_it_so(
    client, source, organisation
):
    url = source.get_absolute_url()
    _get(client, url)
    assert _get(client, url)[1] == 0
    PilotFactory(lead_organisation=organisation, approved_reports=2)  # another pilot's reports
    _get(client, url)  # the new pilot bumped the lookup's namespace
    assert _get(client, url)[1] == 0


def test_header_and_learning_box_show_every_write_at_once(client, source, other_organisation):
    parent = PilotFactory(lead_organisation=other_organisation, title="Förlagan")
    url = source.get_absolute_url()
    html, _ = _get(client, url)
    assert "Ingår i praktiken" not in html and CASE_LINK not in html

    practice = PracticeFactory(original_pilot=source, title="Praktiken")
    assert "Praktiken</a>" in _get(client, url)[0]  # practice created
    practice.title = "Omdöpt praktik"
    practice.save(update_fields=["title"])
    assert "Omdöpt praktik</a>" in _get(client, url)[0]  # practice renamed
    practice.delete()
    assert "Ingår i praktiken" not in _get(client, url)[0]  # practice deleted

    source.adapted_from = parent
    source.save()
    assert "Förlagan</a>" in _get(client, url)[0]  # parent set
    PracticeFactory(original_pilot=parent, title="Förlagans praktik")
    assert "Förlagans praktik</a>" in _get(client, url)[0]  # the lineage's practice
    parent.title = "Omdöpt förlaga"
    parent.save()
    assert "Omdöpt förlaga</a>" in _get(client, url)[0]  # the parent renamed

    case = BusinessCase.objects.create(
        pilot=source, price_year=2025, base_year=2025, horizon_years=5, is_draft=True
    )
    assert CASE_LINK not in _get(client, url)[0]  # a draft case is not linked
    case.is_draft = False
    case.save()
    assert CASE_LINK in _get(client, url)[0]  # published
    case.delete()
    assert CASE_LINK not in _get(client, url)[0]  # deleted

    plan = source.evaluation_plan
    plan.theory_of_change = "Ny förändringsteori"
    plan.save()
    assert "Ny förändringsteori" in _get(client, url)[0]

    source.visibility = Visibility.PRIVATE
    source.save()
    assert client.get(url).status_code == 404  # no longer public


def test_a_renamed_slug_is_found_at_once_and_the_old_one_is_gone(client, source):
    old = source.get_absolute_url()
    _get(client, old)
    source.slug = "nytt-kortnamn"
    source.save()
    assert client.get(old).status_code == 404
    assert client.get(source.get_absolute_url()).status_code == 200


def test_signed_in_readers_get_the_live_box(as_role, source):
    client, _ = as_role("reporter")
    url = source.get_absolute_url()
    _get(client, url)
    PracticeFactory(original_pilot=source, title="Praktiken")
    assert "Praktiken</a>" in _get(client, url)[0]
