"""The business-case arithmetic against hand-computed examples and its properties."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from business_cases.economics import (
    BAU,
    BENEFIT,
    COST,
    GREEN_BOOK,
    BusinessCaseError,
    DiscountSchedule,
    Line,
    compute,
    line_switching_values,
    optimism_bias_for_grade,
    switching_value,
    tornado,
    with_rates,
)

TEN = DiscountSchedule.flat(0.10)


def kommun_pays_region_gains():
    return [
        Line(COST, "kommun", {0: 100.0}, key="insats"),
        Line(BENEFIT, "region", {1: 60.0, 2: 60.0}, value_type="fiscal_cashable", key="vard"),
    ]


def test_hand_computed_npv_bcr_and_payback_per_actor():
    result = compute(kommun_pays_region_gains(), horizon=5, schedule=TEN)
    kommun, region = result.actors["kommun"], result.actors["region"]
    assert kommun.pv_costs == pytest.approx(100.0)
    assert kommun.npv == pytest.approx(-100.0)
    assert kommun.bcr == pytest.approx(0.0) and kommun.payback_year is None
    assert region.pv_benefits == pytest.approx(60 / 1.1 + 60 / 1.21)  # 104.1322
    assert region.bcr is None and region.payback_year == 1
    assert result.total.npv == pytest.approx(4.132231, abs=1e-6)
    assert result.total.bcr == pytest.approx(1.04132231)
    assert result.total.payback_year == 2
    assert result.payers == ["kommun"] and result.gainers == ["region"]


def test_matrix_shows_who_pays_and_who_gains_each_year_undiscounted():
    result = compute(kommun_pays_region_gains(), horizon=5, schedule=TEN)
    assert result.matrix["kommun"] == {0: (100.0, 0.0)}
    assert result.matrix["region"] == {1: (0.0, 60.0), 2: (0.0, 60.0)}


def test_adjustments_optimism_bias_deadweight_attribution_and_drop_off():
    benefit = Line(
        BENEFIT,
        "region",
        {0: 1000.0, 1: 1000.0},
        optimism_bias=0.1,
        deadweight=0.2,
        attribution=0.5,
        drop_off=0.5,
    )
    cost = Line(COST, "kommun", {0: 100.0}, optimism_bias=0.1)
    assert benefit.adjusted() == pytest.approx({0: 360.0, 1: 180.0})
    assert cost.adjusted() == pytest.approx({0: 110.0})


def test_green_book_schedule_switches_rate_after_year_30():
    factors = GREEN_BOOK.factors(32)
    assert factors[30] == pytest.approx(1 / 1.035**30)
    assert factors[31] == pytest.approx(1 / 1.035**30 / 1.03)
    assert "3,5" in GREEN_BOOK.name


def test_fiscal_and_public_value_returns():
    lines = [
        Line(COST, "kommun", {0: 100.0}),
        Line(BENEFIT, "region", {0: 50.0}, value_type="fiscal_cashable"),
        Line(BENEFIT, "individ", {0: 150.0}, value_type="social"),
    ]
    result = compute(lines, horizon=0)
    assert result.fiscal_return == pytest.approx(0.5)
    assert result.public_value_return == pytest.approx(2.0)


def test_cost_of_inaction_is_reported_per_actor_beside_the_pilot():
    lines = [*kommun_pays_region_gains(), Line(BAU, "region", {1: 80.0, 2: 80.0})]
    result = compute(lines, horizon=5, schedule=DiscountSchedule.flat(0.0))
    assert result.actors["region"].pv_bau == pytest.approx(160.0)
    assert result.total.npv == pytest.approx(20.0)  # BAU lines do not enter NPV


def test_sensitivity_table_and_tornado_and_switching_values():
    lines = kommun_pays_region_gains()
    by_rate = with_rates(lines, horizon=5)
    assert by_rate[0.0].total.npv == pytest.approx(20.0)
    assert by_rate[0.0].total.npv > by_rate[0.035].total.npv > by_rate[0.05].total.npv
    bars = tornado(lines, horizon=5, schedule=TEN)
    assert {b.parameter for b in bars} == {
        "discount_rate",
        "optimism_bias",
        "deadweight",
        "benefits",
        "costs",
    }
    assert bars == sorted(bars, key=lambda b: b.swing, reverse=True)
    result = compute(lines, horizon=5, schedule=DiscountSchedule.flat(0.0))
    assert switching_value(result) == pytest.approx(20 / 120)
    assert line_switching_values(result) == {"vard": pytest.approx(20 / 120)}


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"horizon": -1}, "horizon"),
        ({"horizon": 101}, "horizon"),
    ],
)
def test_bad_horizon_is_refused_with_the_field(kwargs, field):
    with pytest.raises(BusinessCaseError) as err:
        compute(kommun_pays_region_gains(), **kwargs)
    assert err.value.field == field


@pytest.mark.parametrize(
    "line, field",
    [
        (Line(COST, "kommun", {-1: 10.0}), "amounts"),
        (Line(COST, "kommun", {11: 10.0}), "amounts"),
        (Line(COST, "kommun", {0: float("nan")}), "amounts"),
        (Line(BENEFIT, "kommun", {0: 1.0}, deadweight=1.5), "deadweight"),
        (Line(BENEFIT, "kommun", {0: 1.0}, attribution=-0.1), "attribution"),
        (Line("gift", "kommun", {0: 1.0}), "kind"),
        (Line(COST, "kommun", {0: 1.0}, value_type="magic"), "value_type"),
    ],
)
def test_bad_lines_are_refused_with_the_field(line, field):
    with pytest.raises(BusinessCaseError) as err:
        compute([line], horizon=10)
    assert err.value.field == field


def test_rates_outside_minus_10_to_100_percent_are_refused():
    with pytest.raises(BusinessCaseError):
        DiscountSchedule.flat(1.5)
    with pytest.raises(BusinessCaseError):
        DiscountSchedule.flat(-0.2)


def test_confidence_grade_sets_optimism_bias():
    assert optimism_bias_for_grade(1) == 0.0
    assert optimism_bias_for_grade(6) == 0.40
    with pytest.raises(BusinessCaseError):
        optimism_bias_for_grade(7)


ACTORS = ["kommun", "region", "stat", "arbetsgivare", "individ"]
amount = st.floats(min_value=0, max_value=1e7, allow_nan=False)
share = st.floats(min_value=0, max_value=1)
lines_strategy = st.lists(
    st.builds(
        Line,
        kind=st.sampled_from([COST, BENEFIT]),
        actor=st.sampled_from(ACTORS),
        amounts=st.dictionaries(st.integers(0, 20), amount, max_size=6),
        value_type=st.sampled_from(
            ["fiscal_cashable", "fiscal_non_cashable", "economic", "social"]
        ),
        optimism_bias=share,
        deadweight=share,
        attribution=share,
        drop_off=share,
    ),
    max_size=8,
)


@settings(max_examples=150, deadline=None)
@given(lines=lines_strategy, rate=st.floats(min_value=-0.09, max_value=0.99))
def test_npv_is_additive_over_actors_and_lines(lines, rate):
    schedule = DiscountSchedule.flat(rate)
    result = compute(lines, horizon=20, schedule=schedule)
    assert result.total.npv == pytest.approx(
        sum(a.npv for a in result.actors.values()), rel=1e-9, abs=1e-3
    )
    single = sum(compute([line], horizon=20, schedule=schedule).total.npv for line in lines)
    assert result.total.npv == pytest.approx(single, rel=1e-9, abs=1e-3)


@settings(max_examples=150, deadline=None)
@given(lines=lines_strategy)
def test_zero_rate_equals_plain_sums(lines):
    result = compute(lines, horizon=20, schedule=DiscountSchedule.flat(0.0))
    plain = sum(
        sum(line.adjusted().values()) * (1 if line.kind == BENEFIT else -1) for line in lines
    )
    assert result.total.npv == pytest.approx(plain, rel=1e-9, abs=1e-3)


@settings(max_examples=150, deadline=None)
@given(lines=lines_strategy, r1=st.floats(0, 0.5), r2=st.floats(0, 0.5))
def test_discounting_is_monotonic(lines, r1, r2):
    low, high = sorted((r1, r2))
    a = compute(lines, horizon=20, schedule=DiscountSchedule.flat(low))
    b = compute(lines, horizon=20, schedule=DiscountSchedule.flat(high))
    assert b.total.pv_benefits <= a.total.pv_benefits + 1e-6
    assert b.total.pv_costs <= a.total.pv_costs + 1e-6


@settings(max_examples=150, deadline=None)
@given(lines=lines_strategy)
def test_payback_never_before_the_first_benefit(lines):
    result = compute(lines, horizon=20, schedule=GREEN_BOOK)
    for actor, actor_result in result.actors.items():
        benefit_years = [
            y
            for line in lines
            if line.actor == actor and line.kind == BENEFIT
            for y, a in line.adjusted().items()
            if a > 0
        ]
        if actor_result.payback_year is not None:
            assert benefit_years and actor_result.payback_year >= min(benefit_years)
        elif not benefit_years:
            assert actor_result.payback_year is None


# --- Additions for the business-case pages --------------------------------------------------


def test_with_pilot_is_inaction_less_npv_per_actor():
    from business_cases.economics import BAU as BAU_KIND

    lines = [*kommun_pays_region_gains(), Line(BAU_KIND, "region", {1: 200.0, 2: 200.0})]
    result = compute(lines, horizon=2, schedule=DiscountSchedule.flat(0.0))
    region = result.actors["region"]
    assert region.pv_bau == pytest.approx(400)
    assert region.pv_with_pilot == pytest.approx(400 - 120)
    assert region.pv_bau - region.pv_with_pilot == pytest.approx(region.npv)
    kommun = result.actors["kommun"]
    assert kommun.pv_with_pilot == pytest.approx(100)


def test_shares_show_who_pays_and_who_gains():
    result = compute(kommun_pays_region_gains(), horizon=2, schedule=DiscountSchedule.flat(0.0))
    shares = result.shares()
    assert shares["kommun"] == (pytest.approx(1.0), 0.0)
    assert shares["region"] == (0.0, pytest.approx(1.0))


def test_sensitivity_grid_centre_equals_compute_and_more_deadweight_lowers_npv():
    from business_cases.economics import sensitivity_grid

    lines = [
        Line(COST, "kommun", {0: 100.0}, optimism_bias=0.1),
        Line(BENEFIT, "region", {1: 80.0, 2: 80.0}, optimism_bias=0.1, deadweight=0.2),
    ]
    grid = sensitivity_grid(lines, horizon=2, schedule=TEN)
    assert grid[(0.0, 0.0)] == pytest.approx(compute(lines, horizon=2, schedule=TEN).total.npv)
    assert grid[(0.0, 0.10)] < grid[(0.0, 0.0)] < grid[(0.0, -0.10)]
    assert grid[(0.10, 0.0)] < grid[(0.0, 0.0)] < grid[(-0.10, 0.0)]
    # Shifts are clamped: a deadweight of 0 cannot fall below 0.
    base = [Line(BENEFIT, "region", {0: 10.0})]
    assert sensitivity_grid(base, horizon=0)[(0.0, -0.10)] == pytest.approx(10.0)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=5))
@settings(max_examples=30, deadline=None)
def test_shares_sum_to_one_when_there_are_costs(amounts):
    actors = ["kommun", "region", "stat", "individ", "arbetsgivare"]
    lines = [Line(COST, actors[i], {0: a + 1.0}) for i, a in enumerate(amounts)]
    result = compute(lines, horizon=0)
    assert sum(c for c, _ in result.shares().values()) == pytest.approx(1.0)
