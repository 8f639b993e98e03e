"""manage.py fetch_kolada --kpi N00945 --years 2015-2024: fetch values and KPI metadata from the
Kolada API v3."""

from django.core.management.base import BaseCommand, CommandError

from benchmarking import kolada, kpi_metadata, services
from benchmarking.management.commands.import_kolada import report
from benchmarking.models import ImportRun


def parse_years(text: str) -> list[int]:
    try:
        if "-" in text:
            first, last = (int(p) for p in text.split("-", 1))
        else:
            first = last = int(text)
    except ValueError as exc:
        raise CommandError(
            f"--years ska vara ett år eller ett intervall som 2015-2024, inte {text!r}."
        ) from exc
    if not (1990 <= first <= last <= 2100) or last - first > 50:
        raise CommandError(f"--years {text}: välj ett intervall mellan 1990 och 2100, högst 50 år.")
    return list(range(first, last + 1))


class Command(BaseCommand):
    help = (
        "Fetch values for KPI ids and years from the Kolada API v3 (batches of at most 25 ids, "
        "following next_url) and import them all-or-nothing. Values Kolada no longer has for those "
        "KPIs and years are deleted. Also fetches each KPI's metadata (title, description, unit, "
        "gender split; never the direction, which the coordinator sets), without overwriting what "
        "the coordinator changed. Fails with a clear message when the network is closed."
    )
    opener = staticmethod(kolada.urllib_opener)  # tests replace this; never the network in tests

    def add_arguments(self, parser):
        parser.add_argument(
            "--kpi", action="append", required=True, help="KPI id; repeat or comma-separate"
        )
        parser.add_argument("--years", required=True, help="A year or a range, e.g. 2015-2024")
        parser.add_argument(
            "--timeout", type=float, default=kolada.TIMEOUT, help="Seconds per request"
        )
        parser.add_argument("--create-kpis", action="store_true", help="Create unknown KPI ids")
        parser.add_argument("--base-url", default=kolada.BASE_URL)
        parser.add_argument(
            "--no-metadata", action="store_true", help="Fetch values only, not KPI metadata"
        )

    def handle(self, *args, **options):
        ids = sorted(
            {k.strip().upper() for arg in options["kpi"] for k in arg.split(",") if k.strip()}
        )
        years = parse_years(options["years"])
        get = {
            "opener": self.opener,
            "timeout": options["timeout"],
            "base": options["base_url"],
            "log": lambda url: self.stdout.write(f"Hämtar {url}"),
        }
        metas = []
        try:
            if not options["no_metadata"]:
                metas, meta_errors = kolada.fetch_kpis(ids, **get)
                for error in meta_errors:
                    self.stderr.write(f"  {error['row']}: {error['message']}")
            rows, errors, urls = kolada.fetch(ids, years, **get)
        except kolada.FetchError as exc:
            raise CommandError(str(exc)) from exc
        run = services.statistics_import(
            rows=rows,
            parse_errors=errors,
            file_name=urls[0] if urls else options["base_url"],
            kind=ImportRun.Kind.API,
            source="Kolada",
            create_kpis=options["create_kpis"],
            replace=(set(ids), set(years)),
        )
        report(self, run)
        if metas:
            counts = kpi_metadata.kpi_metadata_import(metas=metas, create=options["create_kpis"])
            self.stdout.write(
                f"Nyckeltal från Kolada: {counts['created']} nya, {counts['updated']} ändrade, "
                f"{counts['unchanged']} oförändrade. Riktning väljer samordnaren i admin."
            )
        without = sorted(kpi_metadata.ids_without_direction(ids))
        if without:
            self.stdout.write(
                self.style.WARNING(
                    "Utan riktning (ingen rangordning förrän samordnaren väljer): "
                    + ", ".join(without)
                )
            )
