"""The outlier score (pilots.outliers): seasonal peaks and skewed counts pass, planted errors
are caught, and no input makes it raise."""

import datetime as dt
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilots.outliers import HISTORY, RANGE, SEASONAL, assess


def monthly(values, start_year=2022):
    return [(dt.date(start_year + i // 12, i % 12 + 1, 1), v) for i, v in enumerate(values)]


# Three years of a monthly count with a summer dip (July) and a December peak.
SEASON = [50, 52, 49, 51, 53, 48, 12, 47, 50, 52, 51, 140]
THREE_YEARS = monthly([v + (i // 12) for i in range(36) for v in [SEASON[i % 12]]])


def test_december_peak_of_a_seasonal_series_is_not_flagged():
    history = THREE_YEARS[:35]  # up to November of year 3
    assert assess(145, history, at=dt.date(2024, 12, 1), cadence="month") is None


def test_summer_dip_is_not_flagged():
    history = THREE_YEARS[:30]  # up to June of year 3
    assert assess(13, history, at=dt.date(2024, 7, 1), cadence="month") is None


def test_a_planted_error_in_a_seasonal_series_is_flagged_against_the_same_month():
    history = THREE_YEARS[:35]
    result = assess(1450, history, at=dt.date(2024, 12, 1), cadence="month")
    assert result is not None and result.kind == SEASONAL
    assert result.reference == 140.5  # the median of the earlier Decembers (140, 141)


def test_times_ten_and_misplaced_decimal_are_flagged():
    history = monthly([50, 52, 49, 51, 53, 48, 55, 47])
    at = dt.date(2023, 1, 1)
    high = assess(520, history, at=at)
    assert high is not None and high.kind == HISTORY and high.reference == 50.5
    low = assess(Decimal("5.1"), history, at=at)
    assert low is not None and low.score < 0
    assert assess(54, history, at=at) is None


def test_skewed_counts_with_occasional_high_values_are_not_flagged():
    history = monthly([3, 2, 5, 4, 30, 3, 2, 6, 4, 25, 3, 5])
    at = dt.date(2023, 1, 1)
    assert assess(28, history, at=at) is None
    assert assess(7, history, at=at) is None
    assert assess(300, history, at=at) is not None


def test_short_history_says_nothing_but_the_expected_range_does():
    history = monthly([50, 52, 49])
    assert assess(5000, history, at=dt.date(2023, 1, 1)) is None
    result = assess(120, history, at=dt.date(2023, 1, 1), expected_min=0, expected_max=100)
    assert result is not None and result.kind == RANGE and result.high == 100


def test_constant_series_falls_back_without_dividing_by_zero():
    history = monthly([5, 5, 5, 5, 5, 5])
    at = dt.date(2023, 1, 1)
    assert assess(5, history, at=at) is None
    assert assess(6, history, at=at) is None
    assert assess(50, history, at=at) is not None
    zeros = monthly([0, 0, 0, 0, 0])
    assert assess(1, zeros, at=at) is None
    assert assess(40, zeros, at=at) is not None


def test_later_periods_are_not_history():
    history = monthly([50, 52, 49, 51, 500, 500, 500, 500])
    assert assess(500, history, at=dt.date(2022, 5, 1)) is not None


numbers = st.one_of(
    st.none(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(
        allow_nan=False, allow_infinity=False, places=4, max_value=10**12, min_value=-(10**12)
    ),
    st.text(max_size=3),
)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 12, 31))


@given(
    value=numbers,
    history=st.lists(st.tuples(dates, numbers), max_size=40),
    at=st.one_of(st.none(), dates),
    cadence=st.sampled_from(["", "month", "quarter", "year"]),
    low=numbers,
    high=numbers,
)
# The inputs are large composite draws: on a busy machine their generation alone trips the
# "too slow" health check, which says nothing about the function under test.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_never_raises(value, history, at, cadence, low, high):
    assess(value, history, at=at, cadence=cadence, expected_min=low, expected_max=high)


@given(
    base=st.floats(min_value=0, max_value=1e9, allow_nan=False),
    n=st.integers(min_value=0, max_value=30),
    value=st.floats(min_value=0, max_value=1e9, allow_nan=False),
)
def test_constant_and_repeated_values_never_raise(base, n, value):
    assess(value, monthly([base] * n), at=dt.date(2030, 1, 1), cadence="month")
