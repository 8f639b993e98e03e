"""Demo pilots for `seed_demo`: about 150 pilots across health areas, life stages, arenas, kommuner,
statuses and visibilities, with periods of reports in every workflow state and lessons.

Deterministic (one seeded random.Random), idempotent (keyed on the pilot's slug: existing pilots
are left alone) and fast (bulk_create per table). Every figure is invented and says so.
"""

import random
from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from partners.models import Kommun, Membership, Organisation, OrganisationKind, Role
from pilots.demo_data import (  # noqa: F401  (DEMO_NOTE and SEED are part of the demo's API)
    CADENCES,
    DEMO_NOTE,
    DEMO_RULES,
    DESIGNS,
    EXTRA_KOMMUNER,
    LESSONS,
    LIBRARY,
    NARRATIVES,
    OPEN_STATES,
    PILOT_COUNT,
    SEED,
    STATUSES,
    SUMMARY,
    THEMES,
    VISIBILITIES,
    WHO,
    Theme,
)
from pilots.models import (
    EvaluationDesign,
    EvaluationPlan,
    Indicator,
    IndicatorTarget,
    IndicatorValue,
    Lesson,
    Measure,
    PartnerRole,
    PeriodReport,
    Pilot,
    PilotIndicator,
    PilotPartner,
    PilotStatus,
    ProgressStatus,
    ReportingPeriod,
    ReportStatus,
    ValidationRule,
)
from pilots.periods import generate_periods
from pilots.validation.expressions import ExpressionError, parse


def _library() -> dict[str, Indicator]:
    indicators = {}
    for name, (definition, unit, measure, direction) in LIBRARY.items():
        indicators[name], _ = Indicator.objects.get_or_create(
            name=name,
            in_library=True,
            pilot=None,
            defaults={
                "definition": definition,
                "unit": unit,
                "measure": measure,
                "direction": direction,
                "illustrative": True,
            },
        )
    return indicators


def _validation_rules() -> int:
    """The demo's library rules (DEMO_RULES), matched on name; returns how many were added."""
    names = {i.name.lower(): i for i in Indicator.objects.library()}
    existing = set(ValidationRule.objects.library().values_list("name", flat=True))
    added = 0
    for name, left, operator, right, message, severity in DEMO_RULES:
        if name in existing:
            continue
        try:
            sides = parse(left, names), parse(right, names)
        except ExpressionError:
            continue
        ValidationRule.objects.create(
            name=name,
            left=sides[0],
            operator=operator,
            right=sides[1],
            message=message,
            severity=severity,
        )
        added += 1
    return added


def _q(value: float, places: str = "0.1") -> Decimal:
    return Decimal(str(value)).quantize(Decimal(places))


class _Builder:
    """Holds the unsaved rows of one run so each table is written with one bulk_create."""

    def __init__(self, rng: random.Random, today: date):
        self.rng, self.today = rng, today
        self.organisations = list(
            Organisation.objects.approved().select_related("kommun", "region").order_by("pk")
        )
        self.leads = [
            o for o in self.organisations if o.kind != OrganisationKind.MYNDIGHET
        ] or self.organisations
        self.kommuner = {
            k.code: k
            for k in Kommun.objects.filter(code__in=EXTRA_KOMMUNER).select_related("region")
        }
        # (organisation id, role) -> user id of a demo member, for submitted_by/decided_by.
        self.users = {
            (org_id, role): user_id
            for user_id, org_id, role in Membership.objects.filter(
                role__in=[Role.REPORTER, Role.APPROVER]
            )
            .order_by("-pk")
            .values_list("user_id", "organisation_id", "role")
        }

    def kommuner_for(self, lead: Organisation) -> list[Kommun]:
        chosen = [lead.kommun] if lead.kommun_id else []
        region_kommuner = [
            k for k in self.kommuner.values() if lead.region_id and k.region_id == lead.region_id
        ]
        pool = region_kommuner or list(self.kommuner.values())
        for _ in range(self.rng.choice([0, 0, 1, 1, 2, 3])):
            chosen.append(self.rng.choice(pool))
        if not chosen:
            chosen.append(self.rng.choice(pool))
        return list(dict.fromkeys(chosen))


