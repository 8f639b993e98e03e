"""Statistics import under fuzzing: a CSV mixing valid rows with random bad ones is all or nothing.

Through `manage.py import_kolada` (the interface coordinators use): on any bad row the command
fails naming the row, the import run is logged as failed, and no statistic, KPI or audit event
changes; a clean file writes exactly its rows.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from benchmarking.models import ImportRun, Kpi, StatisticValue
from tests.atomicity import ATOMICITY_SETTINGS, rolled_back, snapshot
from tests.benchmarking.helpers import UPPSALA_LAN, make_kpi, make_values

pytestmark = pytest.mark.django_db

HEADER = ["kpi", "area", "year", "gender", "value", "status", "count", "kommentar"]
GOOD = {"kpi": "N00945", "area": "0380", "year": "2024", "gender": "T", "value": "5"}
BAD_ROWS = {
    "unknown KPI": {"kpi": "X99999"},
    "unknown kommun": {"area": "9999"},
    "area not four digits": {"area": "38"},
    "year as text": {"year": "20x4"},
    "year out of range": {"year": "1800"},
    "unknown kön": {"gender": "X"},
    "value as text": {"value": "tolv"},
    "value too large": {"value": "1e20"},
    "value not finite": {"value": "NaN"},
    "infinite value": {"value": "Infinity"},
    "negative count": {"count": "-1"},
    "count as text": {"count": "många"},
    "infinite count": {"count": "Infinity"},
    "count too large": {"count": "1e30"},
    "personnummer in status": {"status": "19121212-1212"},
    "personnummer in an extra column": {"kommentar": "Gäller 121212-1212"},
}


@pytest.fixture
def stored_before():
    make_kpi("N00945")
    make_kpi("N00002")
    make_values("N00945", {area: {2023: 10 + i} for i, area in enumerate(UPPSALA_LAN)})


def _valid_rows():
    row = st.fixed_dictionaries(
        {
            "kpi": st.sampled_from(["N00945", "N00002"]),
            "area": st.sampled_from([*UPPSALA_LAN, "0003", "0000"]),
            "year": st.integers(2022, 2024).map(str),
            "gender": st.sampled_from(["T", "K", "M"]),
            "value": st.decimals(-(10**6), 10**6, places=2, allow_nan=False).map(str),
            "count": st.one_of(st.just(""), st.integers(0, 10**6).map(str)),
            "status": st.sampled_from(["", "Ej fastställd"]),
        }
    )
    key = lambda r: (r["kpi"], r["area"], r["year"], r["gender"])  # noqa: E731
    return st.lists(row, max_size=8, unique_by=key)


def _bad_row():
    return st.sampled_from(sorted(BAD_ROWS)).map(
        lambda kind: {**GOOD, **BAD_ROWS[kind], "bad": kind}
    )


def _write(path, rows, delimiter, bom):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, HEADER, delimiter=delimiter, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(("\ufeff" if bom else "") + buffer.getvalue(), encoding="utf-8")


def _values():
    return {
        (s.kpi_id, s.area, s.year, s.gender): (s.value, s.count)
        for s in StatisticValue.objects.all()
    }


@ATOMICITY_SETTINGS
@given(data=st.data())
def test_a_statistics_file_is_imported_whole_or_not_at_all(stored_before, tmp_path, data):
    valid = data.draw(_valid_rows(), label="valid rows")
    bad = data.draw(st.lists(_bad_row(), max_size=3), label="bad rows")
    duplicate = data.draw(st.booleans(), label="duplicate a valid row") and bool(valid)
    rows = data.draw(st.permutations(valid + bad + valid[:duplicate]), label="order")
    delimiter = data.draw(st.sampled_from([",", ";"]), label="delimiter")
    bom = data.draw(st.booleans(), label="byte order mark")
    path = tmp_path / "statistik.csv"
    _write(path, rows, delimiter, bom)
    with rolled_back():
        before, values_before = snapshot(StatisticValue, Kpi), _values()
        runs_before = ImportRun.objects.count()
        err = io.StringIO()
        try:
            call_command("import_kolada", str(path), stdout=io.StringIO(), stderr=err)
        except CommandError:
            assert snapshot(StatisticValue, Kpi) == before, "a failed import changed the database"
            assert bad or duplicate, err.getvalue()
            run = ImportRun.objects.order_by("pk").last()
            assert ImportRun.objects.count() == runs_before + 1
            assert run.status == ImportRun.Status.FAILED
            for number, row in enumerate(rows, start=2):
                if "bad" in row:
                    assert f"rad {number}:" in err.getvalue(), f"row {number} ({row['bad']})"
            return
        assert not bad and not duplicate, "imported a file with bad rows"
        expected = dict(values_before)
        for row in valid:
            key = (row["kpi"], row["area"], int(row["year"]), row["gender"])
            count = int(row["count"]) if row["count"] else None
            expected[key] = (Decimal(row["value"]).quantize(Decimal("0.0001")), count)
        assert _values() == expected
