"""Goal progress follows the benchmark's one rule: Kolada's values as published, our own pilot
figures hidden when they rest on fewer than 5 persons (and the page says so)."""

from decimal import Decimal

import pytest
from django.utils import timezone

from benchmarking.models import Kpi, StatisticValue
from pilots.factories import IndicatorFactory, PilotFactory
from tests.cms import helpers

pytestmark = pytest.mark.django_db


def _goal_on_pilots(denominator):
    indicator = IndicatorFactory(name="Andel med risk för undernäring")
    goal = helpers.goal(indicator=indicator)
    pilot = PilotFactory(approved_reports=1)
    link = pilot.indicators.create(indicator=indicator)
    report = pilot.reports.get()
    numerator = Decimal(denominator) / 2
    report.values.create(
        pilot_indicator=link,
        value=Decimal("50"),
        numerator=numerator,
        denominator=Decimal(denominator),
    )
    return goal


def test_goal_figure_from_pilots_on_fewer_than_five_persons_is_hidden_and_says_why(client):
    goal = _goal_on_pilots(4)
    response = client.get(goal.url)
    card = response.context["card"]
    assert card.progress.status == "no_data" and card.hidden_years
    assert "bygger på färre än 5 personer" in response.content.decode()


def test_goal_figure_from_pilots_on_enough_persons_is_shown(client):
    goal = _goal_on_pilots(40)
    card = client.get(goal.url).context["card"]
    assert card.progress.latest.value == 50 and not card.hidden_years


def test_goal_on_riket_values_with_kolada_count_one_shows_them(client):
    Kpi.objects.create(id="N17473", title="Fetma", unit="%")
    StatisticValue.objects.bulk_create(
        StatisticValue(
            kpi_id="N17473",
            area="0000",
            year=year,
            gender="T",
            value=Decimal(value),
            count=1,  # what Kolada sends for riket
            imported_at=timezone.now(),
        )
        for year, value in ((2021, "19"), (2022, "18"), (2023, "17"))
    )
    goal = helpers.goal(kolada_kpi="N17473")
    card = client.get(goal.url).context["card"]
    assert card.source == "statistics" and card.latest_year == 2023
    assert card.progress.latest.value == 17
