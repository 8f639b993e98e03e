"""The benchmark read on hand-made data: values, peer figures, ranks, trends, pilots."""

import pytest

from benchmarking import compute, selectors
from benchmarking.benchmark import benchmark_for, kolada_benchmark, map_values
from benchmarking.models import PeerGroup
from partners.models import Kommun
from pilots.factories import IndicatorFactory, PilotFactory
from pilots.models import IndicatorValue, PilotIndicator
from pilots.models.choices import ReportStatus
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values

pytestmark = pytest.mark.django_db


def _uppsala(user=None, key="lan"):
    subject = selectors.subject_for("0380")
    return subject, selectors.resolve_peers(subject=subject, key=key, user=user)


def test_lan_peers_are_the_other_kommuner_of_the_lan():
    subject, peers = _uppsala()
    assert subject.name == "Uppsala" and peers.codes == sorted(set(UPPSALA_LAN) - {"0380"})


def test_peer_mean_n_min_max_rank_and_trend_by_hand():
    kpi = make_kpi("N00001", direction="lower")
    # Peers in 2022: 10, 20, 30, 40, 50, missing, 60 → n 6, mean 35, min 10, max 60.
    peer_2022 = dict(
        zip(
            ["0305", "0319", "0330", "0331", "0360", "0381", "0382"],
            [10, 20, 30, 40, 50, None, 60],
            strict=True,
        )
    )
    table = {code: {2022: v} for code, v in peer_2022.items()}
    table["0380"] = {2020: 40, 2021: 35, 2022: 30}
    make_values(kpi.id, table)
    subject, peers = _uppsala()
    [item] = kolada_benchmark(
        subject=subject, peers=peers, kpis=[kpi], gender="T", first=2020, last=2022
    )
    assert item.rank_year == 2022 and item.latest.value == 30
    assert (item.summary.n, item.summary.mean, item.summary.minimum, item.summary.maximum) == (
        6,
        35,
        10,
        60,
    )
    # Lower is better: 10 and 20 beat 30; the peer with 30 ties → rank 3 of 7.
    assert item.rank == compute.Rank(3, 7)
    assert item.trend.movement == "down" and item.trend.judgement == "good"
    # 2 of the 6 others rank above: a third, so the middle half (the verdict follows the rank).
    assert item.comparison == "middle"
    assert item.better_peers == ["0305", "0319"]
    # 2020 and 2021 have no peer values: suppressed, not zero.
    assert item.years[0].peers.reason == compute.FEW_PEERS and item.years[0].peers.n == 0


def test_kolada_count_is_no_number_of_persons_and_hides_nothing():
    kpi = make_kpi("N00002")
    table = {code: {2022: 10 + i} for i, code in enumerate(UPPSALA_LAN)}
    # count 1 is what Kolada sends for every kommun; even an odd count hides nothing.
    make_values(kpi.id, table, counts={(c, 2022): 1 for c in UPPSALA_LAN} | {("0305", 2022): 3})
    subject, peers = _uppsala()
    [item] = kolada_benchmark(
        subject=subject, peers=peers, kpis=[kpi], gender="T", first=2022, last=2022
    )
    assert item.years[0].value == compute.Cell(15.0)  # 0380 is sixth: 10 + 5
    assert item.years[0].peers.n == 7


def test_gender_is_kept_apart():
    kpi = make_kpi("N00003")
    make_values(kpi.id, {code: {2022: 1} for code in UPPSALA_LAN}, gender="K")
    make_values(kpi.id, {code: {2022: 9} for code in UPPSALA_LAN}, gender="M")
    subject, peers = _uppsala()
    [women] = kolada_benchmark(
        subject=subject, peers=peers, kpis=[kpi], gender="K", first=2022, last=2022
    )
    [total] = kolada_benchmark(
        subject=subject, peers=peers, kpis=[kpi], gender="T", first=2022, last=2022
    )
    assert women.summary.mean == 1 and total.latest.reason == compute.MISSING


def test_custom_group_is_private_to_its_owner(outsider, other_member):
    group = PeerGroup.objects.create(name="Mina", owner=outsider)
    group.kommuner.set(Kommun.objects.filter(code__in=["0180", "1480"]))
    subject = selectors.subject_for("0380")
    peers = selectors.resolve_peers(subject=subject, key=f"grupp-{group.pk}", user=outsider)
    assert peers.codes == ["0180", "1480"]
    with pytest.raises(Exception, match="jämförelsegrupp"):
        selectors.resolve_peers(subject=subject, key=f"grupp-{group.pk}", user=other_member)


