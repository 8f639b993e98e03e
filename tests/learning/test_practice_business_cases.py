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


def _practice_with_two_cases(organisation):
    original, first = pilot_with_case(organisation, title="Original med kalkyl")
    adapted, second = pilot_with_case(organisation, title="Anpassning med kalkyl")
    adapted.adapted_from = original
    adapted.save()
    return PracticeFactory(original_pilot=original), first, second


def _section(html: str) -> str:
    part = html[html.index("Vem betalar, vem vinner") :]
    return part[: part.index("</section>")]


def test_each_actor_shows_what_it_pays_and_gains_beside_its_net(client, organisation):
    from business_cases.charts import format_sek
    from business_cases.selectors import business_case_summaries

    practice, first, _second = _practice_with_two_cases(organisation)
    summary = business_case_summaries([first.pilot_id])[first.pilot_id]
    kommun = next(row for row in summary.actors if row.actor == "kommun")

    body = client.get(reverse("learning:practice_detail", args=[practice.slug])).content.decode()
    section = _section(body)

    assert "Betalar (kostnad)" in section and "Får (nytta)" in section
    assert "Nettonuvärde" in section
    assert format_sek(kommun.pv_costs) in section
    assert format_sek(kommun.npv, signed=True) in section
    assert "Jämför med försiktighet" not in section  # same base year and schedule


def test_cases_with_different_base_years_are_flagged(client, organisation):
    from business_cases.models import BusinessCase

    practice, _first, second = _practice_with_two_cases(organisation)
    BusinessCase.objects.filter(pk=second.pk).update(base_year=2024)

    body = client.get(reverse("learning:practice_detail", args=[practice.slug])).content.decode()
    note = _section(body)
    note = note[note.index('data-testid="business-case-bases"') :]
    note = note[: note.index("</p>")]

    assert "Kalkylerna har olika basår (2024, 2025)" in note
    assert "kan inte jämföras krona för krona" in note


def test_appraisal_lists_only_the_actors_it_valued_without_a_trailing_semicolon(
    client, organisation
):
    from learning.factories import AppraisalFactory

    practice = PracticeFactory(original_pilot=PilotFactory(lead_organisation=organisation))
    AppraisalFactory(practice=practice, published=True, actor_values={"kommun": "+"})

    body = client.get(reverse("learning:practice_detail", args=[practice.slug])).content.decode()
    values = body[body.index("Värde per aktör") :]
    values = values[: values.index("</dd>")]

    assert 'Kommun: <span class="score">+</span>' in values
    assert ";" not in values
    assert "Referensdata från SCB och SKR." in body and "Källa: SCB, SKR" not in body
