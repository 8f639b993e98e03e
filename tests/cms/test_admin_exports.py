"""The coordinator's own Wagtail spreadsheets (site history, locked pages, …) never carry a live
formula: a page titled like a formula arrives in Excel as text."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.cms import helpers

pytestmark = pytest.mark.django_db

FORMULA_TITLE = '=HYPERLINK("https://evil.example","Öppna")'


def _site_history(client, export_format):
    response = client.get("/admin/reports/site-history/", {"export": export_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_site_history_csv_shows_a_formula_title_as_text(client, coordinator):
    helpers.goal(title=FORMULA_TITLE, slug="formelmal")
    client.force_login(coordinator)

    rows = list(csv.reader(io.StringIO(_site_history(client, "csv").decode("utf-8"))))

    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + FORMULA_TITLE in cells
    assert FORMULA_TITLE not in cells


def test_site_history_xlsx_shows_a_formula_title_as_text(client, coordinator):
    helpers.goal(title="@SUM(A1:A9)", slug="formelmal")
    client.force_login(coordinator)

    sheet = load_workbook(io.BytesIO(_site_history(client, "xlsx"))).active

    cells = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
    assert "'@SUM(A1:A9)" in cells
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
