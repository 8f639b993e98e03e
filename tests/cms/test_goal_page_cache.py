"""A visitor's goal page is cached HTML (cms.selectors.goal_page_cache_version): cheaper when
warm, fresh at once after every kind of write it shows, never what a signed-in reader sees."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import GoalContribution
from core import caching
from pilots.factories import PilotFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


def _get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_a_warm_visitor_page_skips_progress_and_contributions(client):
    goal = helpers.goal()
    GoalContribution.objects.create(goal=goal, pilot=PilotFactory(approved_reports=1))
    _, cold = _get(client, goal.url)
    _, warm = _get(client, goal.url)
    assert warm < cold


def test_every_kind_of_write_shows_at_once(client, organisation):
    goal = helpers.goal()
    pilot = PilotFactory(title="Bidragande pilot", lead_organisation=organisation)
    _get(client, goal.url)
    _get(client, goal.url)

    contribution = GoalContribution.objects.create(goal=goal, pilot=pilot, note="Screening")
    assert "Bidragande pilot" in _get(client, goal.url)[0]  # contribution added

    pilot.title = "Omdöpt pilot"
    pilot.save()
    assert "Omdöpt pilot" in _get(client, goal.url)[0]  # pilot saved

    organisation.name = "Omdöpt huvudman"
    organisation.save()
    assert "Omdöpt huvudman" in _get(client, goal.url)[0]  # organisation saved

    goal.statement = "Ett nytt mål i en mening"
    goal.save_revision().publish()
    assert "Ett nytt mål i en mening" in _get(client, goal.url)[0]  # page published

    before = caching.version(caching.PUBLIC_FIGURES)
    helpers.riket("N11111", {2024: 12})
    caching.bump(caching.PUBLIC_FIGURES)  # as the statistics import does
    assert caching.version(caching.PUBLIC_FIGURES) != before

    contribution.delete()
    assert "Omdöpt pilot" not in _get(client, goal.url)[0]  # contribution removed


def test_signed_in_readers_see_private_pilots_and_visitors_never_do(client):
    from partners.factories import UserFactory

    goal = helpers.goal()
    GoalContribution.objects.create(goal=goal, pilot=PilotFactory(private=True, title="Hemlig"))
    client.force_login(UserFactory(coordinator=True))
    assert "Hemlig" in _get(client, goal.url)[0]
    client.logout()
    assert "Hemlig" not in _get(client, goal.url)[0]
    assert "Hemlig" not in _get(client, goal.url)[0]


def test_each_page_of_contributors_is_cached_apart(client):
    goal = helpers.goal()
    for n in range(25):
        GoalContribution.objects.create(goal=goal, pilot=PilotFactory(title=f"Pilot {n:02d}"))
    first, _ = _get(client, goal.url)
    second, _ = _get(client, f"{goal.url}?page=2")
    assert "Pilot 00" in first and "Pilot 00" not in second
    assert "Pilot 24" in second and "Pilot 24" not in first
    assert "Pilot 00" in _get(client, f"{goal.url}?page=x")[0]  # odd numbers: live, page 1