def _lowercase_first(label: str) -> str:
    """A label inside a sentence: "randomiserad kontrollerad studie (RCT)", the acronym kept."""
    return label[:1].lower() + label[1:]


def _pilot(builder: _Builder, n: int) -> tuple[Pilot, dict]:
    rng = builder.rng
    theme = THEMES[n % len(THEMES)]
    lead = builder.leads[(n * 7 + rng.randrange(len(builder.leads))) % len(builder.leads)]
    kommuner = builder.kommuner_for(lead)
    place = kommuner[0].name
    partners = rng.sample(
        [o for o in builder.organisations if o.pk != lead.pk], k=rng.choice([1, 2, 2, 3])
    )
    start = date(2023 + rng.randrange(3), rng.choice([1, 3, 4, 7, 9]), 1)
    end = start + timedelta(days=rng.choice([365, 547, 730, 1095]) - 1)
    status = rng.choice(STATUSES)
    if status == PilotStatus.COMPLETED and end >= builder.today:
        status = PilotStatus.ACTIVE
    if status == PilotStatus.ACTIVE and end < builder.today:
        status = PilotStatus.COMPLETED
    design = rng.choice(DESIGNS)
    title = f"{theme.brand} – {theme.tagline}, {place}"
    summary = SUMMARY.format(
        brand=theme.brand,
        tagline=theme.tagline,
        place=place,
        lead=lead.name,
        partners=", ".join(p.name for p in partners),
        who=WHO[theme.life_stage],
        design=_lowercase_first(str(dict(EvaluationDesign.choices)[design])),
        note=DEMO_NOTE,
    )
    pilot = Pilot(
        title=title[:200],
        slug=slugify(f"{theme.brand}-{place}-{n + 1}")[:200],
        summary=summary,
        health_area=theme.health_area,
        life_stage=theme.life_stage,
        arena=theme.arena,
        lead_organisation=lead,
        start_date=start,
        end_date=end,
        budget_sek=Decimal(rng.randrange(4, 120) * 50_000),
        status=status,
        visibility=rng.choice(VISIBILITIES),
        published_at=None if status == PilotStatus.DRAFT else timezone.now(),
    )
    return pilot, {"theme": theme, "kommuner": kommuner, "partners": partners, "design": design}


def _values(
    rng, link: PilotIndicator, report, progress_share: float, effect: float, target: Decimal | None
):
    indicator = link.indicator
    if indicator.measure == Measure.QUALITATIVE:
        return [
            IndicatorValue(
                report=report,
                pilot_indicator=link,
                text=rng.choice(
                    [
                        "Deltagarna beskriver träffarna som meningsfulla och vill fortsätta.",
                        "Flera deltagare har tagit med sig en vän till nästa träff.",
                        "Personalen upplever att arbetssättet är lätt att använda i vardagen.",
                    ]
                ),
            )
        ]
    if rng.random() < 0.06:  # now and then a value is missing: the chart shows a gap
        return []
    base = float(link.baseline_value if link.baseline_value is not None else 0)
    goal = float(target if target is not None else base)
    raw = (
        base
        + (goal - base) * min(progress_share * effect, 1.3)
        + rng.uniform(-0.12, 0.12) * (abs(goal - base) or 5)
    )
    if indicator.measure == Measure.PERCENT:
        denominator = rng.randrange(80, 400)
        numerator = max(0, min(denominator, round(raw / 100 * denominator)))
        value = _q(numerator / denominator * 100, "0.0001")
        return [
            IndicatorValue(
                report=report,
                pilot_indicator=link,
                value=value,
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
            )
        ]
    return [IndicatorValue(report=report, pilot_indicator=link, value=_q(max(raw, 0), "1"))]


