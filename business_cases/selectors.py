"""Reads for business cases: one case with its lines and amounts, turned into the plain
`business_cases.economics.Line` objects the arithmetic takes, realised reach and effect from
approved period results, and per-actor summaries for listings. Every read runs a constant number of
queries, whatever the number of lines, years or periods.

Visibility: a public (or otherwise visible) pilot's business case is visible to whoever may see
the pilot unless the case is a draft; a draft is visible only to the pilot's own people
(business_cases.rules). Editing follows `rules.can_edit_case`.
"""

import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404

from business_cases import economics, rules, years
from business_cases.models import (
    BusinessCase,
    BusinessCaseAmount,
    BusinessCaseLine,
    DiscountRateSchedule,
)
from business_cases.reference_data import DEFAULT_SCHEDULE, shown
from pilots.models import IndicatorValue, Pilot, ReportStatus
from pilots.models.indicators import Accumulation, Direction

FALLBACK_SCHEDULE = economics.DiscountSchedule(
    DEFAULT_SCHEDULE["name"], tuple((y, r / 100) for y, r in DEFAULT_SCHEDULE["steps"])
)


logger = logging.getLogger(__name__)


@dataclass
class Realised:
    """What approved results say against what a benefit line assumed."""

    line: BusinessCaseLine
    reach: Decimal | None = None  # the latest year's figure (whole or part year)
    reach_periods: int = 0
    # Per calendar year, by the indicator's year-combination rule (business_cases.years).
    reach_years: dict = field(default_factory=dict)
    reach_rule: str = ""

    @property
    def whole_years(self) -> dict:
        """Only whole years ever replace an assumption; part years are shown, marked."""
        return {y: f for y, f in self.reach_years.items() if f.whole_year}

    effect: Decimal | None = None  # % change from baseline, positive = in the good direction
    effect_periods: int = 0

    @property
    def assumed_reach(self) -> Decimal | None:
        return self.line.people

    @property
    def reach_ratio(self) -> float | None:
        if self.reach is None or not self.line.people:
            return None
        return float(self.reach / self.line.people)


@dataclass
class BusinessCaseData:
    """A loaded business case and what the arithmetic needs."""

    pilot: Pilot
    case: BusinessCase
    lines: list[BusinessCaseLine]
    schedule: economics.DiscountSchedule
    realised: dict[int, Realised] = field(default_factory=dict)

    @property
    def schedule_name(self) -> str:
        """In the reader's language when it is the seeded standard."""
        return shown(self.schedule.name)

    def economics_lines(self, *, actuals: bool | None = None) -> list[economics.Line]:
        """The lines as `economics.Line`s (year offsets from the base year). With `actuals` (by
        default: when the case owner chose realised figures), a linked benefit uses the realised
        whole-year reach for the years that have one and the assumed people for the others."""
        if actuals is None:
            actuals = self.case.use_realised
        out = []
        for line in self.lines:
            amounts = {
                a.year - self.case.base_year: float(a.amount_sek) for a in line.amounts.all()
            }
            realised = self.realised.get(line.pk)
            if actuals and realised and line.is_derived:
                for year, figure in realised.whole_years.items():
                    offset = year - self.case.base_year
                    if offset in amounts:
                        amounts[offset] = float(
                            line.unit_amount_sek * figure.value * line.effect_pct / 100
                        )
            out.append(
                economics.Line(
                    kind=line.kind,
                    actor=line.actor,
                    amounts=amounts,
                    value_type=line.value_type,
                    label=line.label,
                    optimism_bias=economics.optimism_bias_for_grade(line.confidence),
                    deadweight=float(line.deadweight_pct) / 100,
                    attribution=float(line.attribution_pct) / 100,
                    drop_off=float(line.drop_off_pct) / 100,
                    key=str(line.pk),
                )
            )
        return out

    @property
    def has_actuals(self) -> bool:
        return any(r.whole_years and r.line.is_derived for r in self.realised.values())


def schedule_for(db_schedule: DiscountRateSchedule | None) -> economics.DiscountSchedule:
    """The economics schedule of a stored one; the built-in standard when there is none."""
    if db_schedule is None:
        return FALLBACK_SCHEDULE
    steps = tuple((int(y), float(r) / 100) for y, r in db_schedule.steps)
    return economics.DiscountSchedule(db_schedule.name, steps)


def default_schedule() -> DiscountRateSchedule | None:
    return DiscountRateSchedule.objects.filter(is_default=True).first()


def _lines_queryset():
    return BusinessCaseLine.objects.select_related(
        "unit_cost", "pilot_indicator__indicator", "effect_indicator__indicator"
    ).prefetch_related(Prefetch("amounts", queryset=BusinessCaseAmount.objects.order_by("year")))


