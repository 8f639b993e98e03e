"""manage.py fetch_kolada --kpi N00945 --years 2015-2024: fetch from the Kolada API v3."""

from django.core.management.base import BaseCommand, CommandError

from benchmarking import kolada, services
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
        "KPIs and years are deleted. Fails with a clear message when the network is closed."
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

    def handle(self, *args, **options):
        ids = sorted(
            {k.strip().upper() for arg in options["kpi"] for k in arg.split(",") if k.strip()}
        )
        years = parse_years(options["years"])
        try:
            rows, errors, urls = kolada.fetch(
                ids,
                years,
                opener=self.opener,
                timeout=options["timeout"],
                base=options["base_url"],
                log=lambda url: self.stdout.write(f"Hämtar {url}"),
            )
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
