"""Reads for pilots' public pages and API: visibility and preloading in one place.

Every function here issues a fixed number of queries, whatever the number of pilots, periods,
values or lessons, so pages and API lists keep a constant query count.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import caching
from partners.models import Kommun, Region
from pilots import rules
from pilots.charts import ChartPoint, ChartTarget
from pilots.models import (
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Lesson,
    PeriodReport,
    Pilot,
    PilotIndicator,
    PilotMembership,
    PilotPartner,
    ReportingPeriod,
    ReportStatus,
)
from pilots.selectors.report_api import report_list  # noqa: F401 (the API views read it here)

LIST_FILTERS = ("q", "health_area", "life_stage", "arena", "kommun", "lan", "status", "lead_kind")


def _count(queryset: QuerySet, field_name: str = "pilot") -> Coalesce:
    """A correlated COUNT per pilot; subqueries avoid the row explosion of several joined Counts."""
    counted = (
        queryset.filter(**{field_name: OuterRef("pk")})
        .order_by()
        .values(field_name)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def pilot_list(*, user, filters: dict | None = None) -> QuerySet[Pilot]:
    """Pilots the user may see, filtered, with lead organisation, kommuner and counts preloaded.

    `filters` may hold q (title/summary text), health_area, life_stage, arena, kommun (SCB code),
    lan (län code), status and lead_kind (the lead organisation's kind); empty values are ignored.
    """
    filters = {k: v for k, v in (filters or {}).items() if k in LIST_FILTERS and v}
    qs = Pilot.objects.visible_to(user)
    if q := filters.get("q"):
        qs = qs.filter(Q(title__icontains=q) | Q(summary__icontains=q))
    for name in ("health_area", "life_stage", "arena", "status"):
        if name in filters:
            qs = qs.filter(**{name: filters[name]})
    if "lead_kind" in filters:
        qs = qs.filter(lead_organisation__kind=filters["lead_kind"])
    covered = Pilot.kommuner.through.objects.filter(pilot=OuterRef("pk"))
    if "kommun" in filters:
        qs = qs.filter(Exists(covered.filter(kommun__code=filters["kommun"])))
    if "lan" in filters:
        qs = qs.filter(
            Exists(covered.filter(kommun__region__lan_code=filters["lan"]))
            | Exists(
                Pilot.regioner.through.objects.filter(
                    pilot=OuterRef("pk"), region__lan_code=filters["lan"]
                )
            )
        )
    return (
        qs.select_related("lead_organisation")
        .prefetch_related(
            Prefetch(
                "kommuner", queryset=Kommun.objects.only("pk", "code", "name").order_by("name")
            )
        )
        .annotate(
            kommun_count=_count(Pilot.kommuner.through.objects.all()),
            indicator_count=_count(PilotIndicator.objects.all()),
            approved_report_count=_count(PeriodReport.objects.approved()),
        )
        .order_by("-start_date", "title", "pk")
    )


def pilot_count(*, user, filters: dict, pilots: QuerySet[Pilot]) -> int:
    """How many pilots `pilots` (pilot_list(user=user, filters=filters)) holds. For anyone not
    signed in the count is cached until a pilot changes (caching.PILOT_LIST), free-text searches
    aside: counting the public pilots read the whole table (20 000 rows at national scale) on
    every list page."""
    if getattr(user, "is_authenticated", False) or filters.get("q"):
        return pilots.count()
    key = "public:" + "&".join(f"{k}={v}" for k, v in sorted(filters.items()) if v)
    return caching.cached(caching.PILOT_LIST, key, pilots.count)


def list_filter_areas() -> dict[str, list[tuple[str, str]]]:
    """The pilot list's län and kommun choices, (code, name) by name: cached reference data
    (caching.AREA_NAMES; two queries on a miss)."""
    return caching.cached(caching.AREA_NAMES, "pilot-list-areas", _list_filter_areas)


def _list_filter_areas() -> dict[str, list[tuple[str, str]]]:
    regions = Region.objects.order_by("name").values_list("lan_code", "lan_name", "name")
    return {
        "regions": [(code, lan_name or name) for code, lan_name, name in regions],
        "kommuner": list(Kommun.objects.order_by("name").values_list("code", "name")),
    }


def pilot_detail(*, slug: str, user) -> Pilot:
    """One pilot with everything its page header needs; 404 when missing or not visible to the user."""  # noqa: E501
    pilot = (
        Pilot.objects.select_related("lead_organisation", "evaluation_plan", "adapted_from")
        .prefetch_related(
            Prefetch("kommuner", queryset=Kommun.objects.select_related("region").order_by("name")),
            "regioner",
            Prefetch("partners", queryset=PilotPartner.objects.select_related("organisation")),
        )
        .filter(slug=slug)
        .first()
    )
    if pilot is None or not rules.can_view_pilot(user, pilot):
        raise Http404
    return pilot


@dataclass
class IndicatorSeries:
    """One indicator of a pilot over its periods: what the chart and its table show."""

    link: PilotIndicator
    points: list[ChartPoint]
    targets: list[ChartTarget]
    texts: list[tuple[str, str]] = field(
        default_factory=list
    )  # (period label, text) for qualitative

    @property
    def indicator(self) -> Indicator:
        return self.link.indicator

    @property
    def baseline(self) -> Decimal | None:
        return self.link.baseline_value

    @property
    def has_values(self) -> bool:
        return any(p.value is not None for p in self.points)


class PeriodState:
    """What a period's row on the pilot page says to the pilot's own people."""

    UPCOMING = "upcoming"
    OPEN = "open"
    LOCKED = "locked"
    LABELS = {
        UPCOMING: _("Kommande"),
        OPEN: _("Öppen"),
        ReportStatus.DRAFT: _("Utkast"),
        ReportStatus.SUBMITTED: _("Inskickad"),
        ReportStatus.RETURNED: _("Returnerad"),
        ReportStatus.APPROVED: _("Godkänd"),
        LOCKED: _("Låst"),
    }


def period_state(period: ReportingPeriod, report: PeriodReport | None, today: date) -> str:
    """kommande (not started), öppen (started, no report), utkast, inskickad, returnerad,
    godkänd, or låst (locked without an approved report)."""
    if report is not None and report.status == ReportStatus.APPROVED:
        return ReportStatus.APPROVED
    if period.is_locked:
        return PeriodState.LOCKED
    if report is not None:
        return report.status
    return PeriodState.UPCOMING if period.start > today else PeriodState.OPEN


@dataclass
class TimelineEntry:
    period: ReportingPeriod
    report: PeriodReport | None  # None when the user may not see the period's report
    is_overdue: bool = False
    state: str = ""  # set for the pilot's own people only (see period_state)

    @property
    def state_label(self) -> str:
        return str(PeriodState.LABELS.get(self.state, ""))


class PilotPage:
    """What the public pilot page shows. Only the pilot (one query) is read up front; the rest is
    read when first used, so parts of the page served from the cache cost no query."""

    def __init__(self, pilot: Pilot, user):
        self.pilot = pilot
        self.user = user
        self.can_view_drafts = rules.can_view_drafts(user, pilot)
        self.can_edit = rules.can_edit_pilot(user, pilot)

    @cached_property
    def periods(self) -> list[ReportingPeriod]:
        return pilot_periods(pilot=self.pilot)

    @cached_property
    def series(self) -> list[IndicatorSeries]:
        return pilot_indicator_series(pilot=self.pilot, periods=self.periods, user=self.user)

    @cached_property
    def timeline(self) -> list[TimelineEntry]:
        return pilot_timeline(pilot=self.pilot, periods=self.periods, user=self.user)

    @cached_property
    def lessons(self) -> list[Lesson]:
        return pilot_lessons(pilot=self.pilot)

    @cached_property
    def partners(self) -> list[PilotPartner]:
        return list(self.pilot.partners.select_related("organisation"))

    @cached_property
    def kommuner(self) -> list[Kommun]:
        return list(self.pilot.kommuner.select_related("region").order_by("name"))

    @cached_property
    def regioner(self) -> list:
        return list(self.pilot.regioner.all())


def pilot_periods(*, pilot: Pilot) -> list[ReportingPeriod]:
    """The pilot's periods in order, each with its report (or none) in one query."""
    return list(
        ReportingPeriod.objects.filter(pilot=pilot).select_related("report").order_by("start")
    )


def _target_position(periods: list[ReportingPeriod], when: date) -> float:
    for i, period in enumerate(periods):
        if period.start <= when <= period.end:
            return float(i)
    if periods and when < periods[0].start:
        return 0.0
    return float(max(len(periods) - 1, 0))


def pilot_indicator_series(
    *,
    pilot: Pilot,
    periods: list[ReportingPeriod],
    user=None,
    include_unapproved: bool = False,
) -> list[IndicatorSeries]:
    """Per indicator the totals (all genders, all ages) of each period, baseline and targets.

    Only approved values, unless `include_unapproved` is asked for by someone who may see drafts.
    Two queries, whatever the number of indicators, periods and values.
    """
    statuses = [ReportStatus.APPROVED]
    if include_unapproved and rules.can_view_drafts(user, pilot):
        statuses = list(ReportStatus.values)
    links = list(
        PilotIndicator.objects.filter(pilot=pilot)
        .select_related("indicator")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("target_date"))
        )
        .order_by("order", "pk")
    )
    values = IndicatorValue.objects.filter(
        report__pilot=pilot,
        report__status__in=statuses,
        gender="T",
        age_band="",
    ).values_list("pilot_indicator_id", "report__period_id", "value", "text")
    cell = {(link_id, period_id): (value, text) for link_id, period_id, value, text in values}
    series = []
    for link in links:
        points, texts = [], []
        for period in periods:
            value, text = cell.get((link.pk, period.pk), (None, ""))
            points.append(ChartPoint(period.label, value))
            if text:
                texts.append((period.label, text))
        targets = [
            ChartTarget(
                _target_position(periods, t.target_date), t.value, t.target_date.isoformat()
            )
            for t in link.targets.all()
        ]
        series.append(IndicatorSeries(link=link, points=points, targets=targets, texts=texts))
    return series


