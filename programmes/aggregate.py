"""Aggregating a programme's shared indicators across its pilots. Plain Python, no Django.

Rules (see docs/programmes.md, "Aggregation"):
- number, per period: the sum of every contributing pilot's values in the window;
- number, cumulative: the sum of each pilot's latest value in the window (a running total is
  never added to itself);
- percent: the ratio of summed numerators to summed denominators (× 100) — never a mean of the
  pilots' percentages; per-period percents pool every period in the window, cumulative ones take
  each pilot's latest numerator/denominator. Values without numerator/denominator are left out
  and counted in `excluded`;
- qualitative indicators are not aggregated;
- n (pilots contributing) is always given; a pilot without a value is missing, never zero;
- a figure from fewer than MIN_UNITS pilots, or a percent whose summed denominator is below
  MIN_UNITS, is suppressed and says why (`reason`).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

MIN_UNITS = 5

NUMBER, PERCENT, QUALITATIVE = "number", "percent", "qualitative"
PER_PERIOD, CUMULATIVE = "per_period", "cumulative"

# Reasons a figure is not shown; interfaces translate them (see REASON_TEXT in
# programmes/selectors.py).
FEW_UNITS = "few_units"
SMALL_DENOMINATOR = "small_denominator"
NO_DATA = "no_data"
NOT_AGGREGATED = "qualitative"

SUM, SUM_OF_LATEST, RATIO_OF_SUMS, RATIO_OF_LATEST = (
    "sum",
    "sum_of_latest",
    "ratio_of_sums",
    "ratio_of_latest",
)


@dataclass(frozen=True)
class Observation:
    """One approved value of one pilot for one period (the total: all genders and ages)."""

    pilot_id: int
    period_end: date
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None


@dataclass
class Aggregate:
    value: Decimal | None
    n: int  # pilots contributing
    expected: int  # pilots following the indicator
    method: str = ""
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    suppressed: bool = False
    reason: str | None = None
    excluded: int = 0  # values left out (percents without numerator/denominator)
    contributors: list[int] = field(default_factory=list)

    @property
    def missing(self) -> int:
        return max(self.expected - self.n, 0)

    def as_dict(self) -> dict:
        """JSON-able (decimals as strings), for snapshots and the API."""

        def text(d):
            return None if d is None else format(d.normalize(), "f")

        return {
            "value": text(self.value),
            "n": self.n,
            "expected": self.expected,
            "missing": self.missing,
            "method": self.method,
            "numerator": text(self.numerator),
            "denominator": text(self.denominator),
            "suppressed": self.suppressed,
            "reason": self.reason,
            "excluded": self.excluded,
        }


def _round(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _latest_per_pilot(observations: list[Observation]) -> list[Observation]:
    latest: dict[int, Observation] = {}
    for obs in observations:
        if obs.pilot_id not in latest or obs.period_end > latest[obs.pilot_id].period_end:
            latest[obs.pilot_id] = obs
    return list(latest.values())


def _suppress(result: Aggregate, reason: str) -> Aggregate:
    result.value = result.numerator = result.denominator = None
    result.suppressed, result.reason = True, reason
    return result


def aggregate(
    *,
    measure: str,
    accumulation: str,
    observations: Iterable[Observation],
    expected: int | None = None,
    min_units: int = MIN_UNITS,
) -> Aggregate:
    """Aggregate one indicator's observations across pilots (see the module docstring)."""
    observations = list(observations)
    if measure == QUALITATIVE:
        return Aggregate(None, 0, expected or 0, reason=NOT_AGGREGATED)
    cumulative = accumulation == CUMULATIVE
    if measure == PERCENT:
        usable = [o for o in observations if o.numerator is not None and o.denominator is not None]
        excluded = len(observations) - len(usable)
        chosen = _latest_per_pilot(usable) if cumulative else usable
        method = RATIO_OF_LATEST if cumulative else RATIO_OF_SUMS
    else:
        chosen = [o for o in observations if o.value is not None]
        excluded = 0
        chosen = _latest_per_pilot(chosen) if cumulative else chosen
        method = SUM_OF_LATEST if cumulative else SUM
    pilots = sorted({o.pilot_id for o in chosen})
    n = len(pilots)
    if expected is None:
        expected = len({o.pilot_id for o in observations})
    result = Aggregate(
        None, n, max(expected, n), method=method, excluded=excluded, contributors=pilots
    )
    if n == 0:
        return _suppress(result, NO_DATA)
    if measure == PERCENT:
        result.numerator = sum((o.numerator for o in chosen), Decimal(0))
        result.denominator = sum((o.denominator for o in chosen), Decimal(0))
        if n < min_units:
            return _suppress(result, FEW_UNITS)
        if result.denominator < min_units:
            return _suppress(result, SMALL_DENOMINATOR)
        result.value = _round(result.numerator / result.denominator * 100)
        return result
    if n < min_units:
        return _suppress(result, FEW_UNITS)
    result.value = sum((o.value for o in chosen), Decimal(0))
    return result


def pilot_figure(
    *,
    measure: str,
    accumulation: str,
    observations: Iterable[Observation],
    min_units: int = MIN_UNITS,
) -> Aggregate:
    """One pilot's figure for the window, by the same rules except the count of pilots (it is
    one). Percents with a denominator below `min_units` are still suppressed."""
    return (
        aggregate(
            measure=measure,
            accumulation=accumulation,
            observations=observations,
            expected=1,
            min_units=1,
        )
        if measure != PERCENT
        else _pilot_percent(accumulation, list(observations), min_units)
    )


def _pilot_percent(accumulation: str, observations: list[Observation], min_units: int) -> Aggregate:
    result = aggregate(
        measure=PERCENT,
        accumulation=accumulation,
        observations=observations,
        expected=1,
        min_units=1,
    )
    if result.denominator is not None and result.denominator < min_units:
        return _suppress(result, SMALL_DENOMINATOR)
    return result
