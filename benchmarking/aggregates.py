"""Peer figures computed once, when statistics change, instead of on every benchmark page.

The built-in peer sets are the same for every visitor: each SKR kommungrupp, each län, every
kommun and every region. For each set, KPI, year and kön `PeerAggregate` keeps n, the sum, the
lowest and highest value and the second lowest and highest of the members' reportable values
(the same values `StatisticValue.reportable()` lets into a live figure). The page compares an
area with its set *without* the area itself; `peer_summary` takes the area's own value out
again: n − 1, the sum less the value, and the second lowest (highest) when the value was the
lowest (highest). So the figures equal the live aggregate over the other members exactly.

Refreshed by `benchmarking.services.peer_aggregates_refresh` (a task queued after every
statistics import, and directly by seed_demo and seed_scale). Own and Kolada groups are not
precomputed (they change with their members, and there is one per kommun and user): the page
aggregates those live, over their members only.
"""

from decimal import Decimal

from django.db import connection

from benchmarking import compute
from benchmarking.models import Kpi, PeerAggregate, StatisticValue
from partners.models import Kommun, Region

SKR_PREFIX, LAN_PREFIX, ALL_KOMMUNER, ALL_REGIONS = "skr:", "lan:", "alla", "regioner"
KPIS_PER_BATCH = 20


def skr_set(skr_group: str) -> str:
    return f"{SKR_PREFIX}{skr_group}"


def lan_set(lan_code: str) -> str:
    return f"{LAN_PREFIX}{lan_code}"


def peer_sets() -> dict[str, list[str]]:
    """Every built-in peer set and its members' Kolada area ids (two queries)."""
    sets: dict[str, list[str]] = {ALL_KOMMUNER: [], ALL_REGIONS: []}
    for code, skr, lan in Kommun.objects.values_list("code", "skr_group", "region__lan_code"):
        sets[ALL_KOMMUNER].append(code)
        if skr:
            sets.setdefault(skr_set(skr), []).append(code)
        if lan:
            sets.setdefault(lan_set(lan), []).append(code)
    sets[ALL_REGIONS] = [f"00{lan}" for lan in Region.objects.values_list("lan_code", flat=True)]
    return {key: sorted(codes) for key, codes in sets.items() if codes}


def _accumulate(rows, sets_of: dict[str, list[str]]) -> dict[tuple, list]:
    """(peer set, KPI, year, kön) → [n, total, low, low2, high, high2] over (kpi, year, kön,
    area, value) rows; every value counts once in each set its area belongs to."""
    acc: dict[tuple, list] = {}
    for kpi_id, year, gender, area, value in rows:
        for key in sets_of.get(area, ()):
            a = acc.get((key, kpi_id, year, gender))
            if a is None:
                acc[(key, kpi_id, year, gender)] = [1, value, value, None, value, None]
                continue
            a[0] += 1
            a[1] += value
            if value < a[2]:
                a[2], a[3] = value, a[2]
            elif a[3] is None or value < a[3]:
                a[3] = value
            if value > a[4]:
                a[4], a[5] = value, a[4]
            elif a[5] is None or value > a[5]:
                a[5] = value
    return acc


COLUMNS = ("peer_set", "kpi_id", "year", "gender", "n", "total", "low", "low2", "high", "high2")


def _write(rows: list[tuple]) -> None:
    """Insert aggregate rows (COLUMNS order): COPY on PostgreSQL, bulk_create elsewhere."""
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(PeerAggregate._meta.db_table)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    PeerAggregate.objects.bulk_create(
        (PeerAggregate(**dict(zip(COLUMNS, row, strict=True))) for row in rows), batch_size=2000
    )


def refresh(kpi_ids=None) -> int:
    """Recompute the aggregates of these KPIs (every KPI when None); returns rows written.
    Run inside a transaction (the service's), so a page never sees a KPI half refreshed.
    Reads the reportable values a batch of KPIs at a time and sums them here: one pass, no
    sort, the same exact decimal sums the database gives."""
    kpis = Kpi.objects.all() if kpi_ids is None else Kpi.objects.filter(id__in=list(kpi_ids))
    # The KPIs locked (in id order) so two refreshes of the same KPIs run one after the other
    # instead of both inserting the same rows.
    ids = list(kpis.select_for_update().order_by("id").values_list("id", flat=True))
    stale = PeerAggregate.objects.all()
    if kpi_ids is not None:
        stale = stale.filter(kpi_id__in=list(kpi_ids))
    stale.delete()
    sets_of: dict[str, list[str]] = {}
    for key, codes in peer_sets().items():
        for code in codes:
            sets_of.setdefault(code, []).append(key)
    written = 0
    for start in range(0, len(ids), KPIS_PER_BATCH):
        values = (
            StatisticValue.objects.reportable()
            .filter(kpi_id__in=ids[start : start + KPIS_PER_BATCH])
            .values_list("kpi_id", "year", "gender", "area", "value")
            .order_by()
        )
        acc = _accumulate(values.iterator(chunk_size=20_000), sets_of)
        _write([(*key, *figures) for key, figures in acc.items()])
        written += len(acc)
    return written


def peer_summary(row: tuple | None, own: Decimal | None) -> compute.PeerSummary:
    """The peer summary of a set's aggregate row (n, total, low, low2, high, high2) without the
    compared area, whose reportable value is `own` (None when it has none)."""
    if row is None:
        return compute.summary_from_aggregate(n=0, total=None, minimum=None, maximum=None)
    n, total, low, low2, high, high2 = row
    if own is not None and n > 0:
        n, total = n - 1, total - own
        low = low2 if own == low else low
        high = high2 if own == high else high
    return compute.summary_from_aggregate(
        n=n, total=total if n else None, minimum=low, maximum=high
    )