def pilot_timeline(
    *, pilot: Pilot, periods: list[ReportingPeriod], user, today: date | None = None
) -> list[TimelineEntry]:
    """Each period with its report; reports that are not approved show only to the pilot's own people."""  # noqa: E501
    insider = rules.can_view_drafts(user, pilot)
    today = today or timezone.localdate()
    entries = []
    for period in periods:
        report = getattr(period, "report", None)
        if report is not None and report.status != ReportStatus.APPROVED and not insider:
            report = None
        overdue = period.due_date < today and (
            report is None or report.status != ReportStatus.APPROVED
        )
        state = period_state(period, report, today) if insider else ""
        entries.append(TimelineEntry(period=period, report=report, is_overdue=overdue, state=state))
    return entries


def pilot_lessons(*, pilot: Pilot) -> list[Lesson]:
    """Lessons from approved reports and from the closing report (no period), newest first."""
    return list(
        Lesson.objects.filter(pilot=pilot)
        .filter(Q(report__isnull=True) | Q(report__status=ReportStatus.APPROVED))
        .select_related("report__period")
        .order_by("-created_at", "-pk")
    )


# What the cached pilot of the page goes stale with: its own fields, plan and business case and
# the pilot it was adapted from (caching.PILOT_HEADERS), the lead organisation's name
# (caching.PILOT_PAGES).
_PILOT_NAMESPACES = (caching.PILOT_HEADERS, caching.PILOT_PAGES)


