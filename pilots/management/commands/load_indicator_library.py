from django.core.management.base import BaseCommand

from pilots.library import LIBRARY_CSV, read_library_csv
from pilots.services.indicators import indicator_library_load


class Command(BaseCommand):
    help = (
        "Add the common prevention indicators of pilots/data/indicator_library.csv to the "
        "indicator library (idempotent, matched on name). --update overwrites edited ones."
    )

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(LIBRARY_CSV), help="CSV file to load.")
        parser.add_argument(
            "--update", action="store_true", help="Overwrite existing indicators with the file's."
        )

    def handle(self, *args, file, update, **options):
        created, updated = indicator_library_load(rows=read_library_csv(file), update=update)
        self.stdout.write(
            self.style.SUCCESS(f"Indicator library: {created} added, {updated} updated.")
        )
