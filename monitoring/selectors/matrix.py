"""One page of the matrix: its pilots, each period's state in grouped columns, the rates at
every level, and which reports the viewer may open. A fixed number of queries a page."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.utils import timezone

from core import caching
from monitoring import rules
from monitoring.selectors.columns import layout
from monitoring.selectors.filters import MatrixFilters, filtered_pilots, period_q
from monitoring.selectors.rates import (
    Rates,
    organisation_rates,
    programme_rates,
    rates_by,
    totals,
)
from monitoring.states import MEANING, SHORT, CellState, state_case
from pilots import rules as pilot_rules
from pilots.models import Pilot, ReportingPeriod
from programmes import page_cache as programme_cache
from programmes import rules as programme_rules
from programmes.models import MembershipStatus, Programme, ProgrammePilot

PER_PAGE = 25


# The period columns a Cell is read from, in its fields' order (`state` is annotated).
CELL_FIELDS = ("pk", "label", "start", "end", "due_date", "report__submitted_at", "state")


@dataclass
class Cell:
    period_id: int
    label: str
    start: dt.date
    end: dt.date
    due_date: dt.date
    submitted_at: dt.datetime | None
    state: str
    url: str = ""  # the report's page (set by the view)

    @classmethod
    def of(cls, row: dict) -> "Cell":
        """A cell from a period row read with `.values(*CELL_FIELDS)` (and a `state`)."""
        return cls(*(row[name] for name in CELL_FIELDS))

    @property
    def short(self) -> str:
        return SHORT[self.state]

    @property
    def state_label(self) -> str:
        return CellState(self.state).label


@dataclass
class Row:
    pilot: Pilot
    cells: list  # aligned with the page's columns; None where the pilot has no such period
    rates: Rates
    programmes: list = field(default_factory=list)


@dataclass
class MatrixPage:
    page: object  # the Paginator page of pilots
    columns: list  # columns.Column, grouped by kind and in time order within a group
    groups: list  # columns.ColumnGroup: the kinds of period above the columns
    rows: list
    organisations: list  # NamedRates of the page's lead organisations (within the filter)
    programmes: list  # NamedRates of the filtered programme, or of the page's programmes
    total: Rates
    missing: int  # periods the button would remind about (before the once-a-day rule)


def legend() -> list[tuple[str, str, str]]:
    """(state, what its cell says, what it means) for the page's legend."""
    return [(s.value, SHORT[s], MEANING[s]) for s in CellState]


def matrix_rows(*, pilots, filters: MatrixFilters, today: dt.date | None = None):
    """(columns, rows) for a page of pilots: each period's state and each pilot's rates.
    Two queries: the periods, and the rates grouped by pilot."""
    columns, _groups, rows = _grid(pilots=pilots, filters=filters, today=today)
    return columns, rows


def _grid(*, pilots, filters: MatrixFilters, today: dt.date | None = None):
    """(columns, groups, rows) for a page of pilots (see `matrix_rows`)."""
    today = today or timezone.localdate()
    pilots = list(pilots)
    ids = [p.pk for p in pilots]
    periods = ReportingPeriod.objects.filter(period_q(filters), pilot_id__in=ids)
    cells_of: dict[int, list[Cell]] = {pk: [] for pk in ids}
    first_end: dict[str, dt.date] = {}
    for p in (
        periods.annotate(state=state_case(today))
        .values("pilot_id", *CELL_FIELDS)
        .order_by("pilot_id", "start")
    ):
        cell = Cell.of(p)
        cells_of[p["pilot_id"]].append(cell)
        if cell.label not in first_end or cell.end < first_end[cell.label]:
            first_end[cell.label] = cell.end
    columns, groups = layout(first_end)
    rates = {r["pilot_id"]: Rates.of(r) for r in rates_by(periods, today, "pilot_id")}
    rows = []
    for pilot in pilots:
        by_label = {c.label: c for c in cells_of[pilot.pk]}
        rows.append(
            Row(
                pilot,
                [by_label.get(column.label) for column in columns],
                rates.get(pilot.pk, Rates()),
            )
        )
    return columns, groups, rows


def _page_programmes(*, user, pilot_ids, filters):
    """The accepted programme links of the page's pilots, in programmes the user may see."""
    links = ProgrammePilot.objects.filter(
        pilot_id__in=pilot_ids,
        status=MembershipStatus.ACCEPTED,
        programme__in=Programme.objects.filter(programme_rules.visible_q(user)).values("pk"),
    ).select_related("programme")
    return list(links.only("pilot_id", "programme__id", "programme__name", "programme__slug"))


def matrix_page(
    *, user, filters: MatrixFilters, page_number=1, per_page: int = PER_PAGE, today=None
) -> MatrixPage:
    """One page of the matrix with the rates at every level. A fixed number of queries."""
    today = today or timezone.localdate()
    paginator = Paginator(filtered_pilots(user=user, filters=filters, today=today), per_page)
    page = paginator.get_page(page_number)
    columns, groups, rows = _grid(pilots=page.object_list, filters=filters, today=today)
    pilot_ids = [row.pilot.pk for row in rows]
    links = _page_programmes(user=user, pilot_ids=pilot_ids, filters=filters)
    by_pilot: dict[int, list] = {}
    for link in links:
        by_pilot.setdefault(link.pilot_id, []).append(link.programme)
    for row in rows:
        row.programmes = by_pilot.get(row.pilot.pk, [])
    programme_ids = (
        [filters.programme.pk]
        if filters.programme
        else sorted({link.programme.pk for link in links})
    )
    organisation_ids = sorted({row.pilot.lead_organisation_id for row in rows})
    shared = _shared(user=user, filters=filters, today=today)
    total, missing = shared("totals", lambda: totals(user=user, filters=filters, today=today))
    return MatrixPage(
        page=page,
        columns=columns,
        groups=groups,
        rows=rows,
        organisations=shared(
            f"organisations:{organisation_ids}",
            lambda: organisation_rates(
                user=user, filters=filters, organisation_ids=organisation_ids, today=today
            ),
        )
        if organisation_ids
        else [],
        programmes=shared(
            f"programmes:{programme_ids}",
            lambda: programme_rates(
                user=user, filters=filters, programme_ids=programme_ids, today=today
            ),
        )
        if programme_ids
        else [],
        total=total,
        missing=missing,
    )


def _shared(*, user, filters: MatrixFilters, today: dt.date):
    """`shared(name, compute)`: cached (the filtered programme's version, else PROGRAMME_FIGURES)
    when all who see the filter's pilots see the same rates (`rules.follows_whole_filter`)."""
    if not rules.follows_whole_filter(user, filters.programme):

        def fresh(name, compute):
            return compute()

        return fresh
    f = filters.as_dict()
    scope = f"matrix:{f['programme']}:{f['organisation']}:{f['year']}:{f['status']}:{today}"

    def shared(name, compute):
        if filters.programme is not None:
            return programme_cache.cached(filters.programme.pk, f"{scope}:{name}", compute)
        return caching.cached(caching.PROGRAMME_FIGURES, f"{scope}:{name}", compute)

    return shared


def reports_openable(*, user, pilot_ids) -> set[int]:
    """Of these pilots, those whose reports the user may open (`pilots.view_drafts`: the pilot's
    own people and the coordinator). A funder follows other pilots in the matrix but cannot open
    their unapproved reports, so their cells get no link. One query for the page."""
    return set(
        Pilot.objects.filter(
            pilot_rules.drafts_visible_q(user), pk__in=list(pilot_ids)
        ).values_list("pk", flat=True)
    )
