"""Cells for CSV and XLSX exports that a spreadsheet program shows and never runs.

A spreadsheet program treats text starting with `=`, `+`, `-` or `@` (also after a tab or a
line break) as a formula, so a pilot title like `=HYPERLINK("https://evil.example", "Öppna")`
became a live link (or worse) in the funder's copy of the portfolio ("CSV injection", OWASP).
Every export writes its cells through this module: text that starts like a formula gets a
leading apostrophe, the convention spreadsheet programs show as "this is text"; numbers, dates
and empty cells stay what they are, so a negative amount is still a number in XLSX.

- `neutralise(value)`: one cell.
- `csv_writer(stream, **fmtparams)`: `csv.writer` whose rows are neutralised.
- `xlsx_bytes(workbook)`: the saved workbook, after neutralising every cell of every sheet
  (so a sheet built with `ws.append(...)` or `ws.cell(...)` cannot slip through).
- `set_formula(cell, formula)`: the one way a formula survives `xlsx_bytes`: the export's own
  formula (built from cell references and our own labels, never from user text) is recorded on
  the workbook, and only a cell still holding exactly that formula is left live.
"""

import csv
import re
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from io import BytesIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Text that is just a signed number ("-12", "+3,5", "-1 200", "-4 %") is not a formula, so it
# stays as it is: a number formatted by our own code keeps its sign.
_NUMBER = re.compile(r"[+-]?\d{1,3}(?:[ \u00a0]?\d{3})*(?:[.,]\d+)?(?:[ \u00a0]?%)?\Z")
_PLAIN_TYPES = (bool, int, float, Decimal, date, datetime, time, timedelta)


def neutralise(value):
    """The value for a cell: None, numbers and dates unchanged; anything else as text (lazy
    translations too), with an apostrophe in front when it starts like a formula."""
    if value is None or isinstance(value, _PLAIN_TYPES):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.match(text):
        return "'" + text
    return text


def neutralise_row(values) -> list:
    return [neutralise(value) for value in values]


class _SafeWriter:
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row):
        # Returns what csv.writer returns (the written line, for streaming with an echo buffer).
        return self._writer.writerow(neutralise_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(stream, **fmtparams) -> _SafeWriter:
    """A csv.writer on `stream` that neutralises every cell it writes."""
    return _SafeWriter(csv.writer(stream, **fmtparams))


_TRUSTED = "_pp_trusted_formulas"


def set_formula(cell, formula: str) -> None:
    """Write the export's own formula into `cell` and mark it trusted, so `xlsx_bytes` keeps it
    live. Build `formula` from cell references and literals the code chose; user text goes into
    cells of its own (neutralised) and is referenced, never pasted into a formula."""
    if not formula.startswith("="):
        raise ValueError("A formula starts with '='.")
    cell.value = formula
    workbook = cell.parent.parent
    trusted = getattr(workbook, _TRUSTED, None)
    if trusted is None:
        trusted = {}
        setattr(workbook, _TRUSTED, trusted)
    trusted[(id(cell.parent), cell.coordinate)] = formula


def neutralise_workbook(workbook) -> None:
    """Neutralise every cell of every sheet in place. A formula openpyxl made from text that
    started with `=` becomes that text again, with the apostrophe; only formulas written with
    `set_formula` (and unchanged since) stay live."""
    trusted = getattr(workbook, _TRUSTED, {})
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                value = cell.value
                if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                    if trusted.get((id(sheet), cell.coordinate)) == value:
                        continue
                    cell.value = neutralise(value)


def xlsx_bytes(workbook) -> bytes:
    """The workbook as an XLSX file, every cell neutralised first."""
    neutralise_workbook(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
