"""Number formats, fills and the small cell writers every sheet of the business-case workbook
uses."""

from django.utils.translation import gettext as _
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

SEK = '#,##0 "kr";[Red]-#,##0 "kr"'
RATIO = "0.00"
PCT = "0.0%"
FACTOR = "0.000000"
BOLD = Font(bold=True)
COST_FILL = PatternFill("solid", fgColor="FDE8E8")
BENEFIT_FILL = PatternFill("solid", fgColor="E6F4EA")
INPUT_FILL = PatternFill("solid", fgColor="FFF8DC")


def quote(text: str) -> str:
    """Our own label as a formula string literal."""
    return '"' + str(text).replace('"', '""') + '"'


def sheet_prefix(ws) -> str:
    """`'Sheet name'!`, the prefix of a reference to a cell on that sheet."""
    return "'" + ws.title.replace("'", "''") + "'!"


def column_letter(index: int) -> str:
    return get_column_letter(index)


def write_header(ws, row: list[str]) -> None:
    ws.append(row)
    for cell in ws[ws.max_row]:
        cell.font = BOLD


def set_widths(ws, first: int = 34, rest: int = 16) -> None:
    for index in range(1, ws.max_column + 1):
        ws.column_dimensions[get_column_letter(index)].width = first if index == 1 else rest


def write_title(ws, text: str, schedule_name: str) -> None:
    ws.append([text])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([_("Kalkylränta: %(name)s") % {"name": schedule_name}])
    ws.append([])
