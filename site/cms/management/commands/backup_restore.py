"""manage.py backup_restore <archive.tar.gz>: load a backup into a freshly migrated database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config import backup


class Command(BaseCommand):
    help = (
        "Restores a backup_export archive into a freshly migrated, empty database: every "
        "table in one transaction, the media files, then checks every table and file against "
        "the manifest (fails and changes nothing on any difference) and rebuilds the search "
        "index. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="The archive written by backup_export.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the content of a database that already has users.",
        )

    def handle(self, *args, archive: Path, force: bool, verbosity: int = 1, **options):
        if not archive.is_file():
            raise CommandError(f"Arkivet finns inte: {archive}")

        def progress(line):
            if verbosity > 1 or line.startswith(("Verifierat", "Sökindex")):
                self.stdout.write(line)

        try:
            tables, rows = backup.restore(archive, force=force, progress=progress)
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"Återläst och kontrollerat: {tables} tabeller, {rows} rader.")
        )
