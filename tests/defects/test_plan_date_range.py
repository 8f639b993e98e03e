"""Dates that generate periods or schedules stay within the portal's planning range (core.dates):
a pilot or programme ending 9999-12-31 gets a message on the field (it was a 500: the period
arithmetic reached year 10000), in the API and on the pages."""

from datetime import date

import pytest
from django.test import Client

from business_cases.models import MAX_YEAR, MIN_YEAR
from core.dates import PLAN_FIRST_YEAR, PLAN_LAST_DATE, PLAN_LAST_YEAR
from pilots.factories import PilotFactory
from pilots.models import Pilot
from pilots.periods import generate_periods
from programmes.models import Programme

pytestmark = pytest.mark.django_db

MESSAGE = "Ange ett datum mellan 1990-01-01 och 2150-12-31."
FAR = "9999-12-31"


def _json(client, method, path, payload):
    return getattr(client, method)(path, payload, content_type="application/json")


def test_the_api_refuses_a_pilot_ending_in_year_9999_with_a_field_message(reporter, organisation):
    client = Client(raise_request_exception=False)
    client.force_login(reporter)
    payload = {"lead_organisation": organisation.slug, "title": "Långt fram", "end_date": FAR}
    payload |= {"start_date": "2025-01-01"}
    response = _json(client, "post", "/api/v1/pilots/", payload)
    assert response.status_code == 400
    assert response.json() == {"end_date": [MESSAGE]}
    assert not Pilot.objects.filter(title="Långt fram").exists()

    pilot = PilotFactory(lead_organisation=organisation)
    response = _json(
        client,
        "patch",
        f"/api/v1/pilots/{pilot.slug}/",
        {"expected_version": pilot.version, "end_date": FAR},
    )
    assert response.status_code == 400
    assert response.json() == {"end_date": [MESSAGE]}
    pilot.refresh_from_db()
    assert pilot.end_date != date(9999, 12, 31)


def test_the_last_day_of_the_range_is_accepted_and_its_periods_generated(reporter, organisation):
    client = Client()
    client.force_login(reporter)
    payload = {"lead_organisation": organisation.slug, "title": "Till gränsen"}
    payload |= {"start_date": "2140-01-01", "end_date": PLAN_LAST_DATE.isoformat()}
    assert _json(client, "post", "/api/v1/pilots/", payload).status_code == 201


def test_the_pilot_wizard_shows_the_message_on_the_end_date(reporter, organisation):
    pilot = PilotFactory(draft=True, lead_organisation=organisation)
    client = Client(raise_request_exception=False)
    client.force_login(reporter)
    response = client.post(
        f"/piloter/{pilot.slug}/registrera/grunder/",
        {"version": pilot.version, "go": "stay", "title": "T", "start_date": "2025-01-01"}
        | {"end_date": FAR},
    )
    assert response.status_code == 200  # the step again, as for any bad input of the wizard
    assert response.context["form"].errors["end_date"] == [MESSAGE]
    pilot.refresh_from_db()
    assert pilot.end_date is None or pilot.end_date.year < 10000


def test_a_programme_ending_in_year_9999_gets_a_field_message(organisation, org_admin):
    client = Client(raise_request_exception=False)
    client.force_login(org_admin)
    payload = {
        "owner": organisation.slug,
        "name": "Evighetsprogrammet",
        "kind": "state",
        "purpose": "p",
        "start_date": "2025-01-01",
        "end_date": FAR,
    }
    response = _json(client, "post", "/api/v1/programmes/", payload)
    assert response.status_code == 400
    assert response.json() == {"end_date": [MESSAGE]}
    page = client.post(
        "/program/nytt/",
        payload | {"owner": organisation.pk, "cadence": "half_year", "visibility": "public"},
    )
    assert page.status_code == 400
    assert MESSAGE in page.content.decode()
    assert not Programme.objects.exists()


def test_business_case_years_use_the_same_range():
    assert (MIN_YEAR, MAX_YEAR) == (PLAN_FIRST_YEAR, PLAN_LAST_YEAR)


@pytest.mark.parametrize("cadence", ["month", "quarter", "tertial", "half_year", "year"])
def test_the_whole_range_generates_periods_without_overflow(cadence):
    periods = generate_periods(date(PLAN_FIRST_YEAR, 1, 1), PLAN_LAST_DATE, cadence, due_days=365)
    assert periods[-1].end == PLAN_LAST_DATE
    assert periods[-1].due_date.year == PLAN_LAST_YEAR + 1
