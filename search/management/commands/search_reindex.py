"""manage.py search_reindex: rebuild the whole search index in batches."""

import time

from django.core.management.base import BaseCommand

from search.services import reindex_all

BAR = 30


class Command(BaseCommand):
    help = (
        "Rebuild the search index (pilots, lessons, practices, pages) in batches, with a "
        "progress bar, and report documents per second. Search keeps answering meanwhile: "
        "Elasticsearch gets a new index and the alias moves at the end."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Rewrite every document, also those whose content did not change.",
        )

    def handle(self, *args, batch_size, force=False, **options):
        started = time.perf_counter()

        def progress(doc_type, done, total):
            filled = int(BAR * done / total) if total else BAR
            rate = done / max(time.perf_counter() - started, 1e-6)
            end = "\n" if done >= total else ""
            self.stdout.write(
                f"\r{doc_type:<9} [{'#' * filled}{'.' * (BAR - filled)}] "
                f"{done}/{total} ({rate:.0f}/s)",
                ending=end,
            )
            self.stdout.flush()

        report = reindex_all(batch_size=max(batch_size, 1), progress=progress, force=force)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nSearch index rebuilt: {report.documents} documents in "
                f"{report.seconds:.1f} s ({report.per_second:.0f} documents/second)."
            )
        )
