"""Reads for the completeness and timeliness matrix: the pilots a user may follow, one page of
them with each period's state, and the rates (share complete, share on time) per pilot, per
organisation, per programme and for the whole filter.

Every rate is counted in the database (`COUNT(…) FILTER (WHERE …)` grouped by pilot,
organisation or programme) and a page reads a fixed number of queries however many pilots and
periods there are: the pilots of the page, their periods, and one grouped query per level.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from core import caching
from monitoring import rules
from monitoring.states import (
    MEANING,
    SHORT,
    CellState,
    complete_q,
    counted_q,
    on_time_q,
    state_case,
    state_q,
)
from partners.models import Organisation
from partners.rules import is_coordinator
from pilots import rules as pilot_rules
from pilots.models import Pilot, PilotStatus, ReportingPeriod
from programmes import page_cache as programme_cache
from programmes import rules as programme_rules
from programmes.models import MembershipStatus, Programme, ProgrammePilot

PER_PAGE = 25


@dataclass(frozen=True)
class MatrixFilters:
    """The matrix's filter: a programme, a lead organisation, a year (periods starting in it; None
    is every year) and a cell state (pilots with at least one period in it)."""

    programme: Programme | None = None
    organisation: Organisation | None = None
    year: int | None = None
    status: str = ""

    def as_dict(self) -> dict:
        return {
            "programme": self.programme.slug if self.programme else "",
            "organisation": self.organisation.pk if self.organisation else None,
            "year": self.year,
            "status": self.status,
        }


@dataclass(frozen=True)
class Rates:
    """Counted periods, complete ones, on-time ones, and the shares in percent (None: nothing
    counted yet)."""

    counted: int = 0
    complete: int = 0
    on_time: int = 0

    @staticmethod
    def _share(part: int, whole: int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def share_complete(self) -> Decimal | None:
        return self._share(self.complete, self.counted)

    @property
    def share_on_time(self) -> Decimal | None:
        return self._share(self.on_time, self.counted)

    @classmethod
    def of(cls, row: dict | None) -> "Rates":
        if not row:
            return cls()
        return cls(row["counted"] or 0, row["complete"] or 0, row["on_time"] or 0)


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
class NamedRates:
    name: str
    rates: Rates
    pk: int | None = None


@dataclass
class MatrixPage:
    page: object  # the Paginator page of pilots
    columns: list  # period labels, in time order
    rows: list
    organisations: list  # NamedRates of the page's lead organisations (within the filter)
    programmes: list  # NamedRates of the filtered programme, or of the page's programmes
    total: Rates
    missing: int  # periods the button would remind about (before the once-a-day rule)


def legend() -> list[tuple[str, str, str, str]]:
    """(state, short text, label, meaning) for the page's legend."""
    return [(s.value, SHORT[s], s.label, MEANING[s]) for s in CellState]


# -- choices for the filter ----------------------------------------------------------------------


def monitored_pilots(*, user) -> QuerySet[Pilot]:
    """The pilots the user may follow (the rule `monitoring.monitor_pilot`), by title."""
    return (
        Pilot.objects.filter(rules.monitored_q(user))
        .select_related("lead_organisation")
        .order_by("title", "pk")
    )


def programme_choices(*, user) -> QuerySet[Programme]:
    """Programmes to filter by: those the user may see that they manage or that have a pilot
    the user follows."""
    followed = ProgrammePilot.objects.filter(status=MembershipStatus.ACCEPTED).exclude(
        pilot__status=PilotStatus.DRAFT
    )
    if not (user and user.is_authenticated):
        followed = followed.none()
    elif not is_coordinator(user):
        # The ids straight from their UNION: through a subquery over pilots PostgreSQL walked
        # the whole pilot table's primary key to join them (≈ 30 ms at national scale).
        followed = followed.filter(pilot_id__in=rules.followed_ids(user))
    followed = followed.values("programme_id")
    return (
        Programme.objects.filter(programme_rules.visible_q(user))
        .filter(Q(programme_rules.manageable_q(user)) | Q(pk__in=followed))
        .only("pk", "name", "slug", "owner_id")
        .order_by("name", "pk")
    )


def organisation_choices(*, user) -> QuerySet[Organisation]:
    """Lead organisations of the pilots the user follows."""
    leads = Pilot.objects.filter(rules.monitored_q(user)).values("lead_organisation_id")
    return Organisation.objects.filter(pk__in=leads).only("pk", "name").order_by("name", "pk")


def year_choices(*, today: dt.date | None = None) -> list[int]:
    """The years to choose between: the last ten and the next, newest first."""
    year = (today or timezone.localdate()).year
    return list(range(year + 1, year - 10, -1))


# -- the filter ----------------------------------------------------------------------------------


def _period_q(filters: MatrixFilters, prefix: str = "") -> Q:
    if filters.year is None:
        return Q()
    return Q(
        **{
            f"{prefix}start__gte": dt.date(filters.year, 1, 1),
            f"{prefix}start__lte": dt.date(filters.year, 12, 31),
        }
    )


