"""The precomputed peer figures (benchmarking.aggregates) agree with a direct computation, and a
statistics import queues their refresh."""

import dataclasses
import random
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from benchmarking import aggregates, selectors, services
from benchmarking.benchmark import kolada_benchmark
from benchmarking.importing import Row
from benchmarking.models import PeerAggregate, StatisticValue
from partners.models import Kommun
from tests.benchmarking.helpers import make_kpi, make_values

pytestmark = pytest.mark.django_db

YEARS = range(2019, 2024)
ANONYMOUS = AnonymousUser()


def _live(peers):
    """The same peers without their precomputed set: aggregated over the members directly."""
    return dataclasses.replace(peers, aggregate_set="")


def _random_values(kpi_id: str, codes: list[str], rng: random.Random, gender: str) -> None:
    # Few distinct values, so ties at the lowest and highest are common; some missing.
    make_values(
        kpi_id,
        {
            code: {
                year: None if rng.random() < 0.1 else rng.choice([1, 2, 2.5, 3, 3, 7.25, 9])
                for year in YEARS
            }
            for code in codes
        },
        gender=gender,
    )


def test_precomputed_peer_figures_equal_the_live_aggregate_for_every_peer_set():
    rng = random.Random(7)
    codes = list(Kommun.objects.order_by("code").values_list("code", flat=True))
    regions = sorted({f"00{c[:2]}" for c in codes})
    kpis = [make_kpi("N00101", direction="higher"), make_kpi("N00102", direction="lower")]
    for kpi in kpis:
        for gender in "TK":
            _random_values(kpi.id, codes + regions, rng, gender)
    subjects = ["0380", "0180", "1480", "2584", "0114", "0010", "0001"]
    compared = 0
    for code in subjects:
        subject = selectors.subject_for(code)
        for key, _label in selectors.peer_choices(subject=subject, user=ANONYMOUS):
            peers = selectors.resolve_peers(subject=subject, key=key, user=ANONYMOUS)
            assert peers.aggregate_set, key  # every built-in choice is precomputed
            for gender in "TKM":
                args = {"kpis": kpis, "gender": gender, "first": YEARS[0], "last": YEARS[-1]}
                stored = kolada_benchmark(subject=subject, peers=peers, **args)
                direct = kolada_benchmark(subject=subject, peers=_live(peers), **args)
                for a, b in zip(stored, direct, strict=True):
                    assert [r.peers for r in a.years] == [r.peers for r in b.years]
                    assert (a.summary, a.rank, a.comparison) == (b.summary, b.rank, b.comparison)
                    compared += len(a.years)
    assert compared > 300


def test_the_area_itself_is_taken_out_when_it_is_the_lowest_or_highest():
    kpi = make_kpi("N00103")
    lan = ["0305", "0319", "0330", "0331", "0360", "0380", "0381", "0382"]
    # Uppsala (0380) is the only lowest; 0381 and 0382 tie at the highest.
    values = dict(zip(lan, [5, 6, 7, 8, 9, 1, 12, 12], strict=True))
    make_values(kpi.id, {code: {2022: v} for code, v in values.items()})
    subject = selectors.subject_for("0380")
    peers = selectors.resolve_peers(subject=subject, key="lan", user=ANONYMOUS)
    [item] = kolada_benchmark(
        subject=subject, peers=peers, kpis=[kpi], gender="T", first=2022, last=2022
    )
    summary = item.years[0].peers
    assert (summary.n, summary.mean, summary.minimum, summary.maximum) == (7, 59 / 7, 5, 12)
    row = PeerAggregate.objects.get(peer_set=peers.aggregate_set, kpi=kpi, year=2022)
    assert (row.n, row.low, row.low2, row.high, row.high2) == (8, 1, 5, 12, 12)


def test_peer_sets_follow_the_reference_data():
    sets = aggregates.peer_sets()
    kommun = Kommun.objects.select_related("region").get(code="0380")
    assert "0380" in sets[aggregates.skr_set(kommun.skr_group)]
    assert "0380" in sets[aggregates.lan_set(kommun.region.lan_code)]
    assert len(sets[aggregates.ALL_KOMMUNER]) == Kommun.objects.count()
    assert all(code.startswith("00") for code in sets[aggregates.ALL_REGIONS])


def _row(kpi_id: str, area: str, value: Decimal) -> Row:
    return Row(
        ref="1",
        kpi=kpi_id,
        area=area,
        year=2022,
        gender="T",
        value=value,
        count=None,
        status="",
        preliminary=False,
    )


def test_an_import_queues_the_refresh_of_the_kpis_it_changed(django_capture_on_commit_callbacks):
    kpi = make_kpi("N00104")
    make_values(kpi.id, {"0305": {2022: 1}, "0319": {2022: 2}})
    row = PeerAggregate.objects.get(peer_set="lan:03", kpi=kpi, year=2022, gender="T")
    assert row.n == 2
    rows = [
        _row(kpi.id, "0330", Decimal("3")),
        _row(kpi.id, "0305", Decimal("4")),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        run = services.statistics_import(rows=rows, parse_errors=[], file_name="x.csv", kind="csv")
    assert run.status == "succeeded"
    row = PeerAggregate.objects.get(peer_set="lan:03", kpi=kpi, year=2022, gender="T")
    assert (row.n, row.total, row.low, row.high) == (3, Decimal("9"), 2, 4)
    stored = StatisticValue.objects.filter(kpi=kpi, area__in=["0305", "0319", "0330"])
    assert sorted(v.value for v in stored) == [2, 3, 4]


def test_a_failed_import_queues_nothing(django_capture_on_commit_callbacks):
    kpi = make_kpi("N00105")
    with django_capture_on_commit_callbacks() as callbacks:
        run = services.statistics_import(
            rows=[_row(kpi.id, "9999", Decimal("1"))],
            parse_errors=[],
            file_name="x.csv",
            kind="csv",
        )
    assert run.status == "failed" and callbacks == []
