"""The benchmark page's results are cached for anonymous visitors; every change they show
appears at once. A kommun that changes SKR kommungrupp or län gets its peer figures recomputed."""

from decimal import Decimal

import pytest
from django.test import Client

from benchmarking import services
from benchmarking.importing import Row
from benchmarking.models import PeerAggregate
from partners.models import Kommun
from pilots.factories import IndicatorFactory, PeriodReportFactory, PilotFactory
from pilots.models import IndicatorValue, PilotIndicator
from pilots.models.choices import ReportStatus
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values

pytestmark = pytest.mark.django_db

URL = "/jamfor/0380/?jamfor=lan&fran=2021&till=2025"


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def kpi():
    kpi = make_kpi("N00201", direction="higher", title="Andel som motionerar")
    make_values(kpi.id, {code: {2022: 10 + i} for i, code in enumerate(UPPSALA_LAN)})
    return kpi


def _results(html: str) -> str:
    return html.split('id="bm-summary"')[1]


def test_anonymous_results_are_cached_without_a_csrf_token(client, kpi):
    first = _results(_page(client))
    assert "Andel som motionerar" in first and "csrfmiddlewaretoken" not in first
    assert _results(_page(client)) == first


def test_an_import_shows_at_once(client, kpi, django_capture_on_commit_callbacks):
    assert "98,5" not in _page(client)
    row = Row(
        ref="1",
        kpi=kpi.id,
        area="0380",
        year=2023,
        gender="T",
        value=Decimal("98.5"),
        count=None,
        status="",
        preliminary=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.statistics_import(rows=[row], parse_errors=[], file_name="x.csv", kind="csv")
    assert "98,5" in _page(client)


def test_a_kpi_renamed_shows_at_once(client, kpi):
    _page(client)
    kpi.title = "Andel som cyklar"
    kpi.save()
    assert "Andel som cyklar" in _page(client)


def test_an_approved_pilot_result_shows_at_once(client, kpi):
    indicator = IndicatorFactory(name="Andel som går i gågrupper", direction="higher", percent=True)
    pilot = PilotFactory(visibility="public")
    pilot.kommuner.set(Kommun.objects.filter(code="0380"))
    link = PilotIndicator.objects.create(pilot=pilot, indicator=indicator)
    report = PeriodReportFactory(period=pilot.periods.order_by("start").first())
    IndicatorValue.objects.create(report=report, pilot_indicator=link, value=12)
    assert "Andel som går i gågrupper" not in _page(client)  # not approved yet
    report.status = ReportStatus.APPROVED
    report.save()
    assert "Andel som går i gågrupper" in _page(client)


def test_signed_in_users_get_their_own_results_not_the_anonymous_ones(client, kpi, coordinator):
    indicator = IndicatorFactory(name="Hemlig indikator", direction="higher", percent=True)
    pilot = PilotFactory(visibility="private")
    pilot.kommuner.set(Kommun.objects.filter(code="0380"))
    link = PilotIndicator.objects.create(pilot=pilot, indicator=indicator)
    report = PeriodReportFactory(
        period=pilot.periods.order_by("start").first(), status=ReportStatus.APPROVED
    )
    IndicatorValue.objects.create(report=report, pilot_indicator=link, value=12)
    assert "Hemlig indikator" not in _page(client)
    signed_in = Client()
    signed_in.force_login(coordinator)
    assert "Hemlig indikator" in _page(signed_in)
    assert "Hemlig indikator" not in _page(client)


def test_unknown_parameters_are_left_out_of_the_cached_links(client, kpi):
    html = _results(_page(client))
    other = _results(client.get(URL + "&utm_source=x").content.decode())
    assert "utm_source" not in other and other == html


def _lan_n(kpi, lan: str) -> int:
    return PeerAggregate.objects.get(peer_set=f"lan:{lan}", kpi=kpi, year=2022, gender="T").n


def _skr_n(kpi, group: str) -> int:
    row = PeerAggregate.objects.filter(peer_set=f"skr:{group}", kpi=kpi, year=2022, gender="T")
    return row.first().n if row.exists() else 0


def test_a_kommun_moved_to_another_skr_group_gets_its_peer_figures_recomputed(
    client, kpi, django_capture_on_commit_callbacks
):
    kommun = Kommun.objects.get(code="0305")
    old, new = (
        kommun.skr_group,
        next(
            g for g in Kommun.objects.values_list("skr_group", flat=True) if g != kommun.skr_group
        ),
    )
    before_old, before_new = _skr_n(kpi, old), _skr_n(kpi, new)
    with django_capture_on_commit_callbacks(execute=True):
        kommun.skr_group = new
        kommun.save()
    assert (_skr_n(kpi, old), _skr_n(kpi, new)) == (before_old - 1, before_new + 1)


def test_a_kommun_saved_unchanged_queues_no_refresh(kpi, django_capture_on_commit_callbacks):
    kommun = Kommun.objects.get(code="0305")
    with django_capture_on_commit_callbacks() as callbacks:
        kommun.population = (kommun.population or 0) + 1
        kommun.save()
    assert callbacks == []


def test_a_kommun_moved_to_another_lan_in_the_admin_moves_its_peer_figures(
    client, kpi, coordinator, django_capture_on_commit_callbacks
):
    from partners.groups import ensure_coordinator_group

    ensure_coordinator_group()
    kommun = Kommun.objects.select_related("region").get(code="0305")
    other = Kommun.objects.exclude(region=kommun.region).select_related("region").first().region
    assert _lan_n(kpi, kommun.region.lan_code) == len(UPPSALA_LAN)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/admin/partners/kommuner/edit/{kommun.pk}/",
            {
                "name": kommun.name,
                "region": other.pk,
                "skr_group": kommun.skr_group,
                "population": kommun.population or "",
                "population_year": kommun.population_year or "",
            },
        )
    assert response.status_code == 302
    assert _lan_n(kpi, "03") == len(UPPSALA_LAN) - 1
    assert _lan_n(kpi, other.lan_code) == 1