def apply_filters(pilots, *, filters: MatrixFilters, today: dt.date):
    """`pilots` narrowed by the filter's programme, organisation and cell state."""
    if filters.programme is not None:
        pilots = pilots.filter(
            pk__in=ProgrammePilot.objects.filter(
                programme=filters.programme, status=MembershipStatus.ACCEPTED
            ).values("pilot_id")
        )
    if filters.organisation is not None:
        pilots = pilots.filter(lead_organisation=filters.organisation)
    if filters.status:
        pilots = pilots.filter(
            Exists(
                ReportingPeriod.objects.filter(
                    _period_q(filters), state_q(filters.status, today), pilot=OuterRef("pk")
                )
            )
        )
    return pilots


def filtered_pilots(*, user, filters: MatrixFilters, today: dt.date | None = None):
    """The pilots the user follows, narrowed by the filter, by title."""
    today = today or timezone.localdate()
    return apply_filters(monitored_pilots(user=user), filters=filters, today=today)


def _periods(*, user, filters: MatrixFilters, today: dt.date):
    """The periods of the filtered pilots, within the period range."""
    pilots = filtered_pilots(user=user, filters=filters, today=today).order_by().values("pk")
    return ReportingPeriod.objects.filter(_period_q(filters), pilot__in=pilots)


def _rates_by(periods, today, *group):
    """The rates of `periods` grouped by `group`, counted in the database."""
    return (
        periods.order_by()
        .values(*group)
        .annotate(
            counted=Count("pk", filter=counted_q(today)),
            complete=Count("pk", filter=complete_q()),
            on_time=Count("pk", filter=on_time_q()),
        )
    )


# -- one page ------------------------------------------------------------------------------------


def matrix_rows(*, pilots, filters: MatrixFilters, today: dt.date | None = None):
    """(columns, rows) for a page of pilots: each period's state and each pilot's rates.
    Two queries: the periods, and the rates grouped by pilot."""
    today = today or timezone.localdate()
    pilots = list(pilots)
    ids = [p.pk for p in pilots]
    periods = ReportingPeriod.objects.filter(_period_q(filters), pilot_id__in=ids)
    cells_of: dict[int, list[Cell]] = {pk: [] for pk in ids}
    first_end: dict[str, dt.date] = {}
    for p in (
        periods.annotate(state=state_case(today))
        .values(
            "pk", "pilot_id", "label", "start", "end", "due_date", "report__submitted_at", "state"
        )
        .order_by("pilot_id", "start")
    ):
        cell = Cell(
            p["pk"],
            p["label"],
            p["start"],
            p["end"],
            p["due_date"],
            p["report__submitted_at"],
            p["state"],
        )
        cells_of[p["pilot_id"]].append(cell)
        if cell.label not in first_end or cell.end < first_end[cell.label]:
            first_end[cell.label] = cell.end
    columns = sorted(first_end, key=lambda label: (first_end[label], label))
    rates = {r["pilot_id"]: Rates.of(r) for r in _rates_by(periods, today, "pilot_id")}
    rows = []
    for pilot in pilots:
        by_label = {c.label: c for c in cells_of[pilot.pk]}
        rows.append(
            Row(pilot, [by_label.get(label) for label in columns], rates.get(pilot.pk, Rates()))
        )
    return columns, rows


def organisation_rates(*, user, filters, organisation_ids, today) -> list[NamedRates]:
    periods = _periods(user=user, filters=filters, today=today).filter(
        pilot__lead_organisation_id__in=organisation_ids
    )
    rows = _rates_by(
        periods, today, "pilot__lead_organisation_id", "pilot__lead_organisation__name"
    )
    return sorted(
        (
            NamedRates(
                r["pilot__lead_organisation__name"], Rates.of(r), r["pilot__lead_organisation_id"]
            )
            for r in rows
        ),
        key=lambda n: (n.name, n.pk),
    )


def programme_rates(*, user, filters, programme_ids, today) -> list[NamedRates]:
    periods = _periods(user=user, filters=filters, today=today).filter(
        pilot__programme_links__status=MembershipStatus.ACCEPTED,
        pilot__programme_links__programme_id__in=programme_ids,
    )
    rows = _rates_by(
        periods,
        today,
        "pilot__programme_links__programme_id",
        "pilot__programme_links__programme__name",
    )
    return sorted(
        (
            NamedRates(
                r["pilot__programme_links__programme__name"],
                Rates.of(r),
                r["pilot__programme_links__programme_id"],
            )
            for r in rows
        ),
        key=lambda n: (n.name, n.pk),
    )


@dataclass
class RatesSummary:
    total: Rates
    organisations: list
    programmes: list


