"""The period report form: each box's accessible name says which indicator, gender and age
band it is for, and an indicator reported by kön shows its kön columns."""

import re

import pytest

from tests.pilots import report_helpers

pilot = report_helpers.pilot
period = report_helpers.period

pytestmark = pytest.mark.django_db


def _page(client, reporter, period):
    client.force_login(reporter)
    return client.get(f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/").text


def test_numerator_and_denominator_names_include_the_indicator(client, reporter, period):
    page = _page(client, reporter, period)
    name = period.pilot.links["percent"].indicator.name
    assert f'aria-label="Täljare, {name}, Totalt, Alla åldrar"' in page
    assert f'aria-label="Nämnare, {name}, Kvinnor, 0-17"' in page
    assert "Täljare , " not in page
    assert not re.search(r"Täljare<span", page)


def test_an_indicator_reported_by_kon_offers_its_kon_columns(client, reporter, period):
    page = _page(client, reporter, period)
    percent = period.pilot.links["percent"]
    number = period.pilot.links["number"]
    assert f"c{percent.pk}-K-0-numerator" in page
    assert f"c{percent.pk}-M-2-denominator" in page
    # An indicator not reported by kön has a Totalt column only.
    assert f"c{number.pk}-T-0-value" in page
    assert f"c{number.pk}-K-0-value" not in page
