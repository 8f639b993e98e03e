from datetime import date
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilots.periods import CADENCE_MONTHS, generate_periods, parse_label


def test_quarters_are_calendar_aligned_and_clipped_to_the_pilot():
    periods = generate_periods(date(2025, 2, 15), date(2025, 11, 30), "quarter")
    assert [p.label for p in periods] == ["2025 K1", "2025 K2", "2025 K3", "2025 K4"]
    assert periods[0].start == date(2025, 2, 15) and periods[0].end == date(2025, 3, 31)
    assert periods[-1].end == date(2025, 11, 30)
    assert periods[0].due_date == date(2025, 4, 30)


def test_tertials_and_half_years_have_swedish_labels():
    assert [p.label for p in generate_periods(date(2025, 1, 1), date(2025, 12, 31), "tertial")] == [
        "2025 T1",
        "2025 T2",
        "2025 T3",
    ]
    assert [
        p.label for p in generate_periods(date(2025, 1, 1), date(2026, 6, 30), "half_year")
    ] == ["2025 H1", "2025 H2", "2026 H1"]


def test_unknown_cadence_and_reversed_dates_are_refused():
    with pytest.raises(ValueError):
        generate_periods(date(2025, 1, 1), date(2025, 2, 1), "fortnight")
    with pytest.raises(ValueError):
        generate_periods(date(2025, 2, 1), date(2025, 1, 1), "month")


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    days=st.integers(min_value=0, max_value=3000),
    cadence=st.sampled_from(sorted(CADENCE_MONTHS)),
)
def test_periods_tile_the_pilot_without_gaps_or_overlaps(start, days, cadence):
    from datetime import timedelta

    end = start + timedelta(days=days)
    periods = generate_periods(start, end, cadence)
    assert periods[0].start == start and periods[-1].end == end
    for before, after in pairwise(periods):
        assert after.start == before.end + timedelta(days=1)
    assert all(p.start <= p.end < p.due_date for p in periods)


@pytest.mark.parametrize(
    ("label", "cadence", "year", "number", "months"),
    [
        ("maj 2025", "month", 2025, 5, (5, 5)),
        ("2025 K3", "quarter", 2025, 3, (7, 9)),
        ("2026 T2", "tertial", 2026, 2, (5, 8)),
        ("2025 H2", "half_year", 2025, 2, (7, 12)),
        ("2027", "year", 2027, 1, (1, 12)),
    ],
)
def test_a_generated_label_reads_back_as_its_cadence_and_calendar_months(
    label, cadence, year, number, months
):
    parts = parse_label(label)
    assert (parts.cadence, parts.year, parts.number) == (cadence, year, number)
    assert parts.months == months


@pytest.mark.parametrize("label", ["Vår 2025", "2025 K5", "2025 T4", "mai 2025", "25 K1", ""])
def test_other_labels_are_not_read_as_a_cadence(label):
    assert parse_label(label) is None


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 1, 1)),
    cadence=st.sampled_from(sorted(CADENCE_MONTHS)),
)
def test_every_generated_label_reads_back_to_its_cadence(start, cadence):
    for period in generate_periods(start, date(start.year + 1, 12, 31), cadence):
        parts = parse_label(period.label)
        assert parts.cadence == cadence
        first, last = parts.months
        assert date(parts.year, first, 1) <= period.start and period.end.month <= last
