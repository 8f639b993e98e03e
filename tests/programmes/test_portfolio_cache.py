"""The portfolio's aggregated results and lessons are cached (PROGRAMME_FIGURES) and still show a
change at once: every write to what they are computed from makes them stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pilots.factories import LessonFactory, PilotFactory
from programmes.factories import ProgrammePilotFactory

from .helpers import approve, portfolio

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(ctx.captured_queries)


def _n(response, name):
    return next(a["n"] for a in response.context["aggregates"] if a["name"] == name)


def test_results_and_lessons_come_from_the_cache_and_change_at_once(organisation, as_role):
    programme, _members, count, share = portfolio(owner=organisation, pilots=5, periods=1)
    client, _user = as_role("org_admin")
    url = reverse("programmes:portfolio", kwargs={"slug": programme.slug})
    _cold, cold_queries = _get(client, url)
    warm, warm_queries = _get(client, url)
    assert warm_queries < cold_queries  # the aggregates and lessons were not read again
    assert _n(warm, "Deltagare") == 5

    # A sixth pilot joins with an approved report and a lesson: shown on the next request.
    pilot = PilotFactory()
    report = approve(pilot, 0, {count: 7, share: (1, 4)})
    ProgrammePilotFactory(programme=programme, pilot=pilot)
    LessonFactory(pilot=pilot, report=report, title="Ny lärdom i portföljen")
    fresh, _queries = _get(client, url)
    assert _n(fresh, "Deltagare") == 6
    assert "Ny lärdom i portföljen" in fresh.content.decode()

    # A report returned to its reporter leaves the figures at once.
    report.status = "returned"
    report.save()
    after, _queries = _get(client, url)
    assert _n(after, "Deltagare") == 5
    assert "Ny lärdom i portföljen" not in after.content.decode()
