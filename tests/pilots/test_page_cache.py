"""The pilot page's cached parts: cheap when warm, fresh at once after every kind of change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from partners.factories import OrganisationFactory
from partners.models import Kommun
from pilots.models import PeriodReport, PilotPartner
from pilots.services import report_approve, report_submit
from pilots.services.pilots import periods_regenerate, pilot_set_partners
from tests.pilots import report_helpers
from tests.pilots.report_helpers import make_pilot, save

from .public_data import pilot_with_reports

pytestmark = pytest.mark.django_db
pilot = report_helpers.pilot
period = report_helpers.period


def _get(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


@pytest.mark.parametrize("role", ["anonymous", "reporter"])
def test_warm_page_costs_fewer_queries_and_the_same_as_data_grows(role, as_role, organisation):
    client, _ = as_role(role)
    small = pilot_with_reports(organisation, periods_approved=1)
    big = pilot_with_reports(organisation, periods_approved=8)
    big.kommuner.set(Kommun.objects.all()[:20])
    _, cold = _get(client, small.get_absolute_url())
    _, warm_small = _get(client, small.get_absolute_url())
    _get(client, big.get_absolute_url())
    html, warm_big = _get(client, big.get_absolute_url())
    assert warm_small < cold and warm_big == warm_small
    assert html.count('class="point"') == 2 * 8  # two indicators, eight approved periods


def test_an_approved_report_shows_at_once_and_other_pilots_stay_cached(
    client, pilot, period, reporter, approver, organisation
):
    other = make_pilot(organisation)
    html, _ = _get(client, pilot.get_absolute_url())
    _get(client, other.get_absolute_url())
    _, warm_other = _get(client, other.get_absolute_url())
    assert "Godkänd rapport om skolan" not in html
    report = save(
        period,
        reporter,
        narrative="Godkänd rapport om skolan",
        lessons=[
            {
                "id": None,
                "kind": "advice",
                "dimension": "culture",
                "title": "Ny lärdom",
                "text": "T",
            }
        ],
    )
    report = report_submit(report=report, actor=reporter, expected_version=report.version)
    report_approve(report=report, actor=approver, expected_version=report.version)
    html, _ = _get(client, pilot.get_absolute_url())
    assert "Godkänd rapport om skolan" in html  # the public timeline
    assert "Ny lärdom" in html
    assert f'data-label="{period.label}">12<' in html  # the chart's table
    assert _get(client, other.get_absolute_url())[1] == warm_other


def test_names_partners_kommuner_and_periods_show_at_once(client, pilot, organisation, approver):
    url = pilot.get_absolute_url()
    _get(client, url)
    organisation.name = "Omdöpt huvudman"
    organisation.save()
    indicator = pilot.links["number"].indicator
    indicator.name = "Omdöpt indikator"
    indicator.save()
    kommun = Kommun.objects.order_by("code").first()
    pilot.kommuner.add(kommun)
    html, _ = _get(client, url)
    assert html.count("Omdöpt huvudman") >= 2  # header and the partner table
    assert "Omdöpt indikator" in html and f">{kommun.name}</a>" in html
    kommun.name = "Omdöpt kommun"
    kommun.save()
    partner = OrganisationFactory(name="Ny partner")
    pilot_set_partners(pilot=pilot, actor=approver, partners=[(partner, "implementer")])
    assert PilotPartner.objects.filter(pilot=pilot, organisation=partner).exists()
    html, _ = _get(client, url)
    assert "Omdöpt kommun" in html and "Ny partner" in html
    before = pilot.periods.count()
    PeriodReport.objects.filter(pilot=pilot).delete()
    pilot.periods.all().delete()
    html, _ = _get(client, url)
    assert "Inga rapportperioder ännu." in html
    assert periods_regenerate(pilot=pilot)[1] == before
    html, _ = _get(client, url)
    assert "Inga rapportperioder ännu." not in html


def test_public_list_is_cached_and_shows_changes_at_once(client, organisation, reporter):
    from django.urls import reverse

    from pilots.factories import PilotFactory

    url = reverse("pilots:pilot_list")
    first = pilot_with_reports(organisation, periods_approved=1, title="Första piloten")
    html, cold = _get(client, url)
    assert "Första piloten" in html and "1 pilot<" in html
    html, warm = _get(client, url + "?arena=skola")
    _, warm = _get(client, url)
    assert warm == 0 < cold
    PilotFactory(lead_organisation=organisation, title="Andra piloten")
    html, _ = _get(client, url)
    assert "Andra piloten" in html and "2 piloter<" in html
    first.title = "Omdöpt pilot"
    first.save()
    first.reports.filter(status="approved").delete()
    html, _ = _get(client, url)
    assert "Omdöpt pilot" in html and "<dd>0</dd>" in html  # no approved report left
    client.force_login(reporter)  # signed in: counted live, nothing cached for anyone else
    assert "Omdöpt pilot" in _get(client, url)[0]


def test_public_api_list_is_cached_and_shows_changes_at_once(client, organisation):
    from pilots.factories import PilotFactory

    url = "/api/v1/pilots/"
    first = PilotFactory(lead_organisation=organisation, title="Första piloten")
    assert client.get(url).json()["count"] == 1
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).json()["results"][0]["title"] == "Första piloten"
    assert len(ctx.captured_queries) == 0
    PilotFactory(lead_organisation=organisation, title="Andra piloten")
    first.title = "Omdöpt pilot"
    first.save()
    titles = {p["title"] for p in client.get(url).json()["results"]}
    assert titles == {"Omdöpt pilot", "Andra piloten"}
    assert client.get(url, {"search": "Andra"}).json()["count"] == 1  # searched live


def test_versions_of_a_set_of_pilots_change_with_any_of_them_and_with_the_set(pilot, organisation):
    from pilots import page_cache

    other = make_pilot(organisation)
    both = page_cache.versions_of([pilot.pk, other.pk])
    assert page_cache.versions_of([other.pk, pilot.pk]) == both  # order does not matter
    assert page_cache.versions_of([pilot.pk]) != both  # the set itself counts
    other.title = "Nytt namn"
    other.save()
    assert page_cache.versions_of([pilot.pk, other.pk]) != both


def test_a_comment_on_a_cell_marks_its_pilot_stale(pilot, period, reporter, approver):
    from pilots import page_cache
    from pilots.models import CellComment

    report = save(period, reporter)
    before = page_cache.versions_of([pilot.pk])
    indicator = pilot.indicators.first()
    CellComment.objects.create(report=report, pilot_indicator=indicator, text="Stämmer?")
    assert page_cache.versions_of([pilot.pk]) != before


def test_viewer_key_changes_with_every_role_the_rules_read(pilot, reporter, organisation):
    from django.conf import settings
    from django.contrib.auth.models import AnonymousUser, Group

    from partners.models import Membership, Role
    from pilots.models import PilotMembership
    from pilots.rules import viewer_key

    def key():
        user = type(reporter).objects.get(pk=reporter.pk)  # a fresh request's user
        return viewer_key(user)

    seen = {viewer_key(AnonymousUser()), key()}
    Membership.objects.filter(user=reporter).update(role=Role.APPROVER)
    seen.add(key())
    PilotMembership.objects.create(pilot=pilot, user=reporter, role=Role.ADMIN)
    seen.add(key())
    reporter.groups.add(Group.objects.get_or_create(name=settings.COORDINATOR_GROUP)[0])
    seen.add(key())
    organisation.status = organisation.Status.REJECTED
    organisation.save()
    seen.add(key())
    assert len(seen) == 6  # anonymous, then one key per change
