"""Year-combination rules: monthly flows, quarterly stocks, yearly unique counts, part years."""

import datetime as dt
from decimal import Decimal

import pytest

from business_cases.years import PeriodValue, combine


def _month(year, month, value):
    start = dt.date(year, month, 1)
    end = (dt.date(year + (month == 12), month % 12 + 1, 1)) - dt.timedelta(days=1)
    return PeriodValue(start, end, Decimal(value))


def _quarter(year, q, value):
    start = dt.date(year, 3 * q - 2, 1)
    end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
    return PeriodValue(start, end, Decimal(value))


def test_monthly_flows_sum_into_a_whole_year():
    visits = [_month(2025, m, 10 * m) for m in range(1, 13)]
    figure = combine(visits, "sum")[2025]
    assert figure.value == 780 and figure.whole_year and figure.periods == 12


def test_quarterly_stock_takes_the_last_quarter_or_the_peak():
    enrolled = [
        _quarter(2025, 1, 40),
        _quarter(2025, 2, 55),
        _quarter(2025, 3, 50),
        _quarter(2025, 4, 48),
    ]
    assert combine(enrolled, "last")[2025].value == 48
    assert combine(enrolled, "max")[2025].value == 55
    # Never the sum: 193 "enrolled persons" would count the same people four times.
    assert combine(enrolled, "last")[2025].whole_year


def test_part_year_is_marked_with_the_months_it_covers():
    visits = [_month(2026, m, 30) for m in range(1, 4)]
    figure = combine(visits, "sum")[2026]
    assert figure.value == 90 and not figure.whole_year and figure.months_covered == 3


def test_a_yearly_unique_count_needs_a_period_covering_the_year():
    monthly = [_month(2025, m, 60) for m in range(1, 13)]
    assert combine(monthly, "yearly") == {}
    year = PeriodValue(dt.date(2025, 1, 1), dt.date(2025, 12, 31), Decimal(230))
    figure = combine([*monthly, year], "yearly")[2025]
    assert figure.value == 230 and figure.whole_year


def test_cumulative_totals_give_the_growth_within_each_year():
    totals = [_quarter(2025, q, 20 * q) for q in range(1, 5)] + [_quarter(2026, 1, 95)]
    figures = combine(totals, "sum", cumulative=True)
    assert figures[2025].value == 80 and figures[2026].value == 15
    assert not figures[2026].whole_year


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        combine([], "average")
