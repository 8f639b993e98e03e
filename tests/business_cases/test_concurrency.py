"""No lost updates on PostgreSQL: simultaneous edits of one business case, through the line editor
and through the API, are decided by the case's version: exactly one writer wins, every other is
told that someone else changed the case, and the saved case is the winner's."""

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from business_cases.models import BusinessCase, BusinessCaseLine
from partners.models import AuditEvent
from tests.concurrency import race

from .helpers import pilot_with_case

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL (DATABASE_URL)"),
]

WRITERS = 8
STALE = "Någon annan har ändrat kalkylen"


def _race(user, request) -> list[str]:
    """Run `request(client, n)` for WRITERS logged-in clients at once; their outcomes in order."""
    clients = []
    for _ in range(WRITERS):
        client = Client()
        client.force_login(user)
        clients.append(client)
    outcomes = race(WRITERS, lambda n: request(clients[n], n))
    assert outcomes.count("won") == 1 and outcomes.count("stale") == WRITERS - 1, outcomes
    return outcomes


def _line_row(n):
    return {
        "lines-0-kind": "cost",
        "lines-0-label": f"Skribent {n}",
        "lines-0-actor": "kommun",
        "lines-0-value_type": "fiscal_cashable",
        "lines-0-confidence": "2",
        "lines-0-y2025": str(1000 + n),
    }


def test_simultaneous_saves_in_the_line_editor_one_wins(organisation, reporter):
    pilot, case = pilot_with_case(organisation, lines=0, years=0)
    url = reverse("business_cases:business_case_edit", kwargs={"slug": pilot.slug})
    form = {
        "action": "lines",
        "expected_version": case.version,
        "lines-TOTAL_FORMS": 1,
        "lines-INITIAL_FORMS": 0,
        "lines-MIN_NUM_FORMS": 0,
        "lines-MAX_NUM_FORMS": 1000,
    }

    def save(client, n):
        response = client.post(url, {**form, **_line_row(n)})
        if response.status_code == 302:
            return "won"
        if response.status_code == 200 and STALE in response.content.decode():
            return "stale"
        return f"HTTP {response.status_code}"

    outcomes = _race(reporter, save)
    winner = outcomes.index("won")
    line = BusinessCaseLine.objects.get(business_case=case, kind="cost")
    assert line.label == f"Skribent {winner}"
    assert dict(line.amounts.values_list("year", "amount_sek")) == {2025: 1000 + winner}
    assert BusinessCase.objects.get(pk=case.pk).version == case.version + 1


def test_simultaneous_api_patches_of_one_line_one_wins(organisation, reporter):
    _pilot, case = pilot_with_case(organisation, lines=1, years=1)
    line = BusinessCaseLine.objects.get(business_case=case, kind="cost")
    url = f"/api/v1/business-case-lines/{line.pk}/"

    def patch(client, n):
        response = client.patch(
            url,
            {"label": f"Skribent {n}", "expected_version": case.version, "amounts": {"2025": n}},
            content_type="application/json",
        )
        if response.status_code == 200:
            return "won"
        if response.status_code == 400 and STALE in response.content.decode():
            return "stale"
        return f"HTTP {response.status_code}"

    outcomes = _race(reporter, patch)
    winner = outcomes.index("won")
    line.refresh_from_db()
    assert line.label == f"Skribent {winner}"
    assert dict(line.amounts.values_list("year", "amount_sek")) == {2025: winner}
    assert BusinessCase.objects.get(pk=case.pk).version == case.version + 1
    assert AuditEvent.objects.for_object(case).count() == 1


def test_simultaneous_api_patches_of_the_case_settings_one_wins(organisation, reporter):
    pilot, case = pilot_with_case(organisation, lines=0, years=0)
    url = f"/api/v1/business-cases/{pilot.slug}/"

    def patch(client, n):
        response = client.patch(
            url,
            {"notes": f"Skribent {n}", "expected_version": case.version},
            content_type="application/json",
        )
        if response.status_code == 200:
            return "won"
        if response.status_code == 400 and STALE in response.content.decode():
            return "stale"
        return f"HTTP {response.status_code}"

    outcomes = _race(reporter, patch)
    case.refresh_from_db()
    assert case.notes == f"Skribent {outcomes.index('won')}"
