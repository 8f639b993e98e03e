"""Reads for editorial pages: key figures, goal progress, contributing pilots, latest updates.

Every function issues a fixed number of queries, whatever the number of goals, pilots, reports or
statistics, so the home, vision and goal pages keep a constant query count.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from benchmarking import compute
from benchmarking.models import StatisticValue
from cms import progress
from cms.models import GoalContribution, NationalGoalPage, UpdatePage
from core import caching
from partners.models import Kommun, Organisation
from pilots.models import IndicatorValue, PeriodReport, Pilot, ReportStatus
from pilots.selectors import pilot_list

RIKET = "0000"
CONTRIBUTIONS_PER_PAGE = 20


def home_key_figures() -> dict[str, int]:
    """The partnership in numbers: approved partners and the kommuner they are in, open pilots,
    the kommuner those pilots reach and their approved period reports. Counted over whole tables,
    so cached until a partner, pilot or report changes (no query on a hit, five on a miss)."""
    return caching.cached(caching.PUBLIC_FIGURES, "home-key-figures", _count_key_figures)


def _count_key_figures() -> dict[str, int]:
    partners = Organisation.objects.approved().aggregate(
        partners=Count("pk"),
        kommuner_partners=Count("pk", filter=Q(kind="kommun")),
        regioner_partners=Count("pk", filter=Q(kind="region")),
    )
    kommuner = (
        Kommun.objects.filter(organisations__status=Organisation.Status.APPROVED).distinct().count()
    )
    public = Pilot.objects.public()
    reached = Kommun.objects.filter(pilots__in=public.values("pk")).distinct().count()
    reports = PeriodReport.objects.approved().filter(pilot__in=public.values("pk")).count()
    return {
        **partners,
        "kommuner_with_partners": kommuner,
        "pilots": public.count(),
        "kommuner_reached": reached,
        "approved_reports": reports,
    }


@dataclass
class GoalCard:
    """A goal with its computed progress and where the figures come from."""

    goal: NationalGoalPage
    progress: progress.Progress
    source: str  # "statistics", "pilots" or "" (nothing to measure with yet)
    pilot_count: int = 0  # pilots behind a "pilots" figure
    hidden_years: list[int] = field(default_factory=list)  # pilot figures on < 5 persons
    years: dict[float, int] = field(default_factory=dict)  # observation → its year, for labels

    @property
    def latest_year(self) -> int | None:
        latest = self.progress.latest
        return self.years.get(latest.at) if latest else None

    @property
    def table(self) -> list[tuple[int | None, float]]:
        """(year, value) of every observation after the baseline, oldest first."""
        return [(self.years.get(o.at), o.value) for o in self.progress.observations]


def _today() -> float:
    return progress.decimal_year(timezone.localdate())


def _spec(goal: NationalGoalPage) -> progress.Goal:
    return progress.Goal(
        baseline_at=progress.year_middle(goal.baseline_year),
        baseline_value=float(goal.baseline_value),
        target_at=progress.decimal_year(goal.target_date),
        target_value=float(goal.target_value),
        direction=progress.Direction(goal.direction),
    )


def goal_cards(*, goals: list[NationalGoalPage], today: date | None = None) -> list[GoalCard]:
    """Progress for each goal: no query while the figures are cached (until a pilot, report or
    statistic changes), three at most on a miss, whatever the data size.

    Goals with a Kolada KPI (their own or their indicator's) use the imported statistics for riket
    (area "0000", both genders). The others use approved results of open pilots on the goal's
    library indicator: per calendar year of the period's end, the unweighted mean of the pilots'
    totals. Pass goals with `indicator` selected (select_related) to avoid a query per goal.
    """
    at_today = progress.decimal_year(today) if today else _today()
    kpis = sorted({g.kpi for g in goals if g.kpi})
    indicator_ids = sorted({g.indicator_id for g in goals if not g.kpi and g.indicator_id})
    key = "goal-series-v2:" + ",".join(kpis) + ":" + ",".join(map(str, indicator_ids))
    by_kpi, by_indicator, pilots_by_indicator, hidden = caching.cached(
        caching.PUBLIC_FIGURES, key, lambda: _goal_series(kpis, indicator_ids)
    )
    cards = []
    for goal in goals:
        if goal.kpi:
            source, yearly = "statistics", by_kpi.get(goal.kpi, {})
            pilot_count, hidden_years = 0, []
        elif goal.indicator_id:
            source = "pilots"
            yearly = by_indicator.get(goal.indicator_id, {})
            pilot_count = pilots_by_indicator.get(goal.indicator_id, 0)
            hidden_years = sorted(hidden.get(goal.indicator_id, []))
        else:
            source, yearly, pilot_count, hidden_years = "", {}, 0, []
        observations = [progress.Observation(progress.year_middle(y), v) for y, v in yearly.items()]
        cards.append(
            GoalCard(
                goal=goal,
                progress=progress.assess(_spec(goal), observations, today=at_today),
                source=source,
                pilot_count=pilot_count,
                hidden_years=hidden_years,
                years={progress.year_middle(y): y for y in yearly},
            )
        )
    return cards


def _goal_series(kpis: list[str], indicator_ids: list[int]) -> tuple[dict, dict, dict, dict]:
    """Yearly figures behind goal progress, aggregated in the database (three queries at most):
    riket's statistics per KPI and year, as Kolada publishes them (Kolada's `count` is 1 for riket
    and hides nothing; a null is missing); per library indicator and calendar year of the period's
    end, the mean of open pilots' approved totals, left out when it rests on fewer than 5 persons
    (summed denominators, when every value has one: benchmarking.compute.too_few_persons); and
    how many pilots report each indicator."""
    by_kpi: dict[str, dict[int, float]] = defaultdict(dict)
    if kpis:
        rows = StatisticValue.objects.filter(
            kpi_id__in=kpis, area=RIKET, gender="T", value__isnull=False
        ).values_list("kpi_id", "year", "value")
        for kpi, year, value in rows:
            by_kpi[kpi][year] = float(value)
    by_indicator: dict[int, dict[int, float]] = defaultdict(dict)
    hidden: dict[int, list[int]] = defaultdict(list)
    pilot_counts: dict[int, int] = {}
    if indicator_ids:
        approved = IndicatorValue.objects.filter(
            pilot_indicator__indicator_id__in=indicator_ids,
            report__status=ReportStatus.APPROVED,
            report__pilot__in=Pilot.objects.public().values("pk"),
            gender="T",
            age_band="",
            value__isnull=False,
        )
        yearly = (
            approved.values_list(
                "pilot_indicator__indicator_id", ExtractYear("report__period__end")
            )
            .annotate(
                total=Sum("value"),
                n=Count("pk"),
                persons=Sum("denominator"),
                with_persons=Count("denominator"),
            )
            .order_by()
        )
        for indicator_id, year, total, n, persons, with_persons in yearly:
            known = int(persons) if with_persons == n and persons is not None else None
            if compute.too_few_persons(known):
                hidden[indicator_id].append(year)  # the benchmark's rule for pilot figures
                continue
            by_indicator[indicator_id][year] = float(total) / n
        pilot_counts = dict(
            approved.values_list("pilot_indicator__indicator_id")
            .annotate(n=Count("report__pilot_id", distinct=True))
            .order_by()
        )
    return dict(by_kpi), dict(by_indicator), pilot_counts, dict(hidden)


def live_goals():
    """Live national goals with their indicator, in tree order."""
    return NationalGoalPage.objects.live().public().select_related("indicator").order_by("path")


def latest_updates(*, count: int = 3):
    """The newest live, public updates."""
    return (
        UpdatePage.objects.live().public().order_by("-date", "-first_published_at", "-pk")[:count]
    )


def home_page_context(*, page, user) -> dict:
    """Featured goals with progress (or the first four goals), latest updates and key figures.

    Each is read when the template first uses it: the home page caches the HTML they make
    (`home_cache_version`), so a cached view reads none of them."""

    def cards():
        chosen = [item.goal_id for item in page.featured_goals.all()]
        if chosen:
            found = {g.pk: g for g in live_goals().filter(pk__in=chosen)}
            goals = [found[pk] for pk in chosen if pk in found]
        else:
            goals = list(live_goals()[:4])
        return goal_cards(goals=goals)

    return {
        "goal_cards": SimpleLazyObject(cards),
        "latest_updates": SimpleLazyObject(lambda: list(latest_updates())),
        "key_figures": SimpleLazyObject(home_key_figures),
    }


def home_cache_version(*, page, request) -> str | None:
    """The key the home page's goals, figures and updates are cached under: stale when a figure
    (caching.PUBLIC_FIGURES) or a published page (caching.CMS_PAGES) changes, and daily (goal
    progress is assessed against today). None (not cached) for a preview of unpublished edits."""
    if getattr(request, "is_preview", False):
        return None
    versions = caching.versions(caching.PUBLIC_FIGURES, caching.CMS_PAGES)
    return f"{page.pk}:{versions}:{timezone.localdate().isoformat()}"


def contributing_pilots(*, user, goal_ids):
    """Pilots the user may see that contribute to any of the goals, with list fields preloaded."""
    contributing = GoalContribution.objects.filter(goal_id__in=goal_ids).values("pilot_id")
    return pilot_list(user=user).filter(pk__in=contributing)


def vision_page_context(*, page, user) -> dict:
    """The vision's goals (its live child pages) with progress, and up to twelve of the pilots
    that contribute to them (with the total)."""
    goals = list(live_goals().child_of(page))
    pilots = contributing_pilots(user=user, goal_ids=[g.pk for g in goals])
    return {
        "goal_cards": goal_cards(goals=goals),
        "pilots": list(pilots[:12]),
        "pilot_total": pilots.count(),
    }


@dataclass
class ContributionRow:
    contribution: GoalContribution
    report: PeriodReport | None
    values: list[IndicatorValue]


def goal_contributions(
    *, goal: NationalGoalPage, user, page_number=None
) -> tuple[PaginatorPage, list[ContributionRow]]:
    """The goal's contributing pilots the user may see, paginated, each with its latest approved
    report and that report's totals (gender T, all ages); the goal's own indicator first."""
    latest = (
        PeriodReport.objects.approved()
        .filter(pilot=OuterRef("pilot"))
        .order_by("-period__start")
        .values("pk")[:1]
    )
    contributions = (
        GoalContribution.objects.filter(
            goal=goal, pilot__in=Pilot.objects.visible_to(user).values("pk")
        )
        .select_related("pilot__lead_organisation")
        .annotate(latest_report_id=Subquery(latest))
        .order_by("pilot__title", "pk")
    )
    page_obj = Paginator(contributions, CONTRIBUTIONS_PER_PAGE).get_page(page_number)
    report_ids = [c.latest_report_id for c in page_obj if c.latest_report_id]
    reports = {
        r.pk: r for r in PeriodReport.objects.filter(pk__in=report_ids).select_related("period")
    }
    values = defaultdict(list)
    for value in (
        IndicatorValue.objects.filter(report_id__in=report_ids, gender="T", age_band="")
        .exclude(value__isnull=True)
        .select_related("pilot_indicator__indicator")
        .order_by("pilot_indicator__order", "pk")
    ):
        values[value.report_id].append(value)
    rows = []
    for contribution in page_obj:
        own = values.get(contribution.latest_report_id, [])
        own.sort(key=lambda v: v.pilot_indicator.indicator_id != goal.indicator_id)
        rows.append(
            ContributionRow(
                contribution=contribution,
                report=reports.get(contribution.latest_report_id),
                values=own,
            )
        )
    return page_obj, rows


def goal_page_context(*, page, user, page_number=None) -> dict:
    """Everything a goal page shows: its progress, chart and contributing pilots."""
    card = goal_cards(goals=[page])[0]
    if page.pk is None:  # a preview of a goal not yet saved
        return {"card": card, "contributions_page": None, "contribution_rows": []}
    page_obj, rows = goal_contributions(goal=page, user=user, page_number=page_number)
    return {"card": card, "contributions_page": page_obj, "contribution_rows": rows}


def goal_page_cache_version(*, page, request, page_number) -> str:
    """What a visitor's cached goal page is stored under ('' when it is rendered live): the
    versions of caching.PUBLIC_PAGES (pilots, reports, contributions, pages; see
    learning.page_cache) and caching.PUBLIC_FIGURES (goal progress, statistics), the page's
    last publication and the page of contributors. The signed-in (they may see private pilots
    and the contribute button), previews, unsaved pages and odd page numbers are rendered live."""
    if page.pk is None or getattr(request, "is_preview", False) or request.user.is_authenticated:
        return ""
    if page_number and not (page_number.isdigit() and len(page_number) <= 4):
        return ""
    published = page.last_published_at.isoformat() if page.last_published_at else ""
    figures = caching.version(caching.PUBLIC_FIGURES)
    today = timezone.localdate().isoformat()  # "the path requires today" moves daily
    pages = caching.version(caching.PUBLIC_PAGES)
    return f"{pages}.{figures}.{published}.{today}.{page_number or ''}"


def block_pilots(*, user, health_area: str = "", life_stage: str = "", count: int = 3):
    """The newest pilots the user may see, filtered by health area and life stage (page blocks)."""
    filters = {"health_area": health_area, "life_stage": life_stage}
    return list(pilot_list(user=user, filters=filters)[:count])


def pilots_user_can_contribute(*, user, goal: NationalGoalPage):
    """Pilots the user may edit that do not yet contribute to the goal (for the portal form)."""
    from pilots.rules import editable_q

    already = GoalContribution.objects.filter(goal=goal).values("pilot_id")
    return list(
        Pilot.objects.filter(editable_q(user))
        .exclude(pk__in=already)
        .select_related("lead_organisation")
        .order_by("title")
    )
