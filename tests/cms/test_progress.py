"""Goal progress on hand-computed examples (cms.progress is plain Python: no database)."""

from datetime import date

import pytest

from cms.progress import (
    Direction,
    Goal,
    Observation,
    Status,
    assess,
    decimal_year,
    least_squares_slope,
    path_value,
)

# From 20 (mid-2020) down to 10 (mid-2030): the path falls 1 per year.
GOAL = Goal(baseline_at=2020.5, baseline_value=20, target_at=2030.5, target_value=10)
TODAY = 2025.5


def obs(*pairs):
    return [Observation(at, value) for at, value in pairs]


def test_the_path_requires_the_straight_line_value_now():
    assert path_value(GOAL, TODAY) == pytest.approx(15)
    assert path_value(GOAL, 2019) == 20  # before the baseline: the baseline
    assert path_value(GOAL, 2040) == 10  # after the target date: the target


def test_least_squares_slope_by_hand():
    # x − mean: −1.5, −0.5, 0.5, 1.5 (Σ² = 5); y − mean (17.375): 1.625, 0.625, −0.375, −1.875
    # Σ(x·y) = −2.4375 − 0.3125 − 0.1875 − 2.8125 = −5.75 → slope −5.75 / 5 = −1.15
    points = obs((2021.5, 19), (2022.5, 18), (2023.5, 17), (2024.5, 15.5))
    assert least_squares_slope(points) == pytest.approx(-1.15)
    assert least_squares_slope(obs((2021.5, 19))) is None


def test_on_track_when_the_trend_reaches_the_target_by_the_date():
    progress = assess(
        GOAL, obs((2021.5, 19), (2022.5, 18), (2023.5, 17), (2024.5, 15.5)), today=TODAY
    )
    # Projected from the latest value: 15.5 − 1.15 × (2030.5 − 2024.5) = 15.5 − 6.9 = 8.6 ≤ 10.
    assert progress.status == Status.ON_TRACK
    assert progress.latest == Observation(2024.5, 15.5)
    assert progress.slope == pytest.approx(-1.15)
    assert progress.projected == pytest.approx(8.6)
    assert progress.required_now == pytest.approx(15)
    assert progress.share_done == pytest.approx(0.45)  # (15.5 − 20) / (10 − 20)
    assert progress.gap_to_path == pytest.approx(0.5)  # 15.5 − 15: behind the path, yet on track


def test_off_track_when_the_trend_falls_short():
    progress = assess(
        GOAL, obs((2021.5, 19.8), (2022.5, 19.6), (2023.5, 19.4), (2024.5, 19.2)), today=TODAY
    )
    # Slope −0.2 per year: 19.2 − 0.2 × 6 = 18.0, far from 10.
    assert progress.status == Status.OFF_TRACK
    assert progress.slope == pytest.approx(-0.2)
    assert progress.projected == pytest.approx(18.0)


def test_no_data_yet_without_observations_after_the_baseline():
    assert assess(GOAL, [], today=TODAY).status == Status.NO_DATA
    # A value from the baseline year itself is not progress.
    progress = assess(GOAL, obs((2020.5, 20), (2019.5, 21)), today=TODAY)
    assert progress.status == Status.NO_DATA
    assert progress.latest is None
    assert progress.required_now == pytest.approx(15)


def test_a_single_value_is_judged_against_the_path_at_its_time():
    # The path at mid-2022 requires 18: 17.5 is ahead of it, 18.5 behind.
    assert assess(GOAL, obs((2022.5, 17.5)), today=TODAY).status == Status.ON_TRACK
    assert assess(GOAL, obs((2022.5, 18.5)), today=TODAY).status == Status.OFF_TRACK
    assert assess(GOAL, obs((2022.5, 17.5)), today=TODAY).slope is None


def test_after_the_target_date_only_the_latest_value_counts():
    assert assess(GOAL, obs((2029.5, 12), (2030.5, 10)), today=2031.0).status == Status.ON_TRACK
    assert assess(GOAL, obs((2029.5, 12), (2030.5, 10.5)), today=2031.0).status == Status.OFF_TRACK


def test_the_trend_uses_only_the_latest_five_years():
    # An old value far above the line would flatten the slope; it is outside the window.
    points = obs((2018.5, 40), (2021.5, 19), (2022.5, 18), (2023.5, 17), (2024.5, 15.5))
    goal = Goal(baseline_at=2017.5, baseline_value=20, target_at=2030.5, target_value=10)
    assert assess(goal, points, today=TODAY).slope == pytest.approx(-1.15)


def test_higher_is_better_goals():
    goal = Goal(
        baseline_at=2020.5,
        baseline_value=50,
        target_at=2030.5,
        target_value=70,
        direction=Direction.HIGHER,
    )
    rising = assess(goal, obs((2022.5, 54), (2023.5, 56), (2024.5, 58)), today=TODAY)
    assert rising.slope == pytest.approx(2.0)
    assert rising.projected == pytest.approx(70.0)  # exactly on target counts
    assert rising.status == Status.ON_TRACK
    falling = assess(goal, obs((2022.5, 54), (2023.5, 53), (2024.5, 52)), today=TODAY)
    assert falling.status == Status.OFF_TRACK


def test_decimal_year():
    assert decimal_year(date(2030, 1, 1)) == 2030.0
    assert decimal_year(date(2030, 7, 2)) == pytest.approx(2030 + 182 / 365)
    assert 2030.99 < decimal_year(date(2030, 12, 31)) < 2031
