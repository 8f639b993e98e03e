"""The practices API answers a visitor from the cache (caching.PUBLIC_PAGES) and shows every
change at once: a renamed practice, a new adaptation, a published appraisal, an original pilot
made private; a signed-in caller's answer stays their own."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.factories import AppraisalFactory, PracticeFactory
from partners.factories import MembershipFactory
from partners.models import Role
from pilots.factories import PilotFactory
from pilots.models import Visibility

pytestmark = pytest.mark.django_db

API = "/api/v1/practices/"


def practices(client) -> dict:
    response = client.get(API)
    assert response.status_code == 200
    return {row["slug"]: row for row in response.json()["results"]}


def test_a_visitor_is_answered_from_the_cache_and_sees_each_change_at_once(client):
    practice = PracticeFactory(title="Stå stadigt")
    PracticeFactory()
    assert practices(client)[practice.slug]["title"] == "Stå stadigt"

    with CaptureQueriesContext(connection) as again:
        assert len(practices(client)) == 2
    assert len(again.captured_queries) == 0

    practice.title = "Stå stadigt i Ragunda"
    practice.save()
    assert practices(client)[practice.slug]["title"] == "Stå stadigt i Ragunda"

    PilotFactory(adapted_from=practice.original_pilot)
    assert practices(client)[practice.slug]["replications"] == 1

    AppraisalFactory(practice=practice, published=True)
    assert practices(client)[practice.slug]["current_appraisal"]["effect"] == "+"

    origin = practice.original_pilot
    origin.visibility = Visibility.PRIVATE
    origin.save()
    assert practice.slug not in practices(client)


def test_a_signed_in_member_sees_their_private_practice_and_visitors_never_do(client):
    private = PracticeFactory(original_pilot=PilotFactory(private=True))
    member = MembershipFactory(
        organisation=private.original_pilot.lead_organisation, role=Role.REPORTER
    ).user

    assert private.slug not in practices(client)  # cached for visitors
    client.force_login(member)
    assert private.slug in practices(client)
    client.logout()
    assert private.slug not in practices(client)
