"""What users see: the practice page's estimates, the CSV, the API, the appraisal form and the
benchmark page's "kommuner like yours that improved"."""

import csv
import io

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from evidence import services
from evidence.models import OutcomeChoice, ReassessmentFlag
from learning.factories import AppraisalFactory

from .conftest import adoptions, make_kpi_values, make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def estimated():
    adopted = adoptions(10)
    practice = make_practice(adopted, title='=HYPERLINK("x") Träffpunkter')
    kpi = make_kpi_values("N20001", adopted, effect=3.0)
    OutcomeChoice.objects.create(practice=practice, kpi=kpi)
    thin = make_practice(adoptions(2, offset=20), title="Tunn praktik")
    OutcomeChoice.objects.create(practice=thin, kpi=kpi)
    services.estimates_recompute()
    return practice, thin, kpi


def test_practice_page_shows_effect_chart_table_checks_and_caveats(client, estimated):
    practice, _thin, _kpi = estimated
    response = client.get(practice.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Effekt i kommunerna som infört arbetssättet" in html
    assert "Förbättring:" in html and "procentenheter" in html
    assert '<svg class="effect-chart"' in html and "<table" in html
    assert "Trenden före införandet" in html and "Placebotest" in html
    assert "En enkel före–efter-jämförelse" in html
    assert "parallella trender" in html
    assert "10 kommuner har infört" in html


def test_too_few_adopters_shows_no_number_and_why(client, estimated):
    _practice, thin, _kpi = estimated
    html = client.get(thin.get_absolute_url()).content.decode()
    assert "Ingen skattning visas." in html
    assert "minst 3" in html
    assert 'class="effect-chart"' not in html


def test_practice_page_reads_stored_estimates_in_few_queries(
    client, estimated, django_assert_max_num_queries
):
    practice, _thin, _kpi = estimated
    client.get(practice.get_absolute_url())
    with django_assert_max_num_queries(60):
        client.get(practice.get_absolute_url())


def test_csv_has_every_year_and_neutralises_formulas(client, estimated):
    practice, _thin, _kpi = estimated
    response = client.get(reverse("evidence:practice_csv", args=[practice.slug]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "praktik"
    assert rows[1][0].startswith("'=HYPERLINK")
    assert rows[1][6] == "samtliga" and float(rows[1][7]) > 0
    assert len(rows) > 5


def test_api_lists_estimates_with_filters(client, estimated):
    practice, _thin, _kpi = estimated
    response = client.get("/api/v1/effect-estimates/", {"practice": practice.slug})
    data = response.json()
    assert response.status_code == 200 and data["count"] == 1
    row = data["results"][0]
    assert row["kpi"] == "N20001" and row["shown"] and row["excludes_zero"]
    assert row["by_year"][0]["e"] == -5
    shown = client.get("/api/v1/effect-estimates/", {"shown": "true"}).json()
    assert shown["count"] == 1  # the thin practice has no number


def test_appraisal_form_shows_live_estimate_and_flags(client, appraiser, estimated):
    practice, _thin, kpi = estimated
    appraisal = AppraisalFactory(practice=practice)
    ReassessmentFlag.objects.create(
        appraisal=appraisal,
        kpi=kpi,
        gender="T",
        reason=ReassessmentFlag.Reason.NOW_EXCLUDES_ZERO,
        estimate=3.0,
        ci_low=2.0,
        ci_high=4.0,
    )
    client.force_login(appraiser)
    html = client.get(appraisal.get_absolute_url()).content.decode()
    assert "Aktuell effektskattning" in html and "Förbättring:" in html
    assert "Flaggad för omprövning" in html
    response = client.post(reverse("evidence:flags_resolve", args=[appraisal.pk]))
    assert response.status_code == 302
    assert not ReassessmentFlag.objects.filter(resolved_at__isnull=True).exists()


def test_appraisal_group_adds_an_outcome_kpi_and_others_may_not(client, appraiser, reporter):
    practice = make_practice(adoptions(3), title="Ny praktik")
    make_kpi_values("N20002", {}, effect=0.0)
    url = reverse("evidence:outcome_choose", args=[practice.slug])
    client.force_login(reporter)
    assert client.post(url, {"kpi": "N20002"}).status_code == 403
    client.force_login(appraiser)
    response = client.post(url, {"kpi": "N20002"})
    assert response.status_code == 302
    assert OutcomeChoice.objects.filter(practice=practice, kpi_id="N20002").exists()


def test_benchmark_page_shows_peers_that_improved_and_what_they_did(client, estimated):
    practice, _thin, kpi = estimated
    # A kommun that is not an adopter and lags: take the lowest 2024 value among the 80.
    from benchmarking.models import StatisticValue

    lowest = StatisticValue.objects.filter(kpi=kpi, year=2024, gender="T").order_by("value").first()
    from partners.models import Kommun

    kommun = Kommun.objects.get(code=lowest.area)
    group = Kommun.objects.filter(
        code__in=list(practice.adoptions.values_list("kommun_code", flat=True))
    )
    from benchmarking.models import PeerGroup

    peers = PeerGroup.objects.create(name="Grannar", kind=PeerGroup.Kind.IMPORTED)
    peers.kommuner.set([*list(group), kommun])
    response = client.get(
        reverse("benchmarking:benchmark", args=[kommun.code]),
        {"jamfor": f"grupp-{peers.pk}", "fran": 2015, "till": 2024},
    )
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    assert "Kommuner som liknar er och som förbättrats" in html
    assert practice.title in html or "HYPERLINK" in html
    assert "effektskattning:" in html


def test_peers_that_improved_costs_the_same_queries_for_one_kpi_or_many(
    django_assert_max_num_queries,
):
    """The benchmark page asks for every KPI its kommun lags on at once: the number of queries
    does not grow with the number of KPIs."""
    from evidence import selectors
    from partners.models import Kommun

    adopted = adoptions(10)
    make_practice(adopted, title="Praktik")
    kpis = [make_kpi_values(f"N2100{n}", adopted, effect=3.0) for n in range(3)]
    peers = dict(Kommun.objects.filter(code__in=list(adopted)).values_list("code", "name"))

    def count(wanted):
        with django_assert_max_num_queries(10) as ctx:
            found = selectors.peers_that_improved_on(
                wanted, gender="T", peers=peers, user=AnonymousUser()
            )
        assert found and all(found.values())
        return len(ctx.captured_queries)

    one = count([(kpis[0].pk, kpis[0].direction, 2024)])
    assert count([(k.pk, k.direction, 2024) for k in kpis]) == one
