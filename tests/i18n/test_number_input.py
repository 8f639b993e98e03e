"""Number boxes speak the page's language: an English page shows "42.5" and a Swedish one "42,5",
both read either format where it cannot be misread ("15,2" is never 152), and a number that could
be read two ways ("1,200" on an English page) is refused with both readings named."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse

from cms.models import NationalGoalPage
from partners.numbers import NumberFormatError, input_number, parse_number
from pilots.models import IndicatorValue, PeriodReport
from programmes.forms import ProgrammeForm
from tests.business_cases.helpers import pilot_with_case
from tests.cms import helpers as cms_helpers
from tests.cms.test_page_concurrency import _open_editor
from tests.pilots import report_helpers

period = report_helpers.period
pilot = report_helpers.pilot


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("sv", "15,2", "15.2"),
        ("sv", "15.2", "15.2"),
        ("en", "15.2", "15.2"),
        ("en", "15,2", "15.2"),  # never 152
        ("sv", "1 250 000,5", "1250000.5"),
        ("sv", "1\u202f250\u202f000", "1250000"),
        ("en", "1,250,000.5", "1250000.5"),
        ("en", "1 250 000", "1250000"),
        ("sv", "1.250.000", "1250000"),
        ("sv", "−3,5", "-3.5"),
        ("en", "-3.5", "-3.5"),
        ("en", "0,125", "0.125"),  # a leading 0 is never a group of thousands
        ("sv", "1,200", "1.2"),  # the page's own decimal comma
        ("en", "1.200", "1.2"),  # the page's own decimal point
    ],
)
def test_typed_numbers_are_read_the_way_they_were_meant(language, typed, number):
    assert parse_number(typed, language=language) == Decimal(number)


@pytest.mark.parametrize(("language", "typed"), [("en", "1,200"), ("sv", "1.200")])
def test_a_number_that_reads_two_ways_is_refused_naming_both(language, typed):
    with pytest.raises(NumberFormatError) as refused:
        parse_number(typed, language=language)
    assert refused.value.ambiguous
    decimal = "1.2" if language == "en" else "1,2"
    assert "1200" in str(refused.value) and decimal in str(refused.value)


@pytest.mark.parametrize("typed", ["12,3,4", "abc", "1e5", "1,2.3", "12..5"])
def test_what_is_not_a_number_is_refused(typed):
    for language in ("sv", "en"):
        with pytest.raises(NumberFormatError):
            parse_number(typed, language=language)


def test_stored_numbers_are_shown_for_editing_in_the_page_language():
    assert input_number(Decimal("15.2000"), language="sv") == "15,2"
    assert input_number(Decimal("15.2000"), language="en") == "15.2"
    assert input_number(Decimal("100.00"), language="en") == "100"  # not "1E+2"
    assert input_number(None, language="en") == ""


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _report_url(period):
    return f"/piloter/{period.pilot.slug}/rapporter/{period.pk}/"


def _report_form(period, value, version=""):
    return {
        "version": version,
        "narrative": "Good period.",
        "progress": "on_track",
        "action": "save",
        "lessons-TOTAL_FORMS": "0",
        "lessons-INITIAL_FORMS": "0",
        "lessons-MIN_NUM_FORMS": "0",
        "lessons-MAX_NUM_FORMS": "50",
        f"values-{period.pilot.links['number'].pk}-T--value": value,
    }


@pytest.mark.django_db
def test_report_form_in_english_shows_and_reads_a_decimal_point(client, reporter, period):
    _english(client).force_login(reporter)
    key = f"values-{period.pilot.links['number'].pk}-T--value"
    response = client.post(_report_url(period), _report_form(period, "41.5"))
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("41.5")
    html = client.get(_report_url(period)).content.decode()
    assert f'name="{key}" value="41.5"' in html
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "sv"
    assert f'name="{key}" value="41,5"' in client.get(_report_url(period)).content.decode()


@pytest.mark.django_db
def test_report_form_in_english_never_misreads_a_comma(client, reporter, period):
    _english(client).force_login(reporter)
    response = client.post(_report_url(period), _report_form(period, "15,2"))
    assert response.status_code == 302
    assert IndicatorValue.objects.get().value == Decimal("15.2")
    version = PeriodReport.objects.get().version
    response = client.post(_report_url(period), _report_form(period, "1,200", version))
    assert response.status_code == 400
    assert "could be read two ways" in response.content.decode()
    assert IndicatorValue.objects.get().value == Decimal("15.2")


@pytest.mark.django_db
def test_goal_form_in_english_admin_shows_and_reads_english_numbers(coordinator):
    goal = cms_helpers.goal()
    client, form = _open_editor(_english_user(coordinator), goal)
    data = {**form, "baseline_value": "15.2", "target_value": "7,5"}
    assert client.post(f"/admin/pages/{goal.pk}/edit/", data).status_code == 302
    saved = NationalGoalPage.objects.get(pk=goal.pk).get_latest_revision_as_object()
    assert saved.baseline_value == Decimal("15.2") and saved.target_value == Decimal("7.5")
    client, form = _open_editor(coordinator, goal)
    assert form["baseline_value"] == "15.2" and form["target_value"] == "7.5"
    response = client.post(f"/admin/pages/{goal.pk}/edit/", {**form, "baseline_value": "1,520"})
    assert response.status_code == 200
    assert "could be read two ways" in response.content.decode()


def _english_user(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.mark.django_db
def test_wizard_indicator_step_shows_the_baseline_in_english(client, reporter, organisation):
    from pilots.factories import IndicatorFactory, PilotFactory
    from pilots.models import PilotIndicator

    pilot = PilotFactory(lead_organisation=organisation, draft=True)
    PilotIndicator.objects.create(
        pilot=pilot, indicator=IndicatorFactory(), baseline_value=Decimal("40.5"), order=0
    )
    url = f"/piloter/{pilot.slug}/registrera/indikatorer/"
    client.force_login(reporter)
    assert 'value="40,5"' in client.get(url).content.decode()
    assert 'value="40.5"' in _english(client).get(url).content.decode()


@pytest.mark.django_db
def test_business_case_editor_shows_amounts_and_shares_in_english(client, reporter, organisation):
    pilot, case = pilot_with_case(organisation, lines=2, years=1)
    line = case.lines.filter(kind="benefit").get()
    line.deadweight_pct = Decimal("12.50")
    line.save()
    url = reverse("business_cases:business_case_edit", kwargs={"slug": pilot.slug})
    _english(client).force_login(reporter)
    html = client.get(url).content.decode()
    assert 'value="12.5"' in html and 'value="12,5"' not in html


@pytest.mark.django_db
def test_programme_budget_reads_the_page_language(organisation):
    from django.utils import translation

    from partners.models import Organisation

    data = {
        "name": "Program",
        "kind": ProgrammeForm.base_fields["kind"].choices[0][0],
        "purpose": "Syfte",
        "start_date": "2026-01-01",
        "end_date": "2027-12-31",
        "cadence": ProgrammeForm.base_fields["cadence"].initial,
        "visibility": ProgrammeForm.base_fields["visibility"].choices[0][0],
        "owner": organisation.pk,
    }
    owners = Organisation.objects.all()
    with translation.override("en"):
        form = ProgrammeForm({**data, "budget_sek": "1,250,000"}, owners=owners)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["budget_sek"] == Decimal("1250000")
        form = ProgrammeForm({**data, "budget_sek": "1,250"}, owners=owners)
        assert not form.is_valid() and "could be read two ways" in str(form.errors)
        assert 'inputmode="decimal"' in str(form["budget_sek"])
    with translation.override("sv"):
        form = ProgrammeForm({**data, "budget_sek": "1 250 000"}, owners=owners)
        assert form.is_valid() and form.cleaned_data["budget_sek"] == Decimal("1250000")


def test_input_number_grouped_groups_swedish_only():
    assert input_number(Decimal("1250000"), language="sv", grouped=True) == "1\u202f250\u202f000"
    assert input_number(Decimal("5.50"), language="sv", grouped=True) == "5,5"
    assert input_number(Decimal("100.00"), language="sv", grouped=True) == "100"
    # English keeps no grouping: "1,250,000" would be ambiguous when parsed back.
    assert input_number(Decimal("1250000"), language="en", grouped=True) == "1250000"
    assert input_number(None, language="sv", grouped=True) == ""
    # Ungrouped (the default) is unchanged.
    assert input_number(Decimal("1250000"), language="sv") == "1250000"
