"""The wizard's indicator step never drops or misreads what was typed: one form holds every
card, so saving one indicator keeps the values typed into another, and a qualitative
indicator's starting point is text."""

import datetime as dt
from decimal import Decimal

import pytest

from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import PilotIndicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def pilot(organisation):
    pilot = PilotFactory(lead_organisation=organisation, draft=True)
    pilot.first = PilotIndicator.objects.create(pilot=pilot, indicator=IndicatorFactory(), order=0)
    pilot.second = PilotIndicator.objects.create(pilot=pilot, indicator=IndicatorFactory(), order=1)
    pilot.text = PilotIndicator.objects.create(
        pilot=pilot, indicator=IndicatorFactory(qualitative=True), order=2
    )
    return pilot


def _url(pilot):
    return f"/piloter/{pilot.slug}/registrera/indikatorer/"


def _card(link, version, **fields):
    return {f"pi{link.pk}-version": version, **{f"pi{link.pk}-{k}": v for k, v in fields.items()}}


def test_one_form_holds_every_card(client, reporter, pilot):
    client.force_login(reporter)
    html = client.get(_url(pilot)).content.decode()
    form = html.split('class="form indicator-cards"')[1].split("</form>")[0]
    for link in (pilot.first, pilot.second):
        assert f'value="update-{link.pk}"' in form and f'name="pi{link.pk}-baseline_value"' in form


def test_values_typed_into_another_card_are_saved_with_the_pressed_one(client, reporter, pilot):
    client.force_login(reporter)
    data = {
        "action": f"update-{pilot.first.pk}",
        **_card(pilot.first, pilot.version, baseline_value="12", baseline_date="2024-12-31"),
        **_card(
            pilot.second,
            pilot.version,
            baseline_value="40,5",
            baseline_date="2024-12-31",
            target_date_0="2025-12-31",
            target_value_0="55",
        ),
    }
    response = client.post(_url(pilot), data)
    assert response.status_code == 302
    pilot.first.refresh_from_db()
    pilot.second.refresh_from_db()
    assert pilot.first.baseline_value == Decimal("12")
    assert pilot.second.baseline_value == Decimal("40.5")
    assert [t.value for t in pilot.second.targets.all()] == [Decimal("55")]


def test_an_error_in_another_card_saves_nothing_and_keeps_everything_typed(client, reporter, pilot):
    client.force_login(reporter)
    data = {
        "action": f"update-{pilot.first.pk}",
        **_card(pilot.first, pilot.version, baseline_value="12", baseline_date="2024-12-31"),
        **_card(pilot.second, pilot.version, baseline_value="40"),  # no date
    }
    response = client.post(_url(pilot), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ange vilket datum utgångsvärdet avser." in html
    assert f'name="pi{pilot.first.pk}-baseline_value" value="12"' in html
    assert f'name="pi{pilot.second.pk}-baseline_value" value="40"' in html
    pilot.first.refresh_from_db()
    assert pilot.first.baseline_value is None


def test_a_qualitative_baseline_is_text(client, reporter, pilot):
    client.force_login(reporter)
    html = client.get(_url(pilot)).content.decode()
    assert f'name="pi{pilot.text.pk}-baseline_value"' not in html
    assert f'<textarea name="pi{pilot.text.pk}-baseline_note"' in html
    data = {
        "action": f"update-{pilot.text.pk}",
        **_card(
            pilot.text,
            pilot.version,
            baseline_date="2024-12-31",
            baseline_note="Skolorna har ingen gemensam rutin i dag.",
        ),
    }
    assert client.post(_url(pilot), data).status_code == 302
    pilot.text.refresh_from_db()
    assert pilot.text.baseline_note == "Skolorna har ingen gemensam rutin i dag."
    assert pilot.text.baseline_date == dt.date(2024, 12, 31)
