"""core.spreadsheets: text that starts like a formula becomes text; numbers stay numbers."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook

from core.spreadsheets import csv_writer, neutralise, set_formula, xlsx_bytes


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("https://x.example")', '\'=HYPERLINK("https://x.example")'),
        ("+1+1", "'+1+1"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Frukost = mat", "Frukost = mat"),
        ("-12", "-12"),
        ("+3,5", "+3,5"),
        ("-1 200", "-1 200"),
        ("-4 %", "-4 %"),
        ("", ""),
    ],
)
def test_text_is_neutralised_only_when_it_starts_like_a_formula(value, expected):
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", [None, -5, -2.5, Decimal("-7"), 0, True, date(2025, 1, 1)])
def test_numbers_dates_and_empty_cells_are_left_as_they_are(value):
    assert neutralise(value) is value


def test_lazy_translations_become_plain_text():
    assert neutralise(gettext_lazy("Pilot")) == "Pilot"


def test_the_csv_writer_neutralises_every_row():
    buffer = io.StringIO()
    writer = csv_writer(buffer, delimiter=";")
    writer.writerow(["=1+1", -3, "ok"])
    writer.writerows([["@x", Decimal("-1.5")]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()), delimiter=";")) == [
        ["'=1+1", "-3", "ok"],
        ["'@x", "-1.5"],
    ]


def test_the_workbook_has_no_formula_and_keeps_negative_numbers():
    book = Workbook()
    book.active.append(["=HYPERLINK(1)", -4, "-text", 2.5])
    book.create_sheet("B").cell(row=2, column=3, value="=SUM(A1:A2)")
    saved = load_workbook(io.BytesIO(xlsx_bytes(book)))
    first = [(c.value, c.data_type) for c in saved.worksheets[0][1]]
    assert first == [("'=HYPERLINK(1)", "s"), (-4, "n"), ("'-text", "s"), (2.5, "n")]
    assert saved["B"]["C2"].value == "'=SUM(A1:A2)"
    assert saved["B"]["C2"].data_type == "s"


def test_only_the_exports_own_formulas_stay_live():
    book = Workbook()
    sheet = book.active
    sheet["A1"] = "=HYPERLINK(1)"  # text that looks like a formula: neutralised
    set_formula(sheet["B1"], "=SUM(C1:C2)")
    set_formula(sheet["B2"], "=1+1")
    sheet["B2"] = "=HYPERLINK(2)"  # overwritten after it was trusted: neutralised
    saved = load_workbook(io.BytesIO(xlsx_bytes(book)))
    ws = saved.worksheets[0]
    assert (ws["A1"].value, ws["A1"].data_type) == ("'=HYPERLINK(1)", "s")
    assert (ws["B1"].value, ws["B1"].data_type) == ("=SUM(C1:C2)", "f")
    assert ws["B2"].value == "'=HYPERLINK(2)"
