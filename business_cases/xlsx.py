"""The business case as an XLSX workbook (openpyxl): inputs, results per actor, the who-pays /
who-gains matrix and sensitivity. Values with number formats, no formulas, so the file shows
exactly what the page shows. Every sheet names the discount schedule the results use."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from business_cases.models import Actor, ConfidenceGrade, ValueType
from business_cases.report import kind_label
from business_cases.switching import line_phrase, total_phrase
from core.spreadsheets import xlsx_bytes

SEK = '#,##0 "kr";[Red]-#,##0 "kr"'
RATIO = "0.00"
PCT = "0.0%"
BOLD = Font(bold=True)
COST_FILL = PatternFill("solid", fgColor="FDE8E8")
BENEFIT_FILL = PatternFill("solid", fgColor="E6F4EA")


def _header(ws, row: list[str]) -> None:
    ws.append(row)
    for cell in ws[ws.max_row]:
        cell.font = BOLD


def _widths(ws, first: int = 34, rest: int = 16) -> None:
    for index in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(index)].width = first if index == 1 else rest


def _title(ws, text: str, report) -> None:
    ws.append([text])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Kalkylränta: %(name)s") % {"name": report.schedule_name}])
    ws.append([])


def _inputs(wb, data, report) -> None:
    ws = wb.active
    ws.title = _("Indata")
    case = data.case
    _title(ws, _("Kalkyl: %(pilot)s") % {"pilot": data.pilot.title}, report)
    for label, value in (
        (_("Prisår"), case.price_year),
        (_("Basår (år 0)"), case.base_year),
        (_("Kalkylperiod (år)"), case.horizon_years),
        (
            _("Jämförelseränta (%)"),
            float(case.comparison_rate) if case.comparison_rate is not None else None,
        ),
        (_("Demosiffror"), _("ja") if case.is_demo else _("nej")),
        (_("Antaganden och källor"), case.notes),
    ):
        ws.append([label, value])
    ws.append([])
    actors, types, grades = (
        dict(Actor.choices),
        dict(ValueType.choices),
        dict(ConfidenceGrade.choices),
    )
    _header(
        ws,
        [
            _("Rad"),
            _("Typ"),
            _("Aktör"),
            _("Värdetyp"),
            _("Säkerhet"),
            _("Dödvikt"),
            _("Tillskrivning"),
            _("Avtagande per år"),
            _("Enhetskostnad"),
            _("Belopp per enhet"),
            _("Antal personer"),
            _("Effekt"),
            *[str(y) for y in case.years],
        ],
    )
    for line in data.lines:
        amounts = {a.year: float(a.amount_sek) for a in line.amounts.all()}
        ws.append(
            [
                line.label,
                kind_label(line.kind),
                str(actors.get(line.actor, line.actor)),
                str(types.get(line.value_type, line.value_type)),
                str(grades.get(line.confidence, line.confidence)),
                float(line.deadweight_pct) / 100,
                float(line.attribution_pct) / 100,
                float(line.drop_off_pct) / 100,
                line.unit_cost.name if line.unit_cost else None,
                float(line.unit_amount_sek) if line.unit_amount_sek is not None else None,
                float(line.people) if line.people is not None else None,
                float(line.effect_pct) / 100 if line.effect_pct is not None else None,
                *[amounts.get(y) for y in case.years],
            ]
        )
        row = ws.max_row
        for col in (6, 7, 8, 12):
            ws.cell(row=row, column=col).number_format = PCT
        ws.cell(row=row, column=10).number_format = SEK
        for col in range(13, 13 + len(case.years)):
            ws.cell(row=row, column=col).number_format = SEK
    _widths(ws)


def _results(wb, report) -> None:
    ws = wb.create_sheet(_("Resultat per aktör"))
    _title(ws, _("Resultat per aktör (nuvärden)"), report)
    _header(
        ws,
        [
            _("Aktör"),
            _("Nuvärde kostnader"),
            _("Nuvärde nyttor"),
            _("Nettonuvärde"),
            _("Nytta per krona"),
            _("Återbetalningsår"),
            _("Kostnad om inget görs"),
            _("Med piloten"),
            _("Andel av kostnaderna"),
            _("Andel av nyttorna"),
        ],
    )
    for row in [*report.actors, report.total]:
        r = row.result
        ws.append(
            [
                row.label,
                r.pv_costs,
                r.pv_benefits,
                r.npv,
                r.bcr,
                row.payback_year,
                r.pv_bau,
                r.pv_with_pilot,
                row.cost_share,
                row.benefit_share,
            ]
        )
        for col in (2, 3, 4, 7, 8):
            ws.cell(row=ws.max_row, column=col).number_format = SEK
        ws.cell(row=ws.max_row, column=5).number_format = RATIO
        for col in (9, 10):
            ws.cell(row=ws.max_row, column=col).number_format = PCT
    ws[f"A{ws.max_row}"].font = BOLD
    ws.append([])
    result = report.result
    for label, value in (
        (_("Budgetavkastning (nytta för offentliga budgetar per krona)"), result.fiscal_return),
        (_("Offentligt värde (all nytta per krona)"), result.public_value_return),
    ):
        ws.append([label, value])
        ws.cell(row=ws.max_row, column=2).number_format = RATIO
    if report.comparison is not None:
        ws.append(
            [
                _("Nettonuvärde vid %(name)s") % {"name": report.comparison.schedule},
                report.comparison.total.npv,
            ]
        )
        ws.cell(row=ws.max_row, column=2).number_format = SEK
    _widths(ws)


def _matrix(wb, report) -> None:
    ws = wb.create_sheet(_("Vem betalar, vem vinner"))
    _title(ws, _("Kostnader och nyttor per aktör och år (ej diskonterade, justerade)"), report)
    _header(ws, [_("Aktör"), "", *[str(y) for y in report.years], _("Summa")])
    for row in report.matrix:
        ws.append([row.label, _("Kostnad"), *[-c for _y, c, _b in row.cells], -row.total_cost])
        for cell in ws[ws.max_row][2:]:
            cell.number_format, cell.fill = SEK, COST_FILL
        ws.append(["", _("Nytta"), *[b for _y, _c, b in row.cells], row.total_benefit])
        for cell in ws[ws.max_row][2:]:
            cell.number_format, cell.fill = SEK, BENEFIT_FILL
        ws.append(["", _("Netto"), *[b - c for _y, c, b in row.cells], row.net])
        for cell in ws[ws.max_row][2:]:
            cell.number_format = SEK
    _widths(ws, rest=14)


def _sensitivity(wb, report) -> None:
    ws = wb.create_sheet(_("Känslighet"))
    _title(ws, _("Känslighetsanalys"), report)
    _header(ws, [_("Kalkylränta"), _("Nettonuvärde"), _("Nytta per krona")])
    for rate, result in report.rates:
        ws.append([rate, result.total.npv, result.total.bcr])
        ws.cell(row=ws.max_row, column=1).number_format = PCT
        ws.cell(row=ws.max_row, column=2).number_format = SEK
        ws.cell(row=ws.max_row, column=3).number_format = RATIO
    ws.append([])
    _header(ws, [_("Parameter (tornado)"), _("Nettonuvärde, lågt"), _("Nettonuvärde, högt")])
    for bar in report.tornado:
        ws.append(
            [
                report.tornado_labels[bar.parameter],
                min(bar.low_npv, bar.high_npv),
                max(bar.low_npv, bar.high_npv),
            ]
        )
        for col in (2, 3):
            ws.cell(row=ws.max_row, column=col).number_format = SEK
    ws.append([])
    _header(
        ws,
        [
            _("Optimismavdrag \\ dödvikt"),
            *[_("dödvikt %(pe)s") % {"pe": _points(d)} for d in report.grid_columns],
        ],
    )
    for ob, values in report.grid_rows:
        ws.append([_("optimism %(pe)s") % {"pe": _points(ob)}, *values])
        for cell in ws[ws.max_row][1:]:
            cell.number_format = SEK
    ws.append([])
    # The fraction for anyone computing on, and the sentence saying what it means.
    ws.append(
        [
            _("Växlingsvärde, alla nyttor"),
            report.switching_value,
            total_phrase(report.switching_value),
        ]
    )
    ws.cell(row=ws.max_row, column=2).number_format = PCT
    for item in report.line_switches:
        ws.append(
            [
                _("Växlingsvärde: %(line)s") % {"line": item.label},
                item.value,
                line_phrase(item.value),
            ]
        )
        ws.cell(row=ws.max_row, column=2).number_format = PCT
    _widths(ws, first=44, rest=20)


def _points(share) -> str:
    # Named, not a bare "+10 pe": a cell starting with a sign would be taken for a formula.
    return f"{share * 100:+.0f} pe"


def workbook_bytes(data, report) -> bytes:
    """The workbook for a loaded business case and its report."""
    wb = Workbook()
    _inputs(wb, data, report)
    _results(wb, report)
    _matrix(wb, report)
    _sensitivity(wb, report)
    return xlsx_bytes(wb)
