"""Progress towards a national goal: plain Python, no Django, so every rule is unit-tested by hand.

Time is measured in decimal years. A yearly statistic for year Y describes the whole year, so it
sits at mid-year (Y + 0.5), and so does a baseline given as a year; a date sits at its own point
in its year (`decimal_year`). A pilot result sits at the end of its reporting period.

The rule (documented in the README, "Coordinator's CMS"):

- The **path** is the straight line from the baseline (year, value) to the target (date, value).
  The value the path **requires now** is that line evaluated today (clamped to the target once
  the date has passed).
- The **trend** is the least-squares slope over the latest `TREND_YEARS` years of observations
  (counted back from the latest observation). It is projected from the latest observed value to
  the target date.
- **On track** when the projection reaches the target by the date (at or beyond it in the goal's
  direction). With a single observation there is no trend yet; the goal is on track when that value
  is at or better than what the path required at its time. Once the target date has passed, only
  the latest value counts: it must have reached the target.
- **Off track** otherwise; **no data yet** without any observation after the baseline.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

TREND_YEARS = 5


class Status(StrEnum):
    ON_TRACK = "on_track"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"


class Direction(StrEnum):
    HIGHER = "higher"
    LOWER = "lower"


@dataclass(frozen=True)
class Observation:
    """One value at a point in time (decimal years)."""

    at: float
    value: float


@dataclass(frozen=True)
class Goal:
    baseline_at: float
    baseline_value: float
    target_at: float
    target_value: float
    direction: Direction = Direction.LOWER


@dataclass(frozen=True)
class Progress:
    status: Status
    latest: Observation | None = None
    required_now: float | None = None
    slope: float | None = None  # change per year; None without a trend
    projected: float | None = None  # the trend's value at the target date
    share_done: float | None = None  # 0 at the baseline, 1 at the target (may leave [0, 1])
    observations: tuple[Observation, ...] = ()

    @property
    def on_track(self) -> bool:
        return self.status == Status.ON_TRACK

    @property
    def basis(self) -> str:
        """What the status is judged on: "trend" (the projection), "path" (a single value against
        what the path required then), "target" (the date has passed) or "" without data."""
        if self.latest is None:
            return ""
        if self.projected is not None:
            return "trend"
        return "path" if self.target_passed is False else "target"

    target_passed: bool | None = None

    @property
    def gap_to_path(self) -> float | None:
        """Latest value minus what the path requires now (sign as in the data)."""
        if self.latest is None or self.required_now is None:
            return None
        return self.latest.value - self.required_now


def decimal_year(when: date) -> float:
    """2030-01-01 → 2030.0; 2030-07-02 → about 2030.5; 2030-12-31 → about 2030.997."""
    start = date(when.year, 1, 1)
    days = (date(when.year + 1, 1, 1) - start).days
    return when.year + (when - start).days / days


def year_middle(year: int) -> float:
    return year + 0.5


def path_value(goal: Goal, at: float) -> float:
    """The straight path from baseline to target, evaluated at `at` (clamped to both ends)."""
    span = goal.target_at - goal.baseline_at
    if span <= 0:
        return goal.target_value
    share = min(max((at - goal.baseline_at) / span, 0.0), 1.0)
    return goal.baseline_value + share * (goal.target_value - goal.baseline_value)


def least_squares_slope(points: list[Observation]) -> float | None:
    """The slope of the least-squares line through the points; None for fewer than two times."""
    if len({p.at for p in points}) < 2:
        return None
    n = len(points)
    mean_x = sum(p.at for p in points) / n
    mean_y = sum(p.value for p in points) / n
    sxx = sum((p.at - mean_x) ** 2 for p in points)
    sxy = sum((p.at - mean_x) * (p.value - mean_y) for p in points)
    return sxy / sxx


def _reaches(value: float, target: float, direction: Direction) -> bool:
    # A tolerance of a millionth keeps float noise from turning "exactly on target" into a miss.
    eps = 1e-6 * max(1.0, abs(target))
    if direction == Direction.LOWER:
        return value <= target + eps
    return value >= target - eps


def assess(goal: Goal, observations: list[Observation], *, today: float) -> Progress:
    """Where the goal stands today, given observations (in any order). See the module docstring."""
    points = sorted((p for p in observations if p.at > goal.baseline_at), key=lambda p: p.at)
    required = path_value(goal, today)
    if not points:
        return Progress(status=Status.NO_DATA, required_now=required)
    latest = points[-1]
    window = [p for p in points if p.at > latest.at - TREND_YEARS]
    slope = least_squares_slope(window)
    distance = goal.target_value - goal.baseline_value
    share = (latest.value - goal.baseline_value) / distance if distance else None
    projected = None
    if latest.at >= goal.target_at:
        reached = _reaches(latest.value, goal.target_value, goal.direction)
    elif slope is None:
        reached = _reaches(latest.value, path_value(goal, latest.at), goal.direction)
    else:
        projected = latest.value + slope * (goal.target_at - latest.at)
        reached = _reaches(projected, goal.target_value, goal.direction)
    return Progress(
        status=Status.ON_TRACK if reached else Status.OFF_TRACK,
        latest=latest,
        required_now=required,
        slope=slope,
        projected=projected,
        share_done=share,
        observations=tuple(points),
        target_passed=latest.at >= goal.target_at,
    )
