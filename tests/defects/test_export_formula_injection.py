"""Spreadsheet formula injection: every CSV and XLSX export (and import template) writes user
text that starts like a formula as text, never as a live formula, while numbers (negative ones
too) stay numbers. A reporter could plant `=HYPERLINK(...)` in a pilot title that a funder then
opened in the portfolio export."""

import csv
import datetime as dt
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from benchmarking.models import PeerGroup
from business_cases.models import BusinessCaseLine
from core.spreadsheets import FORMULA_STARTS
from partners.audit import audit_record
from partners.models import Kommun
from pilots.models import Indicator, Lesson, PeriodReport
from programmes import services
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values
from tests.business_cases.helpers import add_lines
from tests.pilots.report_helpers import make_pilot
from tests.programmes.helpers import portfolio

pytestmark = pytest.mark.django_db

PLANT = '=HYPERLINK("https://evil.example/","Öppna")'
PLANTS = [PLANT, "+SUM(1+1)", "-2+3+cmd|' /C calc'!A0", "@SUM(1)", "\t=1+1", "\r=1+1"]
NUMBER = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0]?\d{3})*(?:[.,]\d+)?(?:[ \u00a0]?%)?\Z")


def _planted(i: int) -> str:
    return PLANTS[i % len(PLANTS)]


@pytest.fixture
def world(organisation, reporter, org_admin, coordinator):
    from business_cases.models import BusinessCase

    # A pilot with indicators, a business case and an audit trail, all named like formulas.
    pilot = make_pilot(organisation, title=PLANT)
    for i, link in enumerate(pilot.indicators.select_related("indicator")):
        Indicator.objects.filter(pk=link.indicator_id).update(name=_planted(i), unit="+%")
    case = BusinessCase.objects.create(
        pilot=pilot, price_year=2025, base_year=2025, horizon_years=5, notes=PLANT
    )
    add_lines(case, lines=4, years=3)
    for i, line in enumerate(BusinessCaseLine.objects.filter(business_case=case)):
        BusinessCaseLine.objects.filter(pk=line.pk).update(label=_planted(i))
    audit_record(actor=reporter, action="pilot.updated", obj=pilot, message="@SUM(1)")

    # A programme of two pilots with planted titles, narratives and lessons, and its report.
    programme, members, _count, _share = portfolio(owner=organisation, pilots=2, periods=1)
    for i, member in enumerate(members):
        type(member.pilot).objects.filter(pk=member.pilot_id).update(title=_planted(i))
        PeriodReport.objects.filter(pilot=member.pilot).update(narrative="-1+1")
        Lesson.objects.filter(pilot=member.pilot).update(title="=1+1", text="+1")
    report = services.progress_report_compile(
        programme=programme,
        actor=org_admin,
        period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31),
    )
    type(report).objects.filter(pk=report.pk).update(summary=PLANT)

    # Benchmarking: a KPI and a peer group named like formulas.
    make_kpi("N00001", title=PLANT)
    make_values("N00001", {code: {2022: 10 + i} for i, code in enumerate(UPPSALA_LAN)})
    group = PeerGroup.objects.create(name="=2+5", owner=reporter)
    group.kommuner.set(Kommun.objects.filter(code__in=UPPSALA_LAN))

    return {
        "reporter": (
            reporter,
            [
                f"/piloter/{pilot.slug}/import/mall.csv",
                f"/piloter/{pilot.slug}/import/mall.xlsx",
                f"/piloter/{pilot.slug}/kalkyl/kalkyl.xlsx",
                f"/jamfor/0380/jamforelse.csv?jamfor=grupp-{group.pk}&fran=2022&till=2022",
                "/jamfor/0380/karta.csv?karta=N00001&ar=2022",
            ],
        ),
        "org_admin": (
            org_admin,
            [
                f"/program/{programme.slug}/portfolj.csv",
                f"/program/{programme.slug}/portfolj.xlsx",
                f"/program/{programme.slug}/lagesrapporter/{report.pk}.xlsx",
            ],
        ),
        "coordinator": (coordinator, ["/admin/partners/audit/csv/"]),
    }


def _cells(response) -> list:
    """Every cell of a CSV or XLSX download: (value, is_formula)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response["Content-Type"].startswith("text/csv"):
        text = content.decode("utf-8-sig")
        dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=";,")
        return [(c, False) for row in csv.reader(io.StringIO(text), dialect) for c in row]
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type == "f")
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
    ]


# The business case's own live formulas (core.spreadsheets.set_formula): references to its
# sheets' cells, numbers, operators, these functions and plain words as literals; no user text.
OWN_FUNCTIONS = {
    "IF",
    "LOOKUP",
    "SUM",
    "SUMPRODUCT",
    "MIN",
    "MAX",
    "AND",
    "OR",
    "ABS",
    "COUNT",
    "ISNUMBER",
}
SHEET_REFERENCE = re.compile(r"'[^'!]+'!")
FORMULA_TOKENS = re.compile(r"[A-Z]+(?=\()|\$?[A-Z]{1,3}\$?\d+|[\d.]+|[-+*/^(),:<>=&; ]|\$")


def _own_formula(value) -> bool:
    """A formula the export wrote from cell references and functions it chose, with none of the
    planted text in it."""
    if not isinstance(value, str) or any(p in value for p in PLANTS):
        return False
    # String literals the code chose (a line's kind, a value type, an empty result): words only.
    rest = re.sub(r'"[A-Za-zÅÄÖåäö ,()]*"', "0", SHEET_REFERENCE.sub("", value[1:]))
    if '"' in rest:
        return False
    tokens = FORMULA_TOKENS.findall(rest)
    if "".join(tokens) != rest:
        return False
    return all(t in OWN_FUNCTIONS for t in re.findall(r"[A-Z]+(?=\()", rest))


def _runs(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not NUMBER.match(value)


def test_no_export_has_a_cell_that_a_spreadsheet_would_run(world):
    downloads = 0
    for user, paths in world.values():
        client = Client()
        client.force_login(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            cells = _cells(response)
            assert not [
                v for v, is_formula in cells if (is_formula or _runs(v)) and not _own_formula(v)
            ], path
            texts = [v for v, _f in cells if isinstance(v, str)]
            if "karta.csv" not in path:  # the map's rows carry no user text, only codes
                # The planted text is there, as text a reader can still see.
                planted = (*PLANTS, "=2+5", "=1+1")
                assert any(v.startswith("'") and v[1:] in planted for v in texts), path
            downloads += 1
    assert downloads == 9


def test_numbers_stay_numbers_in_xlsx_also_negative_ones(world):
    reporter, _paths = world["reporter"]
    client = Client()
    client.force_login(reporter)
    cells = _cells(client.get(world["reporter"][1][2]))  # the business case workbook
    numbers = [v for v, _f in cells if isinstance(v, int | float) and not isinstance(v, bool)]
    assert any(v < 0 for v in numbers)  # costs in the who-pays matrix
    quoted_numbers = [v for v, _f in cells if isinstance(v, str) and NUMBER.match(v[1:] or "x")]
    assert [v for v in quoted_numbers if v.startswith("'")] == []
