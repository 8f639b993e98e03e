"""manage.py seed_scale: national-scale data for benchmarks, fast (COPY or bulk inserts) and
reproducible (the same --seed, --scale and --today give the same rows)."""

import datetime as dt
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from benchmarking import scale as benchmarking_scale
from cms import scale as cms_scale
from core import caching
from learning import scale as learning_scale
from partners import scale as partners_scale
from partners.bulk import ScaleRun
from pilots import scale as pilots_scale
from pilots.models import Pilot
from programmes import scale as programmes_scale
from search import scale as search_scale

REFERENCE_DATE = dt.date(2026, 9, 30)


def generate(run: ScaleRun) -> None:
    """The domain data, in one transaction: partners, pilots and their reports, practices,
    programmes and statistics. (The CMS pages and the search index come after it.)"""
    call_command("load_indicator_library", stdout=run.stdout)
    with transaction.atomic():
        partners = partners_scale.build(run)
        run.finish()  # the ORM may now add rows to the same tables (groups, indicators)
        pilots = pilots_scale.build(run, partners)
        run.finish()
        learning_scale.build(run, pilots.pilots)
        programmes_scale.build(run, partners, pilots.pilots, pilots.library)
        benchmarking_scale.build(run)
        run.finish()


class Command(BaseCommand):
    help = (
        "Generate national-scale benchmark data: at --scale 1.0 5 000 organisations, 20 000 "
        "pilots, 2 000 000 indicator values, 50 000 lessons, 1 000 practices and 300 KPIs × 290 "
        "kommuner × 15 years × 3 genders; every count scales (at least 1). Refuses a database "
        "that already holds pilots unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="1.0 = national figures.")
        parser.add_argument("--seed", type=int, default=42, help="Same seed, same data.")
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=REFERENCE_DATE,
            help=f"Reference date for periods and report states (default {REFERENCE_DATE}).",
        )
        parser.add_argument(
            "--force", action="store_true", help="Add the data even if pilots exist already."
        )

    def handle(self, *args, scale, seed, today, force, **options):
        if scale <= 0:
            raise CommandError("--scale must be greater than 0.")
        if Pilot.objects.exists() and not force:
            raise CommandError(
                "The database already holds pilots. seed_scale fills an empty database; use a "
                "fresh one (or --force to add to this one)."
            )
        started = time.perf_counter()
        run = ScaleRun(scale=scale, seed=seed, today=today, stdout=self.stdout)
        run.say(
            f"seed_scale: scale {scale}, seed {seed}, reference date {today} ({connection.vendor})."
        )
        try:
            generate(run)
        except RuntimeError as exc:  # missing reference data, or the bench cast exists already
            raise CommandError(str(exc)) from exc
        if connection.vendor == "postgresql":
            run.say("Analysing tables.")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        benchmarking_scale.aggregate(run)
        cms_scale.build(run)
        search_scale.build(run)
        # Written in bulk (COPY, bulk_create), without signals: drop cached figures and pages.
        caching.bump(caching.PUBLIC_FIGURES)
        caching.bump(caching.PUBLIC_PAGES)
        caching.bump(caching.PROGRAMME_SHARED)  # every programme's pages (programmes.page_cache)
        caching.bump(caching.PROGRAMME_FIGURES)
        caching.bump(caching.FOLLOWED_PILOTS)  # the reporting matrix (monitoring.page_cache)
        elapsed = time.perf_counter() - started
        self.stdout.write("Rows written:")
        for label, count in sorted(run.counts.items()):
            self.stdout.write(f"  {label:<40} {count:>10,}".replace(",", " "))
        self.stdout.write(
            self.style.SUCCESS(
                f"seed_scale done in {elapsed:.1f} s. Log in as bench.reporter@example.se (or "
                f"bench.admin, bench.approver, bench.viewer, bench.koordinator) with the password "
                f"'{partners_scale.BENCH_PASSWORD}'; the bench pilot is /piloter/benchpiloten/."
            )
        )
