"""manage.py import_kolada <file>: read Kolada v3 JSON, Kolada groups JSON or CSV statistics."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from benchmarking import services
from benchmarking.importing import (
    ParseError,
    looks_like_groups,
    parse_csv,
    parse_groups,
    parse_json,
)
from benchmarking.models import ImportRun


def report(command: BaseCommand, run: ImportRun) -> None:
    """Write what an import did, or its row-by-row error report and fail."""
    if run.status == ImportRun.Status.FAILED:
        for error in run.errors:
            command.stderr.write(f"  {error['row']}: {error['message']}")
        raise CommandError(
            f"Import misslyckades: {len(run.errors)} fel. Ingenting har ändrats (import #{run.pk})."
        )
    command.stdout.write(
        command.style.SUCCESS(
            f"Import #{run.pk} klar: {run.rows_read} rader lästa, {run.rows_created} nya, "
            f"{run.rows_updated} ändrade, {run.rows_unchanged} oförändrade, {run.rows_deleted} borttagna."  # noqa: E501
        )
    )
    if run.rows_skipped:
        command.stdout.write(
            f"{run.rows_skipped} värden för Kolada-grupper som inte är inlästa hoppades över "
            "(läs in grupperna med import_kolada först för att spara dem)."
        )


class Command(BaseCommand):
    help = (
        "Import statistics from a file in the Kolada API v3 data shape (JSON), Kolada municipality "
        "groups (JSON with members) or CSV (kpi,area,year,gender,value,status[,count,preliminary]). "  # noqa: E501
        "Idempotent and all-or-nothing: any bad row fails the whole file with a row-by-row report."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Path to a .json or .csv file")
        parser.add_argument(
            "--create-kpis", action="store_true", help="Create unknown KPI ids instead of failing"
        )
        parser.add_argument(
            "--preliminary", action="store_true", help="Mark every value as preliminary"
        )
        parser.add_argument(
            "--source", default="Kolada", help="Source stored with each value (default Kolada)"
        )
        parser.add_argument(
            "--format", choices=["json", "csv"], help="Override detection by file suffix"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"Kan inte läsa {path}: {exc}") from exc
        kind = options["format"] or ("csv" if path.suffix.lower() == ".csv" else "json")
        try:
            if kind == "json" and looks_like_groups(text):
                run = services.peer_groups_import(
                    groups=parse_groups(text), file_name=path.name, source=options["source"]
                )
                return report(self, run)
            if kind == "csv":
                rows, errors = parse_csv(text, preliminary=options["preliminary"])
            else:
                rows, errors, _next = parse_json(text, preliminary=options["preliminary"])
        except ParseError as exc:
            raise CommandError(f"{path.name}: {exc} Ingenting har ändrats.") from exc
        run = services.statistics_import(
            rows=rows,
            parse_errors=errors,
            file_name=path.name,
            kind=kind,
            source=options["source"],
            create_kpis=options["create_kpis"],
        )
        report(self, run)
