"""The matrix's columns: one per period label, grouped by the kind of period.

Pilots report at different cadences (months, quarters, tertials, half-years, years), so a page
can hold "jan 2026", "2026 K1" and "2026 T1" at once. In one time-ordered header row those sat
side by side and a column did not say what it measured; grouped under "Per år", "Per kvartal",
… each group is one cadence's own timeline, in time order. The groups come in a fixed order, the
longest period first: the same place on every page and filter, and the groups with the fewest
columns first, so at 1280 px all but the monthly group (twelve columns a year) are in view
without scrolling. Labels the cadences do not write (an imported or renamed period) go last,
under "Övriga perioder", ordered by their earliest end.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.utils.dates import MONTHS_3
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from pilots.periods import CADENCE_MONTHS, LABEL_LETTERS, LabelParts, parse_label

OTHER = "other"
GROUP_NAMES = {
    "year": pgettext_lazy("rapporteringsmatrisens kolumngrupp", "Per år"),
    "half_year": pgettext_lazy("rapporteringsmatrisens kolumngrupp", "Per halvår"),
    "tertial": pgettext_lazy("rapporteringsmatrisens kolumngrupp", "Per tertial"),
    "quarter": pgettext_lazy("rapporteringsmatrisens kolumngrupp", "Per kvartal"),
    "month": pgettext_lazy("rapporteringsmatrisens kolumngrupp", "Per månad"),
    OTHER: _("Övriga perioder"),
}
KINDS = list(GROUP_NAMES)  # the order of the groups


def month_span(first: int, last: int) -> str:
    """ "jan–mar": the calendar months a quarter, tertial or half-year column covers."""
    names = [str(MONTHS_3[first]), str(MONTHS_3[last])]
    if not (get_language() or "sv").startswith("sv"):
        names = [name.capitalize() for name in names]  # Swedish writes months in lower case
    return "–".join(names)


@dataclass(frozen=True)
class Column:
    """One period label: its kind (a cadence, or OTHER) and, for a quarter, tertial or
    half-year, the calendar months it covers (a pilot's first or last period may be shorter)."""

    label: str
    kind: str
    months: tuple[int, int] | None = None
    starts_group: bool = False  # the first column of its kind (a rule on its left)

    @property
    def span(self) -> str:
        return month_span(*self.months) if self.months else ""


@dataclass(frozen=True)
class ColumnGroup:
    kind: str
    size: int

    @property
    def name(self) -> str:
        return GROUP_NAMES[self.kind]


def layout(first_end: dict[str, dt.date]) -> tuple[list[Column], list[ColumnGroup]]:
    """The columns and their groups for the page's labels (each with its earliest end)."""
    keyed = []
    for label, end in first_end.items():
        parts = parse_label(label)
        if parts is None:
            keyed.append(((KINDS.index(OTHER), end.toordinal(), 0, label), Column(label, OTHER)))
            continue
        months = parts.months if parts.cadence in LABEL_LETTERS else None
        key = (KINDS.index(parts.cadence), parts.year, parts.number, label)
        keyed.append((key, Column(label, parts.cadence, months)))
    columns: list[Column] = []
    groups: list[ColumnGroup] = []
    for _key, column in sorted(keyed, key=lambda pair: pair[0]):
        if groups and groups[-1].kind == column.kind:
            groups[-1] = ColumnGroup(column.kind, groups[-1].size + 1)
        else:
            groups.append(ColumnGroup(column.kind, 1))
            column = replace(column, starts_group=True)
        columns.append(column)
    return columns, groups


# What the legend says of the abbreviated kinds ("K1–K4"), in the groups' order.
ABBREVIATIONS = {
    "half_year": _("halvår, sex månader"),
    "tertial": _("tertial, fyra månader"),
    "quarter": _("kvartal, tre månader"),
}


def period_legend(columns: list[Column]) -> list[tuple[str, str, str]]:
    """(abbreviation, what it means, its calendar months) for the abbreviated kinds on the page:
    ("K1–K4", "kvartal, tre månader", "jan–mar, apr–jun, jul–sep, okt–dec")."""
    kinds = {column.kind for column in columns}
    entries = []
    for kind, meaning in ABBREVIATIONS.items():
        if kind not in kinds:
            continue
        letter, count = LABEL_LETTERS[kind], 12 // CADENCE_MONTHS[kind]
        spans = [month_span(*LabelParts(kind, 0, n).months) for n in range(1, count + 1)]
        entries.append((f"{letter}1–{letter}{count}", meaning, ", ".join(spans)))
    return entries
