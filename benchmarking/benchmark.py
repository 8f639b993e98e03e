"""The benchmark read: an area's values against its peers, per indicator and year.

Two kinds of indicator are compared the same way:
- Kolada KPIs: StatisticValue rows as imported.
- Library indicators with approved pilot results, aggregated per kommun (see pilot_results).

The number of queries does not depend on how many kommuner, indicators or years there are: one
query for the subject's own values, one for the peers' count/sum/min/max per KPI and year (read
precomputed for the built-in peer sets, benchmarking.aggregates; a GROUP BY for a group),
one for peer values in the ranking year, plus the pilot-results and "peers piloting" queries
(and one for Kolada's own values of the group when the peers are a Kolada group).

A Kolada value is shown whenever Kolada gives one: its `count` is 1 for a kommun, region or
riket and says nothing about persons, so it never hides a value (benchmarking.compute).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Sum

from benchmarking import aggregates, compute
from benchmarking.models import Kpi, PeerAggregate, PeerGroup, StatisticValue
from benchmarking.pilot_results import PilotLink, approved_results, attach_peer_pilots
from benchmarking.selectors import Peers, Subject

KOLADA, PILOTS = "kolada", "pilots"
NO_CELL = compute.Cell(None, compute.MISSING)
NO_SUMMARY = compute.PeerSummary(0, None, None, None, compute.FEW_PEERS)
NO_RANK = compute.Rank(None, 0, compute.MISSING)
NO_TREND = compute.Trend(None, None, None, 0, compute.FEW_YEARS)


@dataclass
class YearRow:
    year: int
    value: compute.Cell
    peers: compute.PeerSummary
    is_preliminary: bool = False
    # Kolada's own value for the chosen Kolada group (its unweighted mean, members = n).
    kolada_group: compute.Cell | None = None


@dataclass
class IndicatorBenchmark:
    key: str  # "N00945" for a KPI, "ind-12" for a library indicator
    title: str
    unit: str
    direction: str
    origin: str  # KOLADA or PILOTS
    description: str = ""
    is_demo: bool = False
    kpi_id: str = ""  # the Kolada KPI (also set on library indicators that have one)
    indicator_id: int | None = None
    years: list[YearRow] = field(default_factory=list)
    rank_year: int | None = None
    latest: compute.Cell = NO_CELL
    summary: compute.PeerSummary = NO_SUMMARY
    rank: compute.Rank = NO_RANK
    trend: compute.Trend = NO_TREND
    comparison: str | None = None  # compute.standing of the rank: one rule for both
    better_peers: list[str] = field(default_factory=list)
    pilots: list[PilotLink] = field(default_factory=list)
    # Kolada's own value for a chosen Kolada group in the ranking year (members = its n).
    kolada_group: compute.Cell | None = None
    sections: list[str] = field(default_factory=list)  # HTML other apps add (see views)


def _finish(item: IndicatorBenchmark, own: dict[int, compute.Cell], peer_values: dict[str, float]):
    """Fill the latest value, its peer summary, rank, trend and the peers doing better."""
    shown = [y for y in sorted(own) if own[y].shown]
    item.trend = compute.trend(((y, own[y].value) for y in shown), item.direction)
    if item.rank_year is not None:
        year_row = next(r for r in item.years if r.year == item.rank_year)
        item.latest, item.summary = year_row.value, year_row.peers
        item.kolada_group = year_row.kolada_group
        item.rank = compute.rank(item.latest.value, peer_values.values(), item.direction)
        item.comparison = compute.standing(item.rank.position, item.rank.of)
        item.better_peers = sorted(
            code
            for code, v in peer_values.items()
            if compute.is_better(v, item.latest.value, item.direction)
        )
    elif item.years:
        item.latest, item.summary = item.years[-1].value, item.years[-1].peers
        item.rank = compute.rank(None, peer_values.values(), item.direction)


def _kolada_group_id(peers: Peers) -> str:
    """The Kolada group id when the peers are a group read in from Kolada, else ""."""
    group = peers.group
    if group is None or group.kind != PeerGroup.Kind.KOLADA or not group.external_id:
        return ""
    return group.external_id.upper()


def _peer_summaries(base, peers: Peers, ids, gender, first, last, own_values) -> dict:
    """(KPI, year) → the peers' summary (one query). A built-in peer set reads its precomputed
    figures and takes the subject's own value out (benchmarking.aggregates); a group of
    kommuner is aggregated live over its members."""
    if peers.aggregate_set:
        rows = PeerAggregate.objects.filter(
            peer_set=peers.aggregate_set,
            kpi_id__in=ids,
            gender=gender,
            year__gte=first,
            year__lte=last,
        ).values_list("kpi_id", "year", "n", "total", "low", "low2", "high", "high2")
        return {
            (kpi_id, year): aggregates.peer_summary(figures, own_values.get((kpi_id, year)))
            for kpi_id, year, *figures in rows
        }
    live = (
        base.reportable()
        .filter(area__in=peers.codes)
        .values("kpi_id", "year")
        .annotate(n=Count("id"), total=Sum("value"), low=Min("value"), high=Max("value"))
        .order_by()
    )
    return {
        (a["kpi_id"], a["year"]): compute.summary_from_aggregate(
            n=a["n"], total=a["total"], minimum=a["low"], maximum=a["high"]
        )
        for a in live
    }


def kolada_benchmark(
    *, subject: Subject, peers: Peers, kpis: list[Kpi], gender: str, first: int, last: int
) -> list[IndicatorBenchmark]:
    """Benchmark KPIs from imported statistics (three queries whatever the sizes)."""
    if not kpis:
        return []
    ids = [k.id for k in kpis]
    base = StatisticValue.objects.filter(
        kpi_id__in=ids, gender=gender, year__gte=first, year__lte=last
    )
    own: dict[str, dict[int, tuple]] = defaultdict(dict)
    own_values: dict[tuple[str, int], Decimal] = {}  # as stored, to take out of the set's sum
    for kpi_id, year, value, status, prel in base.filter(area=subject.code).values_list(
        "kpi_id", "year", "value", "status", "is_preliminary"
    ):
        own[kpi_id][year] = (compute.kolada_cell(value, status), prel)
        if value is not None:
            own_values[(kpi_id, year)] = value
    group_values = {}
    group_id = _kolada_group_id(peers)
    if group_id:
        group_values = {
            (kpi_id, year): compute.kolada_cell(value, status, count=count, is_group=True)
            for kpi_id, year, value, status, count in base.filter(area=group_id).values_list(
                "kpi_id", "year", "value", "status", "count"
            )
        }
    summaries = _peer_summaries(base, peers, ids, gender, first, last, own_values)
    rank_years = {
        kpi_id: max((y for y, (c, _) in years.items() if c.shown), default=None)
        for kpi_id, years in own.items()
    }
    wanted = {(k, y) for k, y in rank_years.items() if y is not None}
    peer_values: dict[str, dict[str, float]] = defaultdict(dict)
    if wanted:
        rows = (
            base.reportable()
            .filter(area__in=peers.codes, year__in={y for _, y in wanted})
            .values_list("kpi_id", "year", "area", "value")
        )
        for kpi_id, year, area, value in rows:
            if (kpi_id, year) in wanted:
                peer_values[kpi_id][area] = float(value)
    empty = compute.peer_summary([])
    result = []
    for kpi in kpis:
        item = IndicatorBenchmark(
            key=kpi.id,
            title=kpi.title,
            unit=kpi.unit,
            direction=kpi.direction,
            origin=KOLADA,
            description=kpi.description,
            is_demo=kpi.is_demo,
            kpi_id=kpi.id,
            rank_year=rank_years.get(kpi.id),
        )
        mine = own.get(kpi.id, {})
        for year in range(first, last + 1):
            value, prel = mine.get(year, (compute.Cell(None, compute.MISSING), False))
            item.years.append(
                YearRow(
                    year,
                    value,
                    summaries.get((kpi.id, year), empty),
                    prel,
                    group_values.get((kpi.id, year)) if group_id else None,
                )
            )
        _finish(item, {y: c for y, (c, _) in mine.items()}, peer_values.get(kpi.id, {}))
        result.append(item)
    return result


def pilot_benchmark(
    *,
    subject: Subject,
    peers: Peers,
    gender: str,
    first: int,
    last: int,
    user,
    indicator_ids: list[int] | None = None,
) -> list[IndicatorBenchmark]:
    """Benchmark library indicators on approved pilot results (two queries)."""
    indicators, values = approved_results(
        areas=[subject.code, *peers.codes],
        region_level=not subject.is_kommun,
        gender=gender,
        first=first,
        last=last,
        user=user,
        indicator_ids=indicator_ids,
    )
    result = []
    for indicator in indicators:
        by_area = values.get(indicator.pk, {})
        mine = by_area.get(subject.code, {})
        item = IndicatorBenchmark(
            key=f"ind-{indicator.pk}",
            title=indicator.name,
            unit=indicator.unit,
            direction=indicator.direction,
            origin=PILOTS,
            description=indicator.definition,
            kpi_id=indicator.kolada_kpi,
            indicator_id=indicator.pk,
        )
        for year in range(first, last + 1):
            peer_cells = [by_area.get(code, {}).get(year) for code in peers.codes]
            summary = compute.peer_summary(c.value for c in peer_cells if c is not None)
            item.years.append(
                YearRow(year, mine.get(year, compute.Cell(None, compute.MISSING)), summary)
            )
        item.rank_year = max((y for y, c in mine.items() if c.shown), default=None)
        peer_values = {}
        if item.rank_year is not None:
            for code in peers.codes:
                cell = by_area.get(code, {}).get(item.rank_year)
                if cell is not None and cell.shown:
                    peer_values[code] = cell.value
        _finish(item, mine, peer_values)
        result.append(item)
    return result


def benchmark_for(
    *,
    subject: Subject,
    peers: Peers,
    kpis: list[Kpi],
    gender: str,
    first: int,
    last: int,
    user,
    include_pilot_results: bool = True,
) -> list[IndicatorBenchmark]:
    """Every indicator's benchmark for the subject: KPIs first, then library indicators with
    approved pilot results; each with links to pilots in peers doing better (constant queries)."""
    items = kolada_benchmark(
        subject=subject, peers=peers, kpis=kpis, gender=gender, first=first, last=last
    )
    if include_pilot_results:
        items += pilot_benchmark(
            subject=subject, peers=peers, gender=gender, first=first, last=last, user=user
        )
    attach_peer_pilots(items, region_level=not subject.is_kommun, user=user)
    return items


def map_values(
    *, kpi_id: str, gender: str, year: int, region_level: bool
) -> dict[str, compute.Cell]:
    """Every kommun's (or region's) value of one KPI in one year, for the map (one query):
    Kolada's values as published, a null with Kolada's status."""
    qs = StatisticValue.objects.filter(kpi_id=kpi_id, gender=gender, year=year)
    qs = qs.regioner() if region_level else qs.kommuner()
    return {
        area: compute.kolada_cell(value, status)
        for area, value, status in qs.values_list("area", "value", "status")
    }
