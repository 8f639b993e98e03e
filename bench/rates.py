"""Write rates: the bulk value import against a raw COPY of the same rows, and search reindex.

Both run in the benchmark database and leave it as they found it: the import's scratch pilot,
its reports and every written value live in one transaction that is rolled back; the reindex
rewrites the search documents the seed already built (the same rows again, every one of them:
`force`, so documents whose content digest is unchanged are not skipped).
"""

import csv
import datetime as dt
import io
import statistics
import time
import uuid
from decimal import Decimal

from django.db import connection, transaction

PERIODS = 24  # two years of monthly periods
BANDS = ["0-17", "18-64", "65+"]
CELLS_PER_INDICATOR = PERIODS * 3 * (1 + len(BANDS))  # kön T/K/M × all ages + three bands


class _Rollback(Exception):
    pass


def _scratch_pilot(*, organisation, rows: int):
    """A pilot with enough monthly periods × indicators × kön × age bands for `rows` cells."""
    from pilots.factories import IndicatorFactory, PilotFactory
    from pilots.models import Cadence, PeriodReport, PilotIndicator

    tag = uuid.uuid4().hex[:8]
    pilot = PilotFactory(
        title=f"Bench import {tag}",
        slug=f"bench-import-{tag}",
        lead_organisation=organisation,
        start_date=dt.date(2024, 1, 1),
        end_date=dt.date(2025, 12, 31),
        plan=Cadence.MONTH,
    )
    for order in range(-(-rows // CELLS_PER_INDICATOR)):
        PilotIndicator.objects.create(
            pilot=pilot,
            indicator=IndicatorFactory(
                name=f"Bench import {tag} {order}", by_gender=True, age_bands=BANDS
            ),
            order=order,
        )
    reports = {
        period.pk: PeriodReport.objects.create(period=period, pilot=pilot)
        for period in pilot.periods.order_by("start")
    }
    return pilot, reports


def _cells(pilot, rows: int) -> list[tuple]:
    """(period id, pilot indicator id, kön, band, value) for the first `rows` cells."""
    cells = [
        (period.pk, link.pk, gender, band, Decimal(10 + (n % 90)))
        for period in pilot.periods.order_by("start")
        for link in pilot.indicators.select_related("indicator").order_by("order")
        for gender in link.indicator.genders
        for n, band in enumerate(link.indicator.bands)
    ]
    return cells[:rows]


def _csv(cells) -> bytes:
    from pilots.imports import COLUMNS

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for period, link, gender, band, value in cells:
        writer.writerow([period, "", link, "", "", "", gender, band, value, "", "", ""])
    return out.getvalue().encode()


def _copy(cells, reports) -> float:
    """Seconds to COPY the cells into the value table (psycopg 3's COPY FROM STDIN)."""
    from pilots.models import IndicatorValue

    table = IndicatorValue._meta.db_table
    columns = "report_id, pilot_indicator_id, gender, age_band, value, numerator, denominator, text"
    started = time.perf_counter()
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for period, link, gender, band, value in cells:
            copy.write_row((reports[period].pk, link, gender, band, value, None, None, ""))
    return time.perf_counter() - started


def _import(pilot, actor, raw: bytes, rows: int) -> float:
    """Seconds for the report form's import service to validate and write the file."""
    from pilots.imports import import_values

    started = time.perf_counter()
    result = import_values(pilot=pilot, actor=actor, name="bench.csv", raw=raw)
    seconds = time.perf_counter() - started
    if not result.ok or result.written != rows:
        raise RuntimeError(f"import wrote {result.written} of {rows} rows: {result.errors[:3]}")
    return seconds


def _rolled_back(run) -> float:
    savepoint = transaction.savepoint()
    try:
        return run()
    finally:
        transaction.savepoint_rollback(savepoint)


def import_rate(*, organisation, actor, rows: int, repeats: int = 7) -> dict:
    """Rows/second of `pilots.imports.import_values` and of a raw COPY of the same rows.

    Each attempt runs in a savepoint that is rolled back; the median attempt counts. One
    attempt of each first, not counted: the process's first import loads what every later one
    reuses (modules, translations, the content type), as the reindex's warm-up does. Then seven
    of each, taking turns: on this machine a 15 ms COPY takes up to half as long again from
    one attempt to the next, and the median of three often landed on a slow one.
    """
    if connection.vendor != "postgresql":
        raise RuntimeError("the COPY comparison needs PostgreSQL")
    copy_seconds, import_seconds = [], []
    try:
        with transaction.atomic():
            pilot, reports = _scratch_pilot(organisation=organisation, rows=rows)
            cells = _cells(pilot, rows)
            raw = _csv(cells)
            for attempt in range(repeats + 1):
                # Which goes first alternates, so neither always follows the other's writes.
                if attempt % 2:
                    copied = _rolled_back(lambda: _copy(cells, reports))
                    imported = _rolled_back(lambda: _import(pilot, actor, raw, len(cells)))
                else:
                    imported = _rolled_back(lambda: _import(pilot, actor, raw, len(cells)))
                    copied = _rolled_back(lambda: _copy(cells, reports))
                if attempt:  # the first of each warms up
                    copy_seconds.append(copied)
                    import_seconds.append(imported)
            raise _Rollback
    except _Rollback:
        pass
    service = len(cells) / statistics.median(import_seconds)
    copy = len(cells) / statistics.median(copy_seconds)
    # The median over the attempts of each COPY's time over the import's beside it, a tenth
    # of a second apart: this machine's speed changes for seconds at a time, and a slow spell
    # over three imports and no COPY moved the ratio of the two medians by a fifth from one run
    # to the next. bench.report judges both, this and the ratio of the medians.
    paired = [c / i for c, i in zip(copy_seconds, import_seconds, strict=True)]
    return {
        "rows": len(cells),
        "repeats": repeats,
        "service_seconds": round(statistics.median(import_seconds), 3),
        "copy_seconds": round(statistics.median(copy_seconds), 4),
        "service_rows_per_s": round(service, 1),
        "copy_rows_per_s": round(copy, 1),
        "ratio": round(statistics.median(paired), 3),
        "ratio_of_medians": round(service / copy, 3),
        "ratios": [round(r, 3) for r in paired],
    }


def reindex_rate(*, limit: int = 5000, batch_size: int = 500, repeats: int = 3) -> dict:
    """Documents/second of a full search reindex through the document builders.

    Every document is rebuilt and rewritten (`force`, what `manage.py search_reindex --force`
    runs): the seed has just indexed the same data, and without `force` the store would skip
    every document whose content digest is unchanged, measuring a read of digests instead of a
    reindex. Up to `limit` objects: a full `reindex_all`. Beyond,
    a full national rebuild takes many minutes, so the rate comes from the same batch path that
    `reindex_all` takes (each document type's builder, then `backend.index`) over the first
    objects of every type in proportion to their numbers, `limit` in all. The median of
    `repeats` runs: a rate in documents per second is an absolute figure, and this machine's
    CPUs run at half speed for seconds at a time (the 1× reindex took 0.36 s in one run and
    0.78 s in the next, with twice the CPU time).
    """
    from core.collections_pause import heap_set_aside
    from search.backends import get_backend
    from search.documents import SOURCES
    from search.services import reindex_all

    totals = {doc_type: queryset().count() for doc_type, (queryset, _build) in SOURCES.items()}
    # Untimed: one document of each type built and written, so what every process pays once
    # (URL patterns, the hunspell dictionary and the stemmer, which only writing loads, imports,
    # the cache connection) is not charged to a rate of 5 000 documents.
    backend = get_backend()
    for queryset, build in SOURCES.values():
        first = queryset().order_by("pk").values_list("pk", flat=True)[:1]
        backend.index(build(queryset().filter(pk__in=list(first))), force=True)

    def run() -> tuple[int, float, str]:
        if sum(totals.values()) <= limit:
            report = reindex_all(batch_size=batch_size, force=True)
            return report.documents, report.seconds, "full reindex_all"
        documents = 0
        started = time.perf_counter()
        with heap_set_aside():  # as reindex_all runs its batches
            for doc_type, (queryset, build) in SOURCES.items():
                share = max(1, limit * totals[doc_type] // sum(totals.values()))
                ids = list(queryset().order_by("pk").values_list("pk", flat=True)[:share])
                for start in range(0, len(ids), batch_size):
                    docs = build(queryset().filter(pk__in=ids[start : start + batch_size]))
                    backend.index(docs, force=True)
                    documents += len(docs)
        mode = f"first {limit} of {sum(totals.values())}"
        return documents, time.perf_counter() - started, mode

    runs, cpus = [], []
    for _ in range(repeats):
        cpu_started = time.process_time()
        runs.append(run())
        # This process's CPU time too: on a shared machine the wall time says more about the
        # load.
        cpus.append(time.process_time() - cpu_started)
    documents, seconds, mode = sorted(runs, key=lambda r: r[1])[len(runs) // 2]
    cpu = statistics.median(cpus)
    return {
        "documents": documents,
        "objects": sum(totals.values()),
        "mode": mode,
        "repeats": repeats,
        "seconds": round(seconds, 2),
        "per_second": round(documents / seconds, 1) if seconds else None,
        "per_second_each": [round(d / s, 1) for d, s, _mode in runs if s],
        "cpu_seconds": round(cpu, 2),
        "per_cpu_second": round(documents / cpu, 1) if cpu else None,
    }
