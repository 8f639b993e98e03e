"""Values import under fuzzing: files mixing valid rows with random bad ones are all or nothing.

Whatever the file holds (bad numbers, unknown indicators or periods, a locked period, a
personnummer, duplicate rows, odd encodings and separators, a truncated XLSX), the import either
writes exactly its valid rows or changes nothing and names every bad row.
"""

import csv
import io
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from pilots import imports
from pilots.models import IndicatorValue, PeriodReport, ReportingPeriod, ReportStatus
from pilots.personal_data import looks_like_personnummer
from tests.atomicity import ATOMICITY_SETTINGS, rolled_back, snapshot
from tests.pilots import report_helpers
from tests.pilots.report_helpers import number_cell, save

pytestmark = pytest.mark.django_db
pilot = report_helpers.pilot

TABLES = (PeriodReport, IndicatorValue, ReportingPeriod)

# What each kind of bad row holds (overriding a number row with the value 5); each must be reported.
BAD_ROWS = {
    "not a number": {"value": "tolv"},
    "two decimal commas": {"value": "12,3,4"},
    "overflowing number": {"value": "1e999"},
    "not finite": {"value": "NaN"},
    "unknown indicator": {"indicator_id": "999999"},
    "indicator id as text": {"indicator_id": "fem"},
    "unknown period": {"period_id": "999999"},
    "locked period": {"period_id": "LOCKED"},
    "personnummer": {"text": "19121212-1212"},
    "personnummer in a number column": {"value": "191212121212"},
    "numerator without denominator": {"indicator": "percent", "value": "", "numerator": "3"},
    "numerator above denominator": {
        "indicator": "percent",
        "value": "",
        "numerator": "5",
        "denominator": "4",
    },
    "text for a number": {"text": "ganska bra"},
    "number for qualitative": {"indicator": "text"},
    "kön for an indicator without kön": {"gender": "K"},
    "unknown age band": {
        "indicator": "percent",
        "age_band": "65-",
        "value": "",
        "numerator": "1",
        "denominator": "2",
    },
}


@pytest.fixture
def setting(pilot, reporter):
    """Period 1 has a draft with one value (kept unless a row replaces it); period 4 is locked."""
    periods = list(pilot.periods.order_by("start"))
    save(periods[0], reporter, values=[number_cell(pilot, "7")])
    periods[3].is_locked = True
    periods[3].save(update_fields=["is_locked"])
    PeriodReport.objects.create(pilot=pilot, period=periods[3], status=ReportStatus.APPROVED)
    return pilot, periods[:3], periods[3], reporter