def _pilot_with_header(slug: str) -> Pilot | None:
    # The business case by name: pilots never imports business_cases (the reverse relation).
    return (
        Pilot.objects.select_related(
            "lead_organisation", "evaluation_plan", "adapted_from", "business_case"
        )
        .filter(slug=slug)
        .first()
    )


def pilot_page(*, slug: str, user) -> PilotPage:
    """Everything the public pilot page shows. Only approved values and lessons, even for insiders.

    The pilot with what the header shows (404 when missing or not visible to the user) comes
    from the cache (`_PILOT_NAMESPACES`), the viewer's rights are checked live; the parts are
    read when first used (a fixed number of queries each, whatever the data size)."""
    pilot = caching.cached_across(
        _PILOT_NAMESPACES, f"pilot-page-pilot:{slug}", lambda: _pilot_with_header(slug)
    )
    if pilot is None or not rules.can_view_pilot(user, pilot):
        raise Http404
    return PilotPage(pilot, user)


# --- API reads ---------------------------------------------------------------------------------


def indicator_library() -> QuerySet[Indicator]:
    """The shared indicator library (the API filters it by measure and Kolada KPI)."""
    return Indicator.objects.library().order_by("name", "pk")


def pilot_indicator_list(*, pilot: Pilot) -> QuerySet[PilotIndicator]:
    """A pilot's indicators with their definitions and targets."""
    return (
        PilotIndicator.objects.filter(pilot=pilot)
        .select_related("indicator", "pilot")
        .prefetch_related(
            Prefetch("targets", queryset=IndicatorTarget.objects.order_by("target_date"))
        )
        .order_by("order", "pk")
    )


def period_list(*, user) -> QuerySet[ReportingPeriod]:
    """Reporting periods of the pilots the user may see."""
    return (
        ReportingPeriod.objects.filter(pilot__in=Pilot.objects.visible_to(user).values("pk"))
        .select_related("pilot")
        .order_by("pilot_id", "start")
    )


def pilots_lost_on_removal(*, membership) -> QuerySet[Pilot]:
    """Pilots the member may edit only through this organisation membership: led by the
    organisation and not reachable through an editing pilot-level role of their own. Empty for
    a reader, who edits nothing. One query."""
    if membership.role not in rules.EDIT_ROLES:
        return Pilot.objects.none()
    own_roles = PilotMembership.objects.filter(
        pilot=OuterRef("pk"), user_id=membership.user_id, role__in=rules.EDIT_ROLES
    )
    return (
        Pilot.objects.filter(lead_organisation_id=membership.organisation_id)
        .exclude(Exists(own_roles))
        .order_by("title")
    )
