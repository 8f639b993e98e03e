"""Screens in both languages: counts take the right plural form, big numbers are grouped the
language's way, a change in a percentage reads in procentenheter / percentage points, and seeded
reference texts and event messages read in English on English pages."""

import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from business_cases.models import DiscountRateSchedule
from business_cases.reference_data import DEFAULT_SCHEDULE
from partners.audit_labels import message_text
from partners.factories import OrganisationFactory
from partners.models import AuditEvent, Kommun
from pilots.factories import PilotFactory
from tests.business_cases.helpers import pilot_with_case

pytestmark = pytest.mark.django_db
NNBSP = "\u202f"


def _get(client, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return re.sub(r"[ \t\r\n]+", " ", response.content.decode())


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [("sv", "1 pilot", "2 piloter"), ("en", "1 pilot", "2 pilots")],
)
def test_the_pilot_list_counts_in_the_right_plural(client, organisation, language, one, two):
    PilotFactory(lead_organisation=organisation)
    html = _get(client, "/piloter/", language)
    assert one in html and two not in html
    PilotFactory(lead_organisation=organisation)
    assert two in _get(client, "/piloter/", language)


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("sv", "1 organisation", "2 organisationer"),
        ("en", "1 organisation", "2 organisations"),
    ],
)
def test_the_organisation_list_counts_in_the_right_plural(client, language, one, two, db):
    from partners.models import Organisation

    Organisation.objects.exclude(status=Organisation.Status.PENDING).delete()
    OrganisationFactory()
    assert one in _get(client, "/organisationer/", language)
    OrganisationFactory()
    assert two in _get(client, "/organisationer/", language)


@pytest.mark.parametrize(
    ("language", "population"),
    [("sv", f"1{NNBSP}200{NNBSP}000"), ("en", "1,200,000")],
)
def test_populations_are_grouped_the_language_way(client, language, population):
    kommun = Kommun.objects.get(code="2480")
    kommun.population = 1_200_000
    kommun.save()
    assert population in _get(client, "/kommuner/2480/", language)
    assert population in _get(client, f"/regioner/{kommun.region.lan_code}/", language)


@pytest.mark.parametrize(
    ("language", "points", "schedule"),
    [
        ("sv", "procentenheter", DEFAULT_SCHEDULE["name"]),
        ("en", "percentage points", "Standard (3.5 % years 0–30, 3.0 % after)"),
    ],
)
def test_business_case_speaks_the_page_language(client, organisation, language, points, schedule):
    """The sensitivity grid's shifts read in procentenheter / percentage points, and the seeded
    standard schedule's name is translated, not left in Swedish."""
    DiscountRateSchedule.objects.filter(name=DEFAULT_SCHEDULE["name"]).update(is_default=True)
    pilot, case = pilot_with_case(organisation, lines=2, years=3)
    case.schedule = DiscountRateSchedule.objects.get(name=DEFAULT_SCHEDULE["name"])
    case.save()
    html = _get(
        client, reverse("business_cases:business_case", kwargs={"slug": pilot.slug}), language
    )
    assert f"+10\u00a0{points}" in html
    assert schedule in html
    if language == "en":
        assert "procentenhet" not in html and "3,5 % år" not in html


def test_a_change_of_one_percentage_point_is_singular():
    from partners.numbers import format_percentage_points

    assert format_percentage_points(1, language="sv") == "+1\u00a0procentenhet"
    assert format_percentage_points(Decimal("2.5"), places=1, language="en") == (
        "+2.5\u00a0percentage points"
    )


def test_the_statistics_import_message_reads_in_english(coordinator):
    event = AuditEvent(
        action="statistics.imported",
        message="1200 nya, 3 ändrade, 0 oförändrade, 0 borttagna, 2 överhoppade",
    )
    with translation.override("en"):
        assert message_text(event) == "1,200 new, 3 changed, 0 unchanged, 0 removed, 2 skipped"
    with translation.override("sv"):
        assert message_text(event).startswith(f"1{NNBSP}200 nya, 3 ändrade")