def _valid_rows(pilot, open_periods):
    """Valid cells with distinct keys: numbers, percents by kön and band, and texts."""
    links = pilot.links
    number = st.builds(
        lambda p, v: {"period": p, "indicator": "number", "value": v},
        st.sampled_from(open_periods),
        st.one_of(
            st.integers(0, 10**6).map(str),
            st.decimals(0, 10**4, places=2, allow_nan=False).map(
                lambda d: str(d).replace(".", ",")
            ),
        ),
    )
    percent = st.builds(
        lambda p, g, b, den, share: {
            "period": p,
            "indicator": "percent",
            "gender": g,
            "age_band": b,
            "numerator": str(den * share // 100),
            "denominator": str(den),
        },
        st.sampled_from(open_periods),
        st.sampled_from(links["percent"].indicator.genders),
        st.sampled_from(links["percent"].indicator.bands),
        st.integers(1, 5000),
        st.integers(0, 100),
    )
    text = st.builds(
        lambda p, t: {"period": p, "indicator": "text", "text": t},
        st.sampled_from(open_periods),
        st.text(
            st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=40
        ).filter(
            lambda t: (
                t.strip() and not t.lstrip().startswith("=") and not looks_like_personnummer(t)
            )
        ),
    )
    return st.lists(st.one_of(number, percent, text), max_size=8, unique_by=_key)


def _key(row):
    return (row["period"].pk, row["indicator"], row.get("gender", "T"), row.get("age_band", ""))


def _bad_row(open_periods):
    return st.tuples(st.sampled_from(sorted(BAD_ROWS)), st.sampled_from(open_periods)).map(
        lambda kind_period: {
            "period": kind_period[1],
            "indicator": "number",
            "value": "5",
            **BAD_ROWS[kind_period[0]],
            "bad": kind_period[0],
        }
    )


def _cells(pilot, locked, row) -> list[str]:
    period_id = row.get("period_id", str(row["period"].pk))
    if period_id == "LOCKED":
        period_id = str(locked.pk)
    return [
        period_id,
        row["period"].label,
        row.get("indicator_id", str(pilot.links[row["indicator"]].pk)),
        "",
        "",
        "",
        row.get("gender", "T"),
        row.get("age_band", ""),
        row.get("value", ""),
        row.get("numerator", ""),
        row.get("denominator", ""),
        row.get("text", ""),
    ]


def _file(rows, *, kind, encoding, delimiter, truncate_at):
    header = list(imports.COLUMNS)
    if kind == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        book.save(buffer)
        raw = buffer.getvalue()
        return "varden.xlsx", raw[: max(1, len(raw) * truncate_at // 100)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return "varden.csv", buffer.getvalue().encode(encoding, errors="replace")


def _stored_values(pilot):
    return {
        (v.report.period_id, v.pilot_indicator_id, v.gender, v.age_band): (
            v.value,
            v.numerator,
            v.denominator,
            v.text,
        )
        for v in IndicatorValue.objects.filter(report__pilot=pilot).select_related("report")
    }


def _expected(pilot, row):
    link = pilot.links[row["indicator"]]
    key = (row["period"].pk, link.pk, row.get("gender", "T"), row.get("age_band", ""))
    if row["indicator"] == "percent":
        num, den = Decimal(row["numerator"]), Decimal(row["denominator"])
        return key, ((num / den * 100).quantize(Decimal("0.0001")), num, den, "")
    if row["indicator"] == "text":
        return key, (None, None, None, row["text"].strip())
    return key, (Decimal(row["value"].replace(",", ".")), None, None, "")


@ATOMICITY_SETTINGS
@given(data=st.data())
def test_a_file_is_imported_whole_or_not_at_all(setting, data):
    pilot, open_periods, locked, reporter = setting
    valid = data.draw(_valid_rows(pilot, open_periods), label="valid rows")
    bad = data.draw(st.lists(_bad_row(open_periods), max_size=3), label="bad rows")
    duplicate = data.draw(st.booleans(), label="duplicate a valid row") and bool(valid)
    rows = data.draw(st.permutations(valid + bad + (valid[:1] if duplicate else [])), label="order")
    kind = data.draw(st.sampled_from(["csv", "xlsx"]), label="kind")
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]), label="encoding")
    delimiter = data.draw(st.sampled_from([";", ",", "\t"]), label="delimiter")
    truncate_at = data.draw(st.sampled_from([100, 100, 100, 60, 20]), label="xlsx kept %")
    name, raw = _file(
        [_cells(pilot, locked, r) for r in rows],
        kind=kind,
        encoding=encoding,
        delimiter=delimiter,
        truncate_at=truncate_at,
    )
    with rolled_back():
        before = snapshot(*TABLES)
        values_before = _stored_values(pilot)
        try:
            result = imports.import_values(pilot=pilot, actor=reporter, name=name, raw=raw)
        except imports.ImportRefused:
            assert snapshot(*TABLES) == before
            return
        truncated = kind == "xlsx" and truncate_at < 100
        should_fail = bad or duplicate or not valid or truncated
        if not result.ok:
            assert snapshot(*TABLES) == before, "a refused file changed the database"
            reported = {number for number, _ in result.errors}
            for number, row in enumerate(rows, start=2):
                if "bad" in row:
                    assert number in reported, f"row {number} ({row['bad']}) was not reported"
            # cp1252 cannot hold every character, so a text may come back changed: that is fine
            # only when it made the row invalid.
            assert should_fail or encoding == "cp1252", result.errors
            return
        assert not should_fail, f"imported a file that should fail: {rows}"
        expected = dict(values_before)
        expected.update(_expected(pilot, row) for row in valid)
        if encoding == "cp1252":
            return  # characters outside cp1252 were replaced, so texts differ by design
        assert _stored_values(pilot) == expected
        assert result.written == len(valid)