@transaction.atomic
def seed(stdout=None, *, count: int = PILOT_COUNT, today: date | None = None) -> dict[str, int]:
    """Create the demo pilots that do not exist yet (matched on slug). Returns counts."""
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    builder = _Builder(rng, today)
    if not builder.organisations:
        return {"pilots": 0}
    library = _library()
    drafts = [_pilot(builder, n) for n in range(count)]
    existing = set(
        Pilot.objects.filter(slug__in=[p.slug for p, _ in drafts]).values_list("slug", flat=True)
    )
    new = [(p, extra) for p, extra in drafts if p.slug not in existing]
    Pilot.objects.bulk_create([p for p, _ in new])
    plans, partners, covered, links, periods = [], [], [], [], []
    for pilot, extra in new:
        plans.append(
            EvaluationPlan(
                pilot=pilot,
                design=extra["design"],
                cadence=rng.choice(CADENCES),
                theory_of_change=f"Om vi erbjuder {extra['theme'].tagline} till {WHO[pilot.life_stage]} så förbättras "  # noqa: E501
                f"hälsan, eftersom tidiga insatser förebygger senare vårdbehov.",
                design_notes="Uppföljning mot utgångsvärdet; demodata.",
            )
        )
        partners.append(
            PilotPartner(pilot=pilot, organisation=pilot.lead_organisation, role=PartnerRole.LEAD)
        )
        roles = [PartnerRole.CO_FUNDER, PartnerRole.IMPLEMENTER, PartnerRole.EVALUATOR]
        for i, org in enumerate(extra["partners"]):
            partners.append(PilotPartner(pilot=pilot, organisation=org, role=roles[i % 3]))
        covered += [
            Pilot.kommuner.through(pilot_id=pilot.pk, kommun_id=k.pk) for k in extra["kommuner"]
        ]
        theme = extra["theme"]
        names = ["Antal deltagare i insatsen", theme.indicator] + (
            ["Deltagarnas upplevelse"] if rng.random() < 0.3 else []
        )
        for order, name in enumerate(dict.fromkeys(names)):
            indicator = library[name]
            if name == "Antal deltagare i insatsen":
                baseline = Decimal(0)
                target = Decimal(rng.randrange(6, 40) * 10)
            elif indicator.measure == Measure.QUALITATIVE:
                baseline = target = None
            else:
                baseline = Decimal(rng.randint(*theme.baseline))
                target = _q(float(baseline) * (1 + theme.change), "1")
            link = PilotIndicator(
                pilot=pilot,
                indicator=indicator,
                baseline_value=baseline,
                baseline_date=pilot.start_date,
                order=order,
            )
            link._target = target
            links.append(link)
    EvaluationPlan.objects.bulk_create(plans)
    PilotPartner.objects.bulk_create(partners, ignore_conflicts=True)
    Pilot.kommuner.through.objects.bulk_create(covered, ignore_conflicts=True)
    PilotIndicator.objects.bulk_create(links)
    IndicatorTarget.objects.bulk_create(
        IndicatorTarget(pilot_indicator=link, target_date=link.pilot.end_date, value=link._target)
        for link in links
        if link._target is not None
    )
    plan_by_pilot = {plan.pilot_id: plan for plan in plans}
    for pilot, _ in new:
        for spec in generate_periods(
            pilot.start_date, pilot.end_date, plan_by_pilot[pilot.pk].cadence
        ):
            periods.append(
                ReportingPeriod(
                    pilot=pilot,
                    start=spec.start,
                    end=spec.end,
                    due_date=spec.due_date,
                    label=spec.label,
                )
            )
    ReportingPeriod.objects.bulk_create(periods)
    reports, states = _reports(rng, builder, new, periods, today)
    PeriodReport.objects.bulk_create(reports)
    ReportingPeriod.objects.bulk_update(
        [r.period for r in reports if r.status == ReportStatus.APPROVED], ["is_locked"]
    )
    links_by_pilot: dict[int, list[PilotIndicator]] = {}
    for link in links:
        links_by_pilot.setdefault(link.pilot_id, []).append(link)
    values, lessons = [], []
    effect = {pilot.pk: rng.uniform(0.5, 1.15) for pilot, _ in new}
    for report in reports:
        share = states[report.period.pk]
        for link in links_by_pilot.get(report.pilot_id, []):
            values += _values(rng, link, report, share, effect[report.pilot_id], link._target)
        if report.status == ReportStatus.APPROVED and rng.random() < 0.35:
            lessons.append(_lesson(rng, report.pilot, report, len(lessons)))
    for pilot, _ in new:
        if pilot.status == PilotStatus.COMPLETED:
            lessons.append(_lesson(rng, pilot, None, len(lessons)))
    IndicatorValue.objects.bulk_create(values)
    Lesson.objects.bulk_create(lessons)
    counts = {
        "pilots": len(new),
        "periods": len(periods),
        "reports": len(reports),
        "values": len(values),
        "lessons": len(lessons),
        "validation rules": _validation_rules(),
    }
    if stdout is not None:
        stdout.write(
            "Demo pilots: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + " created."
        )
    return counts


