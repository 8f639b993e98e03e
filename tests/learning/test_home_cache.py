"""A visitor's learning base home (/kunskapsbank/) is cached HTML (learning.views.home): cheap
when warm, the same number of queries as practices, appraisals and lessons grow, fresh at once
after every kind of write it shows, and never what a signed-in reader may see."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from learning.factories import AppraisalFactory, PracticeFactory
from pilots.factories import LessonFactory, PilotFactory

pytestmark = pytest.mark.django_db

URL = "/kunskapsbank/"


def _get(client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_a_warm_visitor_home_reads_the_same_as_the_data_grows(
    client, practice, django_assert_max_num_queries
):
    PilotFactory(adapted_from=practice.original_pilot)
    _, cold = _get(client)
    html, warm = _get(client)
    assert warm < cold
    assert practice.title in html
    for _ in range(4):
        grown = PracticeFactory(original_pilot=PilotFactory())
        PilotFactory(adapted_from=grown.original_pilot)
        LessonFactory(pilot=grown.original_pilot)
        AppraisalFactory(practice=grown, published=True)
    _get(client)  # cold again: the writes made it stale
    with django_assert_max_num_queries(warm):
        html, _ = _get(client)
    assert html.count("anpassning") >= 5


def test_every_kind_of_write_shows_at_once(client, practice, source):
    PilotFactory(adapted_from=source)
    html, _ = _get(client)
    _get(client)
    assert practice.title in html

    practice.title = "Omdöpt praktik"
    practice.save()
    assert "Omdöpt praktik" in _get(client)[0]  # practice renamed

    PilotFactory(adapted_from=source)
    assert "2 anpassningar" in _get(client)[0]  # replication count via a pilot adaptation

    fresh = PracticeFactory(original_pilot=PilotFactory(), title="Ny praktik")
    PilotFactory(adapted_from=fresh.original_pilot)
    assert "Ny praktik" in _get(client)[0]  # new practice

    AppraisalFactory(practice=practice, published=True)
    assert "Senast bedömda" in (html := _get(client)[0]) and html.count("Omdöpt praktik") == 2

    LessonFactory(pilot=source, title="Färsk lärdom")
    assert "Färsk lärdom" in _get(client)[0]  # lesson

    fresh.delete()
    assert "Ny praktik" not in _get(client)[0]  # practice deleted


def test_signed_in_readers_see_their_private_practices(client, organisation, reporter):
    origin = PilotFactory(lead_organisation=organisation, private=True)
    PilotFactory(adapted_from=origin, lead_organisation=organisation, private=True)
    PracticeFactory(original_pilot=origin, title="Egen privat praktik")
    assert "Egen privat praktik" not in _get(client)[0]
    _get(client)  # the visitor's lists are warm

    client.force_login(reporter)
    assert "Egen privat praktik" in _get(client)[0]
    client.logout()
    assert "Egen privat praktik" not in _get(client)[0]
