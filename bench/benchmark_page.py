"""Server time of the benchmark page at 290 kommuner × 50 indicators × 15 years × 3 genders.

    createdb -h 127.0.0.1 -U postgres pp_bench_bm        # once; a private database
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pp_bench_bm
    .venv/bin/python bench/benchmark_page.py

Migrates the database, seeds the statistics once (652 500 values; skipped when present) and
requests /jamfor/<kommun>/ about 30 times through the Django test client, for different kommuner
and peer groups, then prints p50/p95 of the server time and the number of queries per request.
"""

import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from benchmarking.models import Kpi, PeerAggregate, StatisticValue  # noqa: E402
from benchmarking.services import peer_aggregates_refresh  # noqa: E402
from partners.models import Kommun  # noqa: E402

KPIS, YEARS, GENDERS, REQUESTS = 50, range(2010, 2025), ("T", "K", "M"), 30


def seed() -> None:
    ids = [f"U{n:05d}" for n in range(1, KPIS + 1)]
    if StatisticValue.objects.filter(kpi_id__in=ids).count() >= KPIS * 290 * len(YEARS) * 3:
        print("Statistics already seeded.")
        if not PeerAggregate.objects.filter(kpi_id__in=ids).exists():  # seeded before them
            peer_aggregates_refresh(kpi_ids=ids)
        return
    StatisticValue.objects.filter(kpi_id__in=ids).delete()
    Kpi.objects.bulk_create(
        [
            Kpi(
                id=i,
                title=f"Benchmark-KPI {i}",
                unit="%",
                direction=random.choice(["higher", "lower"]),
                is_demo=True,
            )
            for i in ids
        ],
        ignore_conflicts=True,
    )
    rng, now = random.Random(1), timezone.now()
    codes = list(Kommun.objects.values_list("code", flat=True))
    rows = []
    started = time.perf_counter()
    for kpi in ids:
        for code in codes:
            level = rng.uniform(5, 80)
            for year in YEARS:
                for gender in GENDERS:
                    value = (
                        None if rng.random() < 0.01 else Decimal(f"{level + rng.gauss(0, 2):.1f}")
                    )
                    rows.append(
                        StatisticValue(
                            kpi_id=kpi,
                            area=code,
                            year=year,
                            gender=gender,
                            value=value,
                            imported_at=now,
                            source="bench",
                        )
                    )
        StatisticValue.objects.bulk_create(rows, batch_size=5000)
        rows.clear()
    # The peer figures the page reads, as the task after an import computes them.
    peer_aggregates_refresh(kpi_ids=ids)
    print(
        f"Seeded {StatisticValue.objects.filter(kpi_id__in=ids).count()} values "
        f"in {time.perf_counter() - started:.0f} s."
    )


def main() -> None:
    if connection.vendor != "postgresql":
        print("Set DATABASE_URL to a private PostgreSQL database (see the docstring).")
    call_command("migrate", verbosity=0)
    seed()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE benchmarking_statisticvalue")
    client = Client()
    rng = random.Random(2)
    codes = list(Kommun.objects.values_list("code", flat=True))
    peers = ["skr", "lan", "alla"]
    client.get("/jamfor/0180/")  # warm caches (map projection, templates)
    timings, queries = [], []
    for _ in range(REQUESTS):
        query = f"jamfor={rng.choice(peers)}&kon={rng.choice(GENDERS)}&fran=2010&till=2024"
        url = f"/jamfor/{rng.choice(codes)}/?{query}"
        with CaptureQueriesContext(connection) as ctx:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries.append(len(ctx.captured_queries))
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        f"Benchmark page, {REQUESTS} requests ({connection.vendor}): "
        f"p50 {statistics.median(timings):.0f} ms, p95 {p95:.0f} ms, "
        f"queries per request {min(queries)}–{max(queries)}"
    )


if __name__ == "__main__":
    main()
