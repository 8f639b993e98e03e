"""How an indicator's approved period values combine into one figure per calendar year.

Plain Python (no Django), tested with monthly flows, quarterly stocks and part years in
tests/business_cases/test_years.py. The rule is a field on the indicator (pilots'
Indicator.year_combination):

- "sum"    a flow (visits, sessions): the year's figure is the sum of its periods.
- "last"   a stock (enrolled persons): the value of the year's last period.
- "max"    a stock where the peak matters: the highest value in the year.
- "yearly" a yearly unique count the reporter gives: only a period covering the whole calendar
           year counts; counts of people per month cannot be added up without double counting
           those who took part in several months.

A cumulative indicator (each value is the total so far) with "sum" gives the growth within the
year (last value of the year minus last value before it).

A year is *whole* when the periods with values cover every day of it; otherwise the figure is a
*part year* and says how many days it covers. A part-year figure is shown but never replaces a
whole-year assumption in a result.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

SUM, LAST, MAX, YEARLY = "sum", "last", "max", "yearly"
RULES = (SUM, LAST, MAX, YEARLY)


@dataclass(frozen=True)
class PeriodValue:
    start: dt.date
    end: dt.date  # inclusive
    value: Decimal


@dataclass(frozen=True)
class YearFigure:
    year: int
    value: Decimal
    periods: int
    days_covered: int
    days_in_year: int

    @property
    def whole_year(self) -> bool:
        return self.days_covered >= self.days_in_year

    @property
    def months_covered(self) -> int:
        """Rounded, for the page: "del av året (3 av 12 månader)"."""
        return round(self.days_covered * 12 / self.days_in_year)

    @property
    def shown_in_days(self) -> bool:
        """A part year that rounds to 12 (or 0) months is given in days ("363 av 365 dagar"):
        "12 av 12 mån." would read as a whole year, yet it is not counted as one."""
        return not self.whole_year and self.months_covered in (0, 12)


def _days(year: int) -> int:
    return (dt.date(year, 12, 31) - dt.date(year, 1, 1)).days + 1


def _covered(periods: list[PeriodValue], year: int) -> int:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    days: set[int] = set()
    for p in periods:
        start, end = max(p.start, first), min(p.end, last)
        if start <= end:
            days.update(range(start.toordinal(), end.toordinal() + 1))
    return len(days)


def combine(
    values: list[PeriodValue], rule: str, *, cumulative: bool = False
) -> dict[int, YearFigure]:
    """One figure per calendar year with values. A period spanning two years belongs to the year
    it ends in (its value cannot be split without knowing when within it things happened)."""
    if rule not in RULES:
        raise ValueError(f"Unknown year-combination rule {rule!r}; one of {RULES}.")
    ordered = sorted(values, key=lambda p: (p.end, p.start))
    by_year: dict[int, list[PeriodValue]] = {}
    for p in ordered:
        by_year.setdefault(p.end.year, []).append(p)
    out: dict[int, YearFigure] = {}
    previous_total: Decimal | None = None
    for year in sorted(by_year):
        periods = by_year[year]
        days = _days(year)
        covered = _covered(periods, year)
        if rule == YEARLY:
            whole = [p for p in periods if _covered([p], year) >= days]
            if not whole:
                continue
            value = whole[-1].value
            covered = days
        elif rule == SUM and cumulative:
            end_total = periods[-1].value
            value = end_total - (previous_total or Decimal(0))
            previous_total = end_total
        elif rule == SUM:
            value = sum((p.value for p in periods), Decimal(0))
        elif rule == LAST:
            value = periods[-1].value
        else:
            value = max(p.value for p in periods)
        out[year] = YearFigure(year, value, len(periods), covered, days)
    return out
