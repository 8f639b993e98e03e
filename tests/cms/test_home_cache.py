"""The home page's figures, goals and updates are cached HTML: fewer queries when warm, and every
change behind them (a figure, a published, moved or unpublished page) shows at once."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pilots.factories import PilotFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


def _get(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def _figure(html: str, label: str) -> int:
    return int(re.search(rf'<span class="figure">(\d+)</span> {label}', html).group(1))


def test_warm_home_page_reads_less_and_shows_changes_at_once(client):
    helpers.goal(statement="Färre äldre undernärda")
    helpers.update(title="Första nyheten")
    html, cold = _get(client)
    html, warm = _get(client)
    assert warm < cold
    assert "Färre äldre undernärda" in html and "Första nyheten" in html
    pilots = _figure(html, "öppna piloter")

    PilotFactory(approved_reports=1)
    html, _ = _get(client)
    assert _figure(html, "öppna piloter") == pilots + 1

    helpers.update(slug="andra", title="Andra nyheten", when=helpers.date(2026, 1, 1))
    goal = helpers.goal(slug="ny", statement="Fler fysiskt aktiva barn")
    html, _ = _get(client)
    assert "Andra nyheten" in html and "Fler fysiskt aktiva barn" in html

    goal.statement = "Ändrat mål"
    goal.save_revision().publish()
    html, _ = _get(client)
    assert "Ändrat mål" in html and "Fler fysiskt aktiva barn" not in html
    goal.unpublish()
    assert "Ändrat mål" not in _get(client)[0]