def _realised(lines: list[BusinessCaseLine]) -> dict[int, Realised]:
    """Reach and effect per linked line from approved values (totals: all genders and ages)."""
    links = {}
    for line in lines:
        for link in (line.pilot_indicator, line.effect_indicator):
            if link is not None:
                links[link.pk] = link
    if not links:
        return {}
    rows = (
        IndicatorValue.objects.filter(
            pilot_indicator_id__in=links,
            report__status=ReportStatus.APPROVED,
            gender="T",
            age_band="",
            value__isnull=False,
        )
        .order_by("report__period__start")
        .values_list("pilot_indicator_id", "value", "report__period__start", "report__period__end")
    )
    series: dict[int, list[Decimal]] = {}
    periods: dict[int, list[years.PeriodValue]] = {}
    for link_id, value, start, end in rows:
        series.setdefault(link_id, []).append(value)
        periods.setdefault(link_id, []).append(years.PeriodValue(start, end, value))
    out = {}
    for line in lines:
        if line.pilot_indicator_id is None and line.effect_indicator_id is None:
            continue
        realised = Realised(line=line)
        values = series.get(line.pilot_indicator_id, [])
        if values:
            indicator = line.pilot_indicator.indicator
            cumulative = indicator.accumulation == Accumulation.CUMULATIVE
            realised.reach_rule = indicator.year_combination
            realised.reach_years = years.combine(
                periods[line.pilot_indicator_id], indicator.year_combination, cumulative=cumulative
            )
            if realised.reach_years:
                realised.reach = realised.reach_years[max(realised.reach_years)].value
            realised.reach_periods = len(values)
        effect_values = series.get(line.effect_indicator_id, [])
        link = line.effect_indicator
        if effect_values and link is not None and link.baseline_value:
            change = (effect_values[-1] - link.baseline_value) / abs(link.baseline_value) * 100
            if link.indicator.direction == Direction.LOWER:
                change = -change
            realised.effect = change
            realised.effect_periods = len(effect_values)
        out[line.pk] = realised
    return out


def visible_pilot(*, slug: str, user) -> Pilot:
    """The pilot by slug if the user may see it; 404 otherwise."""
    pilot = Pilot.objects.select_related("lead_organisation").filter(slug=slug).first()
    if pilot is None or not rules.can_view_pilot(user, pilot):
        raise Http404
    return pilot


def can_view_business_case(user, case: BusinessCase) -> bool:
    return rules.can_view_case(user, case)


def business_case_load(*, pilot: Pilot, user) -> BusinessCaseData | None:
    """The pilot's business case with lines, amounts, schedule and actuals; None when it has
    none or the user may not see it. Five queries beside the permission checks."""
    case = BusinessCase.objects.select_related("schedule").filter(pilot=pilot).first()
    if case is None:
        return None
    case.pilot = pilot
    if not can_view_business_case(user, case):
        return None
    lines = list(_lines_queryset().filter(business_case=case).order_by("order", "pk"))
    for line in lines:
        line.business_case = case
    schedule = schedule_for(case.schedule or default_schedule())
    return BusinessCaseData(
        pilot=pilot, case=case, lines=lines, schedule=schedule, realised=_realised(lines)
    )


def business_case_detail(*, slug: str, user) -> BusinessCaseData:
    """The business case of a pilot the user may see; 404 when missing or not visible."""
    data = business_case_load(pilot=visible_pilot(slug=slug, user=user), user=user)
    if data is None:
        raise Http404
    return data


def business_case_list(*, user):
    """Business cases the user may see (API listing): visible pilots; drafts only for insiders."""
    qs = rules.visible_cases(user, BusinessCase.objects.all())
    return qs.select_related("pilot", "schedule").order_by("pilot__title", "pk")


@dataclass
class ActorSummary:
    actor: str
    label: str
    npv: float
    bcr: float | None
    pv_costs: float
    pv_benefits: float


@dataclass
class BusinessCaseSummary:
    """Per-actor NPV and BCR of one published business case, for listings."""

    pilot_id: int
    schedule_name: str
    horizon: int
    base_year: int
    is_demo: bool
    actors: list[ActorSummary]
    total: ActorSummary
    slug: str = ""


def business_case_summaries(pilot_ids) -> dict[int, BusinessCaseSummary]:
    """pilot id → per-actor summary of its business case, for published (non-draft) cases only.
    The caller passes pilots the user may already see. Five queries, whatever the count."""
    from business_cases.models import Actor

    cases = list(
        BusinessCase.objects.filter(pilot_id__in=list(pilot_ids), is_draft=False).select_related(
            "schedule", "pilot"
        )
    )
    if not cases:
        return {}
    lines = list(_lines_queryset().filter(business_case__in=cases).order_by("order", "pk"))
    by_case: dict[int, list[BusinessCaseLine]] = {}
    for line in lines:
        by_case.setdefault(line.business_case_id, []).append(line)
    realised = _realised(lines)
    fallback = None
    if any(c.schedule_id is None for c in cases):
        fallback = schedule_for(default_schedule())
    labels = dict(Actor.choices)
    out = {}
    for case in cases:
        own = by_case.get(case.pk, [])
        data = BusinessCaseData(
            pilot=case.pilot,
            case=case,
            lines=own,
            schedule=schedule_for(case.schedule) if case.schedule_id else fallback,
            realised={pk: r for pk, r in realised.items() if r.line.business_case_id == case.pk},
        )
        try:
            result = economics.compute(
                data.economics_lines(), horizon=case.horizon_years, schedule=data.schedule
            )
        except economics.BusinessCaseError:
            # Services keep stored cases valid; a case edited around them is left out of
            # summaries rather than breaking every page that lists it.
            logger.warning("Business case %s cannot be computed; left out of summaries", case.pk)
            continue

        def summary(actor, r):
            return ActorSummary(
                actor, str(labels.get(actor, actor)), r.npv, r.bcr, r.pv_costs, r.pv_benefits
            )

        order = list(labels)
        actors = sorted(result.actors.items(), key=lambda kv: order.index(kv[0]))
        out[case.pilot_id] = BusinessCaseSummary(
            pilot_id=case.pilot_id,
            schedule_name=data.schedule_name,
            horizon=case.horizon_years,
            base_year=case.base_year,
            is_demo=case.is_demo,
            actors=[summary(a, r) for a, r in actors],
            total=summary("total", result.total),
            slug=case.pilot.slug,
        )
    return out