def test_region_is_compared_with_the_other_regions():
    subject = selectors.subject_for("0003")
    peers = selectors.resolve_peers(subject=subject, key="", user=None)
    assert subject.kind == "region" and len(peers.codes) == 20 and "0003" not in peers.codes


def test_map_values_by_kommun_or_region():
    kpi = make_kpi("N00004")
    make_values(kpi.id, {"0380": {2022: 5}, "0003": {2022: 7}, "0000": {2022: 6}})
    assert set(map_values(kpi_id=kpi.id, gender="T", year=2022, region_level=False)) == {"0380"}
    assert set(map_values(kpi_id=kpi.id, gender="T", year=2022, region_level=True)) == {"0003"}


def _pilot_with_values(
    kommun_codes, kolada_kpi="", values=(10,), visibility="public", indicator=None
):
    indicator = indicator or IndicatorFactory(
        kolada_kpi=kolada_kpi, direction="higher", percent=True
    )
    pilot = PilotFactory(visibility=visibility)
    pilot.kommuner.set(Kommun.objects.filter(code__in=kommun_codes))
    link = PilotIndicator.objects.create(pilot=pilot, indicator=indicator)
    for period, value in zip(pilot.periods.order_by("start"), values, strict=False):
        from pilots.factories import PeriodReportFactory

        report = PeriodReportFactory(period=period, status=ReportStatus.APPROVED)
        IndicatorValue.objects.create(report=report, pilot_indicator=link, value=value)
    return pilot, indicator


def test_pilot_results_are_averaged_per_kommun_and_year():
    _pilot, indicator = _pilot_with_values(["0380"], values=(10, 20, 30))  # three quarters of 2025
    subject, peers = _uppsala()
    items = benchmark_for(
        subject=subject, peers=peers, kpis=[], gender="T", first=2024, last=2025, user=None
    )
    [item] = [i for i in items if i.indicator_id == indicator.pk]
    assert item.origin == "pilots" and item.years[1].value.value == 20  # (10+20+30)/3
    assert item.years[0].value.reason == compute.MISSING


def test_private_pilot_results_are_not_counted_for_outsiders(outsider):
    _pilot_with_values(["0380"], visibility="private")
    subject, peers = _uppsala()
    items = benchmark_for(
        subject=subject, peers=peers, kpis=[], gender="T", first=2024, last=2025, user=outsider
    )
    assert items == []


def test_peers_doing_better_link_their_pilots_on_the_same_kolada_kpi():
    kpi = make_kpi("N00005", direction="higher")
    make_values(kpi.id, {code: {2022: 10 + i} for i, code in enumerate(UPPSALA_LAN)})
    # 0382 (value 17) is better than Uppsala 0380 (15); 0305 (10) is worse.
    better, _ = _pilot_with_values(["0382"], kolada_kpi="N00005")
    worse, _ = _pilot_with_values(["0305"], kolada_kpi="N00005")
    hidden, _ = _pilot_with_values(["0382"], kolada_kpi="N00005", visibility="private")
    subject, peers = _uppsala()
    items = benchmark_for(
        subject=subject,
        peers=peers,
        kpis=[kpi],
        gender="T",
        first=2022,
        last=2022,
        user=None,
        include_pilot_results=False,
    )
    titles = [p.title for p in items[0].pilots]
    assert titles == [better.title] and items[0].pilots[0].kommuner == ["Östhammar"]
    assert worse.title not in titles and hidden.title not in titles


def test_peer_pilot_links_carry_their_practices_from_the_learning_base():
    from learning.factories import PracticeFactory

    kpi = make_kpi("N00006", direction="higher")
    make_values(kpi.id, {code: {2022: 10 + i} for i, code in enumerate(UPPSALA_LAN)})
    better, _ = _pilot_with_values(["0382"], kolada_kpi="N00006")
    practice = PracticeFactory(original_pilot=better, title="Rökfri skoltid")
    subject, peers = _uppsala()
    [item] = benchmark_for(
        subject=subject,
        peers=peers,
        kpis=[kpi],
        gender="T",
        first=2022,
        last=2022,
        user=None,
        include_pilot_results=False,
    )
    assert item.pilots[0].practices == [("Rökfri skoltid", practice.get_absolute_url())]
