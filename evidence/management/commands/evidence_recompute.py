"""Recompute every practice's effect estimates now (the task does it after imports)."""

import time

from django.core.management.base import BaseCommand

from evidence.services import estimates_recompute


class Command(BaseCommand):
    help = "Recompute and store the effect estimates of every practice (or --practice ids)."

    def add_arguments(self, parser):
        parser.add_argument("--practice", type=int, action="append", dest="practices")

    def handle(self, *args, practices=None, **options):
        start = time.perf_counter()
        report = estimates_recompute(practice_ids=practices)
        self.stdout.write(
            f"{report.practices} practices, {report.estimates} estimates ({report.shown} shown), "
            f"{report.flags} appraisals flagged, {time.perf_counter() - start:.1f} s"
        )
