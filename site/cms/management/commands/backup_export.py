"""manage.py backup_export <archive.tar.gz>: every table, the media and a checked manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand

from config import backup


class Command(BaseCommand):
    help = (
        "Writes a portable backup (tar.gz): JSON of every table, the media files and "
        "manifest.json with row counts and SHA-256 checksums. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="Where to write the archive (.tar.gz).")

    def handle(self, *args, archive: Path, verbosity: int = 1, **options):
        def progress(line):
            if verbosity > 1:
                self.stdout.write(line)

        manifest = backup.export(archive, progress=progress)
        rows = sum(t["rows"] for t in manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Säkerhetskopian är skriven: {archive} ({len(manifest['tables'])} tabeller, "
                f"{rows} rader, {len(manifest['media'])} mediefiler)."
            )
        )
