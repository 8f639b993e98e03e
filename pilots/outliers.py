"""Is a reported value far from what the indicator usually shows for this pilot? A pure function.

`assess(value, history, at=…, cadence=…, expected_min=…, expected_max=…)` returns an `Outlier`
(why the value stands out, with the figures the message shows) or None. It never raises and never
divides by zero, whatever the numbers (tests/pilots/test_outliers.py checks it with hypothesis).

The method, in order:

1. **Expected range.** A value below `expected_min` or above `expected_max` (the indicator's
   plausible range, set in the library and overridable per pilot) is an outlier of kind "range".
2. **Reference.** The history is the cell's own values in earlier periods (same pilot, indicator,
   kön and age band). With fewer than `MIN_HISTORY` earlier values nothing more is said. When the
   cadence is monthly or quarterly and the same month (quarter) has values in at least
   `SEASONAL_YEARS` earlier years, the reference is those same-season values (a December peak is
   compared with earlier Decembers, a summer dip with earlier summers): kind "seasonal". Otherwise
   the reference is the whole history: kind "history".
3. **Robust score.** The modified z-score of Iglewicz and Hoaglin, 0.6745 · (x − median) / MAD,
   where the median is the reference's and the MAD (median absolute deviation) is the whole
   history's, so seasonal swings widen the tolerance instead of being flagged. Series that are
   never negative (counts, shares) are scored on log(1 + x), which keeps skewed counts with the
   odd high period from looking alarming and makes ×10 and ÷10 errors equally far. When the MAD
   is 0 (many equal values), the mean absolute deviation · 1.2533 stands in; when that is 0 too
   (a constant series), the value stands out if it differs from the median by more than half the
   median and by more than 1. A score above `THRESHOLD` (3.5) counts.
4. **Guard.** A high score alone is not enough: the value must also lie outside the reference's
   range as seen at least twice (the second highest and second lowest reference value, widened by
   `MARGIN`), so values the series has already reached more than once are never questioned,
   while one earlier slip does not make its like acceptable.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from statistics import median

MIN_HISTORY = 4
SEASONAL_YEARS = 2
SEASONAL_CADENCES = ("month", "quarter")
THRESHOLD = 3.5
MARGIN = 0.25
MAD_CONSTANT = 0.6745
MEAN_AD_CONSTANT = 1.2533

RANGE, HISTORY, SEASONAL = "range", "history", "seasonal"


@dataclass(frozen=True)
class Outlier:
    """Why a value stands out: `kind` is "range", "history" or "seasonal"; `reference` is the
    median compared with (history/seasonal), `low`/`high` the expected range (range)."""

    kind: str
    value: float
    reference: float | None = None
    score: float | None = None
    low: float | None = None
    high: float | None = None


def _number(x) -> float | None:
    if x is None:
        return None
    try:
        number = float(x)
    except (TypeError, ValueError, ArithmeticError):
        return None
    return number if math.isfinite(number) else None


def _second(values: list[float], *, highest: bool) -> float:
    ordered = sorted(values, reverse=highest)
    return ordered[1] if len(ordered) > 1 else ordered[0]


def modified_z(x: float, centre: float, spread_values: list[float]) -> float:
    """0.6745 · (x − centre) / MAD of `spread_values`, with the fallbacks described above.
    Returns 0 when the series gives no measure of spread and x is close to it, inf when far."""
    mid = median(spread_values)
    deviations = [abs(v - mid) for v in spread_values]
    mad = median(deviations)
    if mad > 0:
        return MAD_CONSTANT * (x - centre) / mad
    mean_ad = sum(deviations) / len(deviations)
    if mean_ad > 0:
        return (x - centre) / (MEAN_AD_CONSTANT * mean_ad)
    return 0.0 if x == centre else math.copysign(math.inf, x - centre)


def assess(
    value,
    history: Iterable[tuple[date, object]],
    *,
    at: date | None = None,
    cadence: str = "",
    expected_min=None,
    expected_max=None,
) -> Outlier | None:
    """Whether `value` stands out against `history` ((period start, value) pairs of earlier
    periods) or the expected range; see the module docstring. Non-numbers are ignored."""
    x = _number(value)
    if x is None:
        return None
    low, high = _number(expected_min), _number(expected_max)
    if (low is not None and x < low) or (high is not None and x > high):
        return Outlier(kind=RANGE, value=x, low=low, high=high)

    points = [(start, v) for start, raw in history if (v := _number(raw)) is not None]
    if at is not None:
        points = [(start, v) for start, v in points if start is None or start < at]
    if len(points) < MIN_HISTORY:
        return None
    values = [v for _, v in points]
    kind, reference = HISTORY, values
    if at is not None and cadence in SEASONAL_CADENCES:
        same = [(s, v) for s, v in points if s is not None and s.month == at.month]
        if len({s.year for s, _ in same}) >= SEASONAL_YEARS:
            kind, reference = SEASONAL, [v for _, v in same]

    logged = x >= 0 and min(values) >= 0
    scale = math.log1p if logged else (lambda v: v)
    try:
        sx, sref, svalues = scale(x), [scale(v) for v in reference], [scale(v) for v in values]
        centre = median(sref)
        if all(v == svalues[0] for v in svalues) and x != values[0]:
            # A constant series: far means more than half the median and more than 1 away.
            mid = values[0]
            far = abs(x - mid) > max(abs(mid) / 2, 1)
            score = math.copysign(math.inf, x - mid) if far else 0.0
        else:
            score = modified_z(sx, centre, svalues)
    except (ArithmeticError, ValueError):
        return None
    if not abs(score) > THRESHOLD:
        return None
    upper = _second(reference, highest=True)
    lower = _second(reference, highest=False)
    if score > 0 and x <= upper + MARGIN * abs(upper):
        return None
    if score < 0 and x >= lower - MARGIN * abs(lower):
        return None
    return Outlier(kind=kind, value=x, reference=median(reference), score=score)


def as_decimal(number: float | None) -> Decimal | None:
    """A float of an Outlier as a Decimal rounded for display (None stays None)."""
    if number is None or not math.isfinite(number):
        return None
    return Decimal(repr(round(number, 4))).normalize()


def cadence_of(start: date, end: date) -> str:
    """The cadence a period's length implies: "month", "quarter" or "" (longer periods)."""
    days = (end - start).days + 1
    if days <= 31:
        return "month"
    if days <= 92:
        return "quarter"
    return ""
