"""A visitor's number of practices is cached (caching.PRACTICES, learning.selectors.practice_list)
and changes at once when a practice is added or removed or its original pilot is closed,
opened or unpublished; the signed-in count what they themselves may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.factories import PracticeFactory
from pilots.factories import PilotFactory
from pilots.models import PilotStatus, Visibility

pytestmark = pytest.mark.django_db

API = "/api/v1/practices/"
PAGE = "/kunskapsbank/praktiker/"


def api_count(client) -> int:
    response = client.get(API)
    assert response.status_code == 200
    return response.json()["count"]


def page_titles(client) -> str:
    response = client.get(PAGE)
    assert response.status_code == 200
    return response.content.decode()


def test_a_visitors_count_follows_every_change_at_once(client):
    first = PracticeFactory(original_pilot=PilotFactory())
    second = PracticeFactory(original_pilot=PilotFactory())
    assert api_count(client) == 2

    with CaptureQueriesContext(connection) as again:
        assert api_count(client) == 2
    assert not any("COUNT(" in q["sql"] for q in again.captured_queries)  # from the cache

    pilot = second.original_pilot
    pilot.visibility = Visibility.PRIVATE
    pilot.save()
    assert api_count(client) == 1
    assert second.title not in page_titles(client)

    pilot.visibility = Visibility.PUBLIC
    pilot.save()
    assert api_count(client) == 2
    assert second.title in page_titles(client)

    first.original_pilot.status = PilotStatus.DRAFT
    first.original_pilot.save()
    assert api_count(client) == 1

    third = PracticeFactory(original_pilot=PilotFactory())
    assert api_count(client) == 2
    assert third.title in page_titles(client)

    third.delete()
    assert api_count(client) == 1


def test_the_signed_in_count_what_they_may_see(client, organisation, reporter):
    PracticeFactory(original_pilot=PilotFactory())
    own = PracticeFactory(original_pilot=PilotFactory(private=True, lead_organisation=organisation))
    assert api_count(client) == 1  # a visitor, cached
    client.force_login(reporter)
    assert api_count(client) == 2
    assert own.title in page_titles(client)
