"""Reporting periods from a cadence: calendar-aligned, clipped to the pilot's dates.

Plain Python (no Django imports) so it can be tested exhaustively.
"""

from dataclasses import dataclass
from datetime import date, timedelta

CADENCE_MONTHS = {"month": 1, "quarter": 3, "tertial": 4, "half_year": 6, "year": 12}
MONTH_NAMES_SV = [
    "jan",
    "feb",
    "mar",
    "apr",
    "maj",
    "jun",
    "jul",
    "aug",
    "sep",
    "okt",
    "nov",
    "dec",
]


@dataclass(frozen=True)
class PeriodSpec:
    start: date
    end: date
    due_date: date
    label: str


def _add_months(d: date, months: int) -> date:
    total = d.year * 12 + (d.month - 1) + months
    return date(total // 12, total % 12 + 1, 1)


def _label(cadence: str, period_start: date) -> str:
    year, month = period_start.year, period_start.month
    if cadence == "month":
        return f"{MONTH_NAMES_SV[month - 1]} {year}"
    if cadence == "quarter":
        return f"{year} K{(month - 1) // 3 + 1}"
    if cadence == "tertial":
        return f"{year} T{(month - 1) // 4 + 1}"
    if cadence == "half_year":
        return f"{year} H{(month - 1) // 6 + 1}"
    return str(year)


def generate_periods(start: date, end: date, cadence: str, due_days: int = 30) -> list[PeriodSpec]:
    """Calendar periods of the cadence that overlap [start, end], clipped to it.

    The first period starts at `start` and the last ends at `end`; each is due `due_days` after
    its end. Raises ValueError for an unknown cadence or an end before the start.
    """
    if cadence not in CADENCE_MONTHS:
        raise ValueError(f"unknown cadence {cadence!r}")
    if end < start:
        raise ValueError("end before start")
    step = CADENCE_MONTHS[cadence]
    # The calendar period containing `start`: months are grouped from January.
    cursor = date(start.year, ((start.month - 1) // step) * step + 1, 1)
    periods = []
    while cursor <= end:
        nxt = _add_months(cursor, step)
        p_start, p_end = max(cursor, start), min(nxt - timedelta(days=1), end)
        periods.append(
            PeriodSpec(p_start, p_end, p_end + timedelta(days=due_days), _label(cadence, cursor))
        )
        cursor = nxt
    return periods
