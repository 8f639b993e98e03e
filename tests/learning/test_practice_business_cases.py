"""The practice page shows each adaptation's business case per actor (who pays, who gains)."""

import pytest
from django.urls import reverse

from learning.factories import PracticeFactory
from pilots.factories import PilotFactory
from tests.business_cases.helpers import add_lines, pilot_with_case

pytestmark = pytest.mark.django_db


def test_practice_page_shows_per_actor_summaries_of_published_cases_only(client, organisation):
    original, _case = pilot_with_case(organisation, title="Original med kalkyl")
    adapted, _draft = pilot_with_case(organisation, title="Anpassning med utkast", draft=True)
    adapted.adapted_from = original
    adapted.save()
    practice = PracticeFactory(original_pilot=original)

    body = client.get(reverse("learning:practice_detail", args=[practice.slug])).content.decode()

    assert "Kalkyl per aktör" in body
    assert "Original med kalkyl" in body and "Kommun" in body
    assert body.count("bc-summary-table") == 1  # the draft case stays private


def test_practice_page_query_count_does_not_grow_with_business_cases(
    client, organisation, django_assert_max_num_queries
):
    original, _ = pilot_with_case(organisation)
    practice = PracticeFactory(original_pilot=original)
    url = reverse("learning:practice_detail", args=[practice.slug])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import caching

    caching.bump(caching.PUBLIC_PAGES)  # a visitor's page is cached: measure the render
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(4):
        pilot, case = pilot_with_case(organisation)
        pilot.adapted_from = original
        pilot.save()
        add_lines(case, lines=6, years=5)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url)


def test_practice_without_cases_says_so(client, organisation):
    practice = PracticeFactory(original_pilot=PilotFactory(lead_organisation=organisation))
    body = client.get(reverse("learning:practice_detail", args=[practice.slug])).content.decode()
    assert "Ingen av piloterna har publicerat en kalkyl per aktör ännu." in body