def _lesson(rng, pilot, report, n) -> Lesson:
    kind, dimension, title, text = LESSONS[(n + rng.randrange(len(LESSONS))) % len(LESSONS)]
    return Lesson(
        pilot=pilot,
        report=report,
        kind=kind,
        dimension=dimension,
        title=title,
        text=f"{text} ({DEMO_NOTE})",
    )


def _reports(rng, builder, new, periods, today):
    """Reports for every period that has ended: the earlier ones approved, the last few in other states."""  # noqa: E501
    by_pilot: dict[int, list[ReportingPeriod]] = {}
    for period in periods:
        by_pilot.setdefault(period.pilot_id, []).append(period)
    reports, share = [], {}
    for index, (pilot, _) in enumerate(new):
        if pilot.status == PilotStatus.DRAFT:
            continue
        mine = by_pilot.get(pilot.pk, [])
        ended = [p for p in mine if p.end < today]
        if pilot.status == PilotStatus.STOPPED:
            ended = ended[: max(1, len(ended) // 2)]
        tail = OPEN_STATES[index % len(OPEN_STATES)] if pilot.status == PilotStatus.ACTIVE else ()
        tail = tail[-len(ended) :] if ended else ()
        lead = pilot.lead_organisation_id
        reporter, approver = (
            builder.users.get((lead, Role.REPORTER)),
            builder.users.get((lead, Role.APPROVER)),
        )
        for k, period in enumerate(ended):
            status = ReportStatus.APPROVED
            if k >= len(ended) - len(tail):
                status = tail[k - (len(ended) - len(tail))]
            progress = rng.choice(
                [ProgressStatus.ON_TRACK] * 3 + [ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK]
            )
            submitted = status in (
                ReportStatus.SUBMITTED,
                ReportStatus.APPROVED,
                ReportStatus.RETURNED,
            )
            decided = status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
            moment = timezone.make_aware(
                timezone.datetime.combine(
                    period.due_date - timedelta(days=5), timezone.datetime.min.time()
                )
            )
            report = PeriodReport(
                period=period,
                pilot=pilot,
                status=status,
                progress=progress,
                narrative=f"{NARRATIVES[progress]} ({DEMO_NOTE})",
                return_comment="Komplettera med antal deltagare och förklara avvikelsen mot målet."
                if status == ReportStatus.RETURNED
                else "",
                submitted_at=moment if submitted else None,
                submitted_by_id=reporter if submitted else None,
                decided_at=moment + timedelta(days=3) if decided else None,
                decided_by_id=approver if decided else None,
                version=1 + (2 if decided else 1 if submitted else 0),
            )
            if status == ReportStatus.APPROVED:
                period.is_locked = True
            share[period.pk] = (k + 1) / max(len(mine), 1)
            reports.append(report)
    return reports, share
