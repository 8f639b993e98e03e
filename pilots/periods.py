"""Reporting periods from a cadence: calendar-aligned, clipped to the pilot's dates.

Plain Python (no Django imports) so it can be tested exhaustively.
"""

import re
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


# The letter of each numbered cadence in its labels ("2025 K1": kvartal, T: tertial, H: halvår).
LABEL_LETTERS = {"quarter": "K", "tertial": "T", "half_year": "H"}


def _label(cadence: str, period_start: date) -> str:
    year, month = period_start.year, period_start.month
    if cadence == "month":
        return f"{MONTH_NAMES_SV[month - 1]} {year}"
    if cadence in LABEL_LETTERS:
        return f"{year} {LABEL_LETTERS[cadence]}{(month - 1) // CADENCE_MONTHS[cadence] + 1}"
    return str(year)


_YEAR = re.compile(r"\d{4}")
_MONTH = re.compile(rf"(?P<month>{'|'.join(MONTH_NAMES_SV)}) (?P<year>\d{{4}})")
_NUMBERED = re.compile(r"(?P<year>\d{4}) (?P<letter>[KTH])(?P<number>\d)")


@dataclass(frozen=True)
class LabelParts:
    """What a label written by `_label` says: the cadence, the year and the period's number
    within the year (1–12 for months, 1–4 for quarters, …; 1 for a year)."""

    cadence: str
    year: int
    number: int

    @property
    def months(self) -> tuple[int, int]:
        """The calendar months (1–12) of the whole period, first and last."""
        step = CADENCE_MONTHS[self.cadence]
        first = (self.number - 1) * step + 1
        return first, first + step - 1


def parse_label(label: str) -> LabelParts | None:
    """The parts of a label `_label` writes, or None for any other label (an imported or renamed
    period). The inverse of `_label`, so the label format is read where it is written."""
    if _YEAR.fullmatch(label):
        return LabelParts("year", int(label), 1)
    if match := _MONTH.fullmatch(label):
        return LabelParts("month", int(match["year"]), MONTH_NAMES_SV.index(match["month"]) + 1)
    if match := _NUMBERED.fullmatch(label):
        cadence = next(c for c, letter in LABEL_LETTERS.items() if letter == match["letter"])
        number = int(match["number"])
        if 1 <= number <= 12 // CADENCE_MONTHS[cadence]:
            return LabelParts(cadence, int(match["year"]), number)
    return None


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
