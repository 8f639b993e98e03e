"""Aggregation across pilots on hand-computed examples (programmes/aggregate.py is plain Python)."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from programmes.aggregate import (
    CUMULATIVE,
    FEW_UNITS,
    NO_DATA,
    NOT_AGGREGATED,
    NUMBER,
    PER_PERIOD,
    PERCENT,
    QUALITATIVE,
    RATIO_OF_SUMS,
    SMALL_DENOMINATOR,
    SUM,
    SUM_OF_LATEST,
    Observation,
    aggregate,
    pilot_figure,
)

H1, H2 = date(2025, 6, 30), date(2025, 12, 31)


def obs(pilot, end=H1, value=None, num=None, den=None):
    return Observation(
        pilot,
        end,
        None if value is None else D(value),
        None if num is None else D(num),
        None if den is None else D(den),
    )


def test_counts_per_period_are_summed_over_pilots_and_periods():
    # 5 pilots; pilot 1 has two periods: 10+20+30+40+50+5 = 155
    data = [
        obs(1, H1, 10),
        obs(1, H2, 5),
        obs(2, H1, 20),
        obs(3, H1, 30),
        obs(4, H1, 40),
        obs(5, H1, 50),
    ]
    result = aggregate(measure=NUMBER, accumulation=PER_PERIOD, observations=data, expected=5)
    assert result.value == D(155)
    assert result.n == 5 and result.missing == 0 and result.method == SUM and not result.suppressed


def test_cumulative_counts_use_each_pilots_latest_value():
    # Running totals: pilot 1 at 10 then 25 → 25 counts once. 25+20+30+40+50 = 165 (not 175).
    data = [
        obs(1, H1, 10),
        obs(1, H2, 25),
        obs(2, H1, 20),
        obs(3, H2, 30),
        obs(4, H1, 40),
        obs(5, H2, 50),
    ]
    result = aggregate(measure=NUMBER, accumulation=CUMULATIVE, observations=data, expected=5)
    assert result.value == D(165)
    assert result.method == SUM_OF_LATEST


def test_percent_is_the_ratio_of_summed_numerators_and_denominators_not_a_mean():
    # Pilots: 1/10 (10 %), 9/10 (90 %), 50/100 (50 %), 10/20 (50 %), 30/60 (50 %).
    # Mean of percents = 50 %; the right answer is (1+9+50+10+30)/(10+10+100+20+60) = 100/200 = 50
    # %.
    # Make it differ: pilot 1 is 1/100 instead → 100/290 = 34.48… % (mean of percents would be
    # 48.2 %).
    data = [
        obs(1, num=1, den=100),
        obs(2, num=9, den=10),
        obs(3, num=50, den=100),
        obs(4, num=10, den=20),
        obs(5, num=30, den=60),
    ]
    result = aggregate(measure=PERCENT, accumulation=PER_PERIOD, observations=data)
    assert result.numerator == D(100) and result.denominator == D(290)
    assert result.value == D("34.5")
    assert result.method == RATIO_OF_SUMS


def test_percent_per_period_pools_every_period():
    data = [obs(p, H1, num=1, den=10) for p in range(1, 6)] + [obs(1, H2, num=9, den=10)]
    result = aggregate(measure=PERCENT, accumulation=PER_PERIOD, observations=data)
    assert (result.numerator, result.denominator, result.value) == (D(14), D(60), D("23.3"))


def test_cumulative_percent_takes_each_pilots_latest_fraction():
    data = [obs(1, H1, num=1, den=10), obs(1, H2, num=8, den=10)] + [
        obs(p, H1, num=5, den=10) for p in range(2, 6)
    ]
    result = aggregate(measure=PERCENT, accumulation=CUMULATIVE, observations=data)
    assert (result.numerator, result.denominator, result.value) == (D(28), D(50), D("56.0"))


def test_percent_without_numerator_and_denominator_is_left_out_and_counted():
    data = [obs(p, num=5, den=10) for p in range(1, 6)] + [obs(6, value=90)]
    result = aggregate(measure=PERCENT, accumulation=PER_PERIOD, observations=data, expected=6)
    assert (
        result.value == D("50.0") and result.n == 5 and result.excluded == 1 and result.missing == 1
    )


def test_fewer_than_five_pilots_is_suppressed_with_the_reason():
    data = [obs(p, value=100) for p in range(1, 5)]
    result = aggregate(measure=NUMBER, accumulation=PER_PERIOD, observations=data, expected=4)
    assert result.suppressed and result.reason == FEW_UNITS
    assert result.value is None and result.n == 4


def test_a_small_summed_denominator_is_suppressed():
    data = [obs(p, num=0, den=D("0.5")) for p in range(1, 6)]  # denominator 2.5 < 5
    result = aggregate(measure=PERCENT, accumulation=PER_PERIOD, observations=data)
    assert result.suppressed and result.reason == SMALL_DENOMINATOR
    assert result.numerator is None and result.denominator is None


def test_missing_is_not_zero():
    data = [obs(p, value=10) for p in range(1, 6)]
    result = aggregate(measure=NUMBER, accumulation=PER_PERIOD, observations=data, expected=8)
    assert result.value == D(50) and result.n == 5 and result.missing == 3
    empty = aggregate(measure=NUMBER, accumulation=PER_PERIOD, observations=[], expected=3)
    assert empty.value is None and empty.reason == NO_DATA and empty.missing == 3


def test_a_pilot_with_only_a_missing_value_is_not_counted():
    data = [obs(p, value=10) for p in range(1, 6)] + [obs(6)]
    result = aggregate(measure=NUMBER, accumulation=PER_PERIOD, observations=data, expected=6)
    assert result.n == 5 and result.value == D(50)


def test_qualitative_indicators_are_not_aggregated():
    result = aggregate(
        measure=QUALITATIVE, accumulation=PER_PERIOD, observations=[obs(1)], expected=1
    )
    assert result.value is None and result.reason == NOT_AGGREGATED


def test_a_single_pilots_percent_with_a_small_denominator_is_suppressed():
    assert pilot_figure(
        measure=PERCENT, accumulation=CUMULATIVE, observations=[obs(1, num=1, den=4)]
    ).suppressed
    shown = pilot_figure(
        measure=PERCENT, accumulation=CUMULATIVE, observations=[obs(1, num=3, den=12)]
    )
    assert shown.value == D("25.0") and not shown.suppressed
    assert pilot_figure(
        measure=NUMBER, accumulation=CUMULATIVE, observations=[obs(1, value=7)]
    ).value == D(7)


def test_snapshot_dict_is_json_able():
    result = aggregate(
        measure=PERCENT,
        accumulation=PER_PERIOD,
        observations=[obs(p, num=1, den=10) for p in range(1, 6)],
    )
    assert result.as_dict() == {
        "value": "10",
        "n": 5,
        "expected": 5,
        "missing": 0,
        "method": RATIO_OF_SUMS,
        "numerator": "5",
        "denominator": "50",
        "suppressed": False,
        "reason": None,
        "excluded": 0,
    }


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(1, 50)), min_size=5, max_size=30))
def test_ratio_of_sums_lies_between_the_smallest_and_largest_pilot_percent(pairs):
    data = [obs(i, num=min(n, d), den=d) for i, (n, d) in enumerate(pairs)]
    result = aggregate(measure=PERCENT, accumulation=PER_PERIOD, observations=data)
    percents = [D(min(n, d)) / D(d) * 100 for n, d in pairs]
    assert min(percents) - D("0.05") <= result.value <= max(percents) + D("0.05")


@pytest.mark.parametrize("n,suppressed", [(4, True), (5, False)])
def test_the_threshold_is_five_pilots(n, suppressed):
    result = aggregate(
        measure=NUMBER, accumulation=PER_PERIOD, observations=[obs(p, value=1) for p in range(n)]
    )
    assert result.suppressed is suppressed
