"""Search latency at 1k, 10k and 100k documents, and reindex speed, on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres pp_bench_search      # once; a private database
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/pp_bench_search
    .venv/bin/python bench/search.py [--sizes 1000,10000,100000]

Migrates, bulk-inserts synthetic SearchDocuments (Swedish words, facets, a quarter of them
private with grants) and fills their tsvectors in SQL; then runs 40 searches per size (text,
text + facet, blank browse, as an anonymous visitor and as a member with grants) through
`search.query.run_search` and prints p50/p95 in ms. Finally it creates 300 pilots and times
`reindex_all` (documents/second, building documents from the domain models).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from core import caching  # noqa: E402
from partners.factories import MembershipFactory, OrganisationFactory  # noqa: E402
from pilots.models import Pilot  # noqa: E402
from search.backends import textindex  # noqa: E402
from search.models import SearchDocument, SearchKey  # noqa: E402
from search.query import SearchQuery, run_search  # noqa: E402
from search.services import reindex_all  # noqa: E402

WORDS = (  # noqa: SIM905
    "pilot piloterna äldre äldres fetma fetman skola skolan barn unga ensamhet balans träning "
    "fallolyckor hemtjänst kost motion rökning snus alkohol sömn stress lärare föräldrar BVC "
    "apotek tandhälsa fluor förebyggande hälsa kommun region samverkan uppföljning effekt "
    "kostnad metod grupp ledare utbildning digital app promenad cykel vatten simning"
).split()
FACET_VALUES = {
    "health_area": ["fetma", "fysisk_aktivitet", "ensamhet", "tandhalsa", "tobak_alkohol"],
    "life_stage": ["barn_unga", "arbetsfor_alder", "aldre"],
    "arena": ["skola", "aldreomsorg", "arbetsplats", "bvc", "apotek"],
    "kommun": ["0180", "1480", "1280", "0380", "2480", "1880"],
    "year": ["2021", "2022", "2023", "2024", "2025"],
}
QUERIES = ["äldre", "fetma", "piloterna balans", "skola barn", "samverkan kommun", "sömn"]


def populate(size: int, rng: random.Random) -> None:
    SearchDocument.objects.filter(doc_type="pilot", object_id__gte=10**9).delete()
    batch = 5000
    for start in range(0, size, batch):
        docs = []
        for n in range(start, min(start + batch, size)):
            facets = {f: [rng.choice(v)] for f, v in FACET_VALUES.items()}
            facets["type"] = ["pilot"]
            private = n % 4 == 0
            docs.append(
                SearchDocument(
                    doc_type="pilot",
                    object_id=10**9 + n,
                    title=" ".join(rng.choices(WORDS, k=5)).capitalize(),
                    summary=" ".join(rng.choices(WORDS, k=25)),
                    body=" ".join(rng.choices(WORDS, k=120)),
                    url=f"/piloter/bench-{n}/",
                    facets=facets,
                    access="restricted" if private else "public",
                    grants=[f"org:{n % 50}"] if private else [],
                    replication_count=rng.randint(0, 5),
                )
            )
        created = SearchDocument.objects.bulk_create(docs)
        SearchKey.objects.bulk_create(
            SearchKey(document=d, key=f"{f}:{v}")
            for d in created
            for f, vs in [*d.facets.items(), ("grant", d.grants)]
            for v in vs
        )
    # The same analysed tsvector the store writes (search/backends/textindex.py).
    with connection.cursor() as cursor:
        rows = SearchDocument.objects.filter(search_vector__isnull=True)
        cursor.executemany(
            "UPDATE portal_search_searchdocument SET search_vector = %s::tsvector WHERE id = %s",
            [(textindex.tsvector(d), d.pk) for d in rows.iterator(chunk_size=5000)],
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE portal_search_searchdocument; ANALYZE portal_search_searchkey")
    caching.bump(caching.SEARCH_INDEX)  # written around the store: drop cached counts


def measure(member, rng: random.Random) -> tuple[float, float]:
    times = []
    for n in range(40):
        text = rng.choice([*QUERIES, ""])
        filters = {"health_area": [rng.choice(FACET_VALUES["health_area"])]} if n % 3 == 0 else {}
        user = member if n % 2 else None
        started = time.perf_counter()
        run_search(SearchQuery(text=text, filters=filters), user)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL to a private PostgreSQL database (see the docstring).")
    call_command("migrate", verbosity=0)
    settings.ELASTICSEARCH_URL = ""
    rng = random.Random(1)
    org = OrganisationFactory(name="Benchmarkorganisation")
    member = MembershipFactory(organisation=org).user
    print(f"{'documents':>10} {'p50 ms':>8} {'p95 ms':>8}")
    for size in [int(s) for s in args.sizes.split(",")]:
        populate(size, rng)
        run_search(SearchQuery(text="äldre"), None)  # warm up
        p50, p95 = measure(member, rng)
        print(f"{size:>10} {p50:>8.1f} {p95:>8.1f}")
    SearchDocument.objects.filter(object_id__gte=10**9).delete()
    Pilot.objects.bulk_create(
        Pilot(
            title=" ".join(rng.choices(WORDS, k=5)),
            slug=f"bench-search-{n}-{time.time_ns()}",
            summary=" ".join(rng.choices(WORDS, k=25)),
            lead_organisation=org,
            status="active",
        )
        for n in range(300)
    )
    report = reindex_all(batch_size=200)
    print(
        f"reindex: {report.documents} documents in {report.seconds:.1f} s "
        f"({report.per_second:.0f} documents/second)"
    )


if __name__ == "__main__":
    main()
