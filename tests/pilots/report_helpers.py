"""Fixtures and helpers shared by the report tests (import the fixtures into a test module)."""

import pytest

from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PilotIndicator


def make_pilot(organisation, **kwargs):
    """A published pilot led by `organisation` with a number, a percent by kön and age band, and a
    qualitative indicator; quarterly periods over 2025."""
    pilot = PilotFactory(lead_organisation=organisation, **kwargs)
    number = PilotIndicator.objects.create(
        pilot=pilot, indicator=IndicatorFactory(), baseline_value=10, order=0
    )
    percent = PilotIndicator.objects.create(
        pilot=pilot,
        order=1,
        indicator=IndicatorFactory(percent=True, by_gender=True, age_bands=["0-17", "18-64"]),
    )
    text = PilotIndicator.objects.create(
        pilot=pilot, indicator=IndicatorFactory(qualitative=True), order=2
    )
    pilot.links = {"number": number, "percent": percent, "text": text}
    return pilot


@pytest.fixture
def pilot(organisation):
    return make_pilot(organisation)


@pytest.fixture
def period(pilot):
    first = pilot.periods.order_by("start").first()
    first.pilot = pilot
    return first


def number_cell(pilot, value, gender="T", band=""):
    return {
        "pilot_indicator": pilot.links["number"].pk,
        "gender": gender,
        "age_band": band,
        "value": value,
    }


def percent_cell(pilot, numerator, denominator, gender="T", band=""):
    return {
        "pilot_indicator": pilot.links["percent"].pk,
        "gender": gender,
        "age_band": band,
        "numerator": numerator,
        "denominator": denominator,
    }


def save(
    period,
    actor,
    *,
    version=None,
    values=None,
    narrative="Det gick bra.",
    progress="on_track",
    lessons=None,
):
    from pilots.services import report_save

    return report_save(
        period=period,
        actor=actor,
        expected_version=version,
        values=values if values is not None else [number_cell(period.pilot, "12")],
        narrative=narrative,
        progress=progress,
        lessons=lessons,
    )