def rates_summary(*, user, filters: MatrixFilters, today: dt.date | None = None) -> RatesSummary:
    """The rates of the whole filter, of every lead organisation in it and of every programme
    (that the user may see) its pilots are accepted in. Three grouped queries."""
    today = today or timezone.localdate()
    periods = _periods(user=user, filters=filters, today=today)
    organisations = [
        NamedRates(
            r["pilot__lead_organisation__name"], Rates.of(r), r["pilot__lead_organisation_id"]
        )
        for r in _rates_by(
            periods, today, "pilot__lead_organisation_id", "pilot__lead_organisation__name"
        ).order_by("pilot__lead_organisation__name", "pilot__lead_organisation_id")
    ]
    return RatesSummary(
        total=total_rates(user=user, filters=filters, today=today),
        organisations=organisations,
        programmes=_programme_rates_of(user=user, filters=filters, periods=periods, today=today),
    )


def _programme_rates_of(*, user, filters, periods, today) -> list:
    visible = Programme.objects.filter(programme_rules.visible_q(user)).values("pk")
    if filters.programme is not None:
        visible = visible.filter(pk=filters.programme.pk)
    by_programme = periods.filter(
        pilot__programme_links__status=MembershipStatus.ACCEPTED,
        pilot__programme_links__programme__in=visible,
    )
    return [
        NamedRates(
            r["pilot__programme_links__programme__name"],
            Rates.of(r),
            r["pilot__programme_links__programme_id"],
        )
        for r in _rates_by(
            by_programme,
            today,
            "pilot__programme_links__programme_id",
            "pilot__programme_links__programme__name",
        ).order_by(
            "pilot__programme_links__programme__name", "pilot__programme_links__programme_id"
        )
    ]


def total_rates(*, user, filters, today) -> Rates:
    return _totals(user=user, filters=filters, today=today)[0]


def _totals(*, user, filters, today) -> tuple[Rates, int]:
    """The whole filter's rates and its number of missing periods, in one query."""
    row = _periods(user=user, filters=filters, today=today).aggregate(
        counted=Count("pk", filter=counted_q(today)),
        complete=Count("pk", filter=complete_q()),
        on_time=Count("pk", filter=on_time_q()),
        missing=Count("pk", filter=state_q(CellState.MISSING, today)),
    )
    return Rates.of(row), row["missing"] or 0


def missing_periods(*, user, filters: MatrixFilters, today: dt.date | None = None):
    """The overdue, unsubmitted periods of the filter (what "Påminn rapportörerna" is about)."""
    today = today or timezone.localdate()
    return _periods(user=user, filters=filters, today=today).filter(
        state_q(CellState.MISSING, today)
    )


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
    columns, rows = matrix_rows(pilots=page.object_list, filters=filters, today=today)
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
    total, missing = shared("totals", lambda: _totals(user=user, filters=filters, today=today))
    return MatrixPage(
        page=page,
        columns=columns,
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


# -- the CSV -------------------------------------------------------------------------------------


def export_rows(*, user, filters: MatrixFilters, today: dt.date | None = None):
    """Everything the CSV holds, streamed: ("period", pilot title, organisation, cell) for every
    cell, then ("pilot" | "organisation" | "programme" | "total", name, organisation, Rates).
    A fixed number of queries, each read in chunks."""
    today = today or timezone.localdate()
    periods = _periods(user=user, filters=filters, today=today)
    cells = (
        periods.annotate(state=state_case(today))
        .values(
            "pk",
            "label",
            "start",
            "end",
            "due_date",
            "report__submitted_at",
            "state",
            "pilot__title",
            "pilot__lead_organisation__name",
        )
        .order_by("pilot__title", "pilot_id", "start")
    )
    for p in cells.iterator(chunk_size=2000):
        yield (
            "period",
            p["pilot__title"],
            p["pilot__lead_organisation__name"],
            Cell(
                p["pk"],
                p["label"],
                p["start"],
                p["end"],
                p["due_date"],
                p["report__submitted_at"],
                p["state"],
            ),
        )
    for r in (
        _rates_by(periods, today, "pilot_id", "pilot__title", "pilot__lead_organisation__name")
        .order_by("pilot__title", "pilot_id")
        .iterator(chunk_size=2000)
    ):
        yield ("pilot", r["pilot__title"], r["pilot__lead_organisation__name"], Rates.of(r))
    summary = rates_summary(user=user, filters=filters, today=today)
    for named in summary.organisations:
        yield ("organisation", named.name, "", named.rates)
    for named in summary.programmes:
        yield ("programme", named.name, "", named.rates)
    yield ("total", "", "", summary.total)


def reports_openable(*, user, pilot_ids) -> set[int]:
    """Of these pilots, those whose reports the user may open (`pilots.view_drafts`: the pilot's
    own people and the coordinator). A funder follows other pilots in the matrix but cannot open
    their unapproved reports, so their cells get no link. One query for the page."""
    return set(
        Pilot.objects.filter(
            pilot_rules.drafts_visible_q(user), pk__in=list(pilot_ids)
        ).values_list("pk", flat=True)
    )
