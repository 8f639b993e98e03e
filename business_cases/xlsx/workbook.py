"""The downloadable workbook of a business case: the formula sheets (formulas.py) and the
portal's own figures as values, *Vem betalar, vem vinner* and *Känslighet*."""

from django.utils.translation import gettext as _
from openpyxl import Workbook

from business_cases.switching import line_phrase, total_phrase
from business_cases.xlsx.cells import (
    BENEFIT_FILL,
    COST_FILL,
    PCT,
    RATIO,
    SEK,
    set_widths,
    write_header,
    write_title,
)
from business_cases.xlsx.formulas import write_formula_sheets
from business_cases.xlsx.model import model_from_case
from core.spreadsheets import xlsx_bytes


def _matrix(wb, report) -> None:
    ws = wb.create_sheet(_("Vem betalar, vem vinner"))
    write_title(
        ws,
        _("Kostnader och nyttor per aktör och år (ej diskonterade, justerade)"),
        report.schedule_name,
    )
    write_header(ws, [_("Aktör"), "", *[str(y) for y in report.years], _("Summa")])
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
    set_widths(ws, rest=14)


def _sensitivity(wb, report) -> None:
    ws = wb.create_sheet(_("Känslighet"))
    write_title(ws, _("Känslighetsanalys"), report.schedule_name)
    write_header(ws, [_("Kalkylränta"), _("Nettonuvärde"), _("Nytta per krona")])
    for rate, result in report.rates:
        ws.append([rate, result.total.npv, result.total.bcr])
        ws.cell(row=ws.max_row, column=1).number_format = PCT
        ws.cell(row=ws.max_row, column=2).number_format = SEK
        ws.cell(row=ws.max_row, column=3).number_format = RATIO
    ws.append([])
    write_header(ws, [_("Parameter (tornado)"), _("Nettonuvärde, lågt"), _("Nettonuvärde, högt")])
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
    write_header(
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
    set_widths(ws, first=44, rest=20)


def _points(share) -> str:
    # Named, not a bare "+10 pe": a cell starting with a sign would be taken for a formula.
    return f"{share * 100:+.0f} pe"


def workbook_bytes(data, report) -> bytes:
    """The workbook for a loaded business case and its report."""
    wb = Workbook()
    write_formula_sheets(wb, model_from_case(data, report), report)
    _matrix(wb, report)
    _sensitivity(wb, report)
    return xlsx_bytes(wb)
