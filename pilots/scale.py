"""National-scale pilots for `manage.py seed_scale`: pilots with partners, places, evaluation
plans, library indicators with baselines and targets, periods from their cadence, period reports
(mostly approved) and their values, and lessons from approved reports.

Each pilot's number of reported periods is chosen so the indicator values add up to the national
figure (2 000 000 at scale 1.0): a pilot with many cells per report reports fewer periods.
Deterministic for a seed, a scale and a reference date (`today`).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.text import slugify

from partners.bulk import ScaleRun
from partners.scale import PartnersResult
from pilots.demo import _library as demo_library
from pilots.demo_data import CADENCES, DESIGNS, SUMMARY, THEMES, WHO
from pilots.models import (
    EvaluationPlan,
    Indicator,
    IndicatorTarget,
    PartnerRole,
    Pilot,
    PilotIndicator,
    PilotPartner,
    PilotStatus,
    Visibility,
)
from pilots.periods import CADENCE_MONTHS
from pilots.scale_values import Link, write_lessons, write_periods_and_reports

PILOTS = 20_000
VALUES = 2_000_000
LESSONS = 50_000
MAX_REPORTS = 16
BENCH_PILOTS = 12
NOTE = "Skalningsdata: piloten och alla siffror är påhittade."
TITLE_VARIANTS = ["", " – etapp 2", " – fördjupning", " i samverkan", " – breddinförande"]


@dataclass
class PilotRecord:
    id: int
    title: str
    slug: str
    lead: int
    status: str
    visibility: str
    theme: object
    place: str
    start: date
    end: date
    cadence: str
    kommuner: list[int]
    partners: list[int]
    adapted_from: int | None = None
    indicators: list[Indicator] = field(default_factory=list)
    reports: int = 0  # how many ended periods have a report
    links: list[Link] = field(default_factory=list)
    approved: list[int] = field(default_factory=list)  # ids of approved reports

    @property
    def is_public(self) -> bool:
        from pilots.rules import is_public  # the rule, applied to this record's two fields

        return is_public(self)


@dataclass
class PilotsResult:
    pilots: list[PilotRecord]
    bench_pilot: PilotRecord
    draft_period_id: int
    library: list[Indicator]


def _period_start(day: date, months: int) -> date:
    return date(day.year, ((day.month - 1) // months) * months + 1, 1)


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    return date(total // 12, total % 12 + 1, 1)


def _cadence_for(reports: int, rng) -> str:
    if reports > 12:
        return "month"
    if reports > 6:
        return rng.choice(["quarter", "quarter", "tertial"])
    return rng.choice(CADENCES)


class _Planner:
    """Chooses every pilot's attributes; holds the carry that keeps the value total on target."""

    def __init__(self, run: ScaleRun, partners: PartnersResult, library: list[Indicator]):
        self.run, self.rng = run, run.rng("pilots")
        self.partners, self.library = partners, library
        self.by_name = {i.name: i for i in library}
        self.extra = [i for i in library if i.name not in {t.indicator for t in THEMES}]
        self.kommun_name = {k[0]: k[2] for k in partners.kommuner}
        self.by_region: dict[int, list[int]] = {}
        for kommun_id, _code, _name, region_id in partners.kommuner:
            self.by_region.setdefault(region_id, []).append(kommun_id)
        self.leads = [o for o in partners.organisations if o.kind != "myndighet"] or [
            partners.organisations[0]
        ]
        self.titles: dict[str, int] = {}
        self.slugs = set(Pilot.objects.values_list("slug", flat=True))

    def title(self, base: str) -> tuple[str, str]:
        n = self.titles.get(base, 0)
        self.titles[base] = n + 1
        suffix = TITLE_VARIANTS[n] if n < len(TITLE_VARIANTS) else f" – omgång {n + 1}"
        title = f"{base}{suffix}"[:200]
        slug = slugify(title)[:200]
        k = 1
        while slug in self.slugs:
            k += 1
            slug = f"{slugify(title)[:190]}-{k}"
        self.slugs.add(slug)
        return title, slug

    def places(self, org) -> tuple[list[int], str]:
        rng = self.rng
        kommun_id = (
            org.kommun_id
            or rng.choice(self.by_region.get(org.region_id) or [None])
            or (rng.choice(self.partners.kommuner)[0])
        )
        pool = self.by_region.get(org.region_id) or [kommun_id]
        chosen = [kommun_id, *rng.sample(pool, k=min(len(pool), rng.choice([0, 0, 0, 1, 2])))]
        return list(dict.fromkeys(chosen)), self.kommun_name[kommun_id]

    def indicators(self, theme) -> list[Indicator]:
        names = ["Antal deltagare i insatsen", theme.indicator]
        chosen = [self.by_name[n] for n in names if n in self.by_name]
        if self.extra:
            chosen += self.rng.sample(self.extra, k=min(len(self.extra), self.rng.choice([1, 2])))
        return list(dict.fromkeys(chosen))


def _cells(indicator: Indicator) -> int:
    return len(indicator.genders) * len(indicator.bands)


def plan_pilots(run: ScaleRun, partners: PartnersResult, library) -> list[PilotRecord]:
    """Every pilot's attributes and dates, with no rows written yet."""
    planner = _Planner(run, partners, library)
    rng = planner.rng
    total = run.count(PILOTS)
    budget = run.count(VALUES)
    bench_count = min(BENCH_PILOTS, max(1, total // 4))
    first = run.reserve(Pilot, total)
    records, carried, done = [], 0, 0
    for n in range(total):
        lead = partners.bench if n < bench_count else rng.choice(planner.leads)
        theme = THEMES[rng.randrange(len(THEMES))]
        kommuner, place = planner.places(lead)
        title, slug = planner.title(f"{theme.brand} – {theme.tagline}, {place}")
        if n == 0:
            title, slug = f"Benchpiloten – {theme.tagline}, {place}", "benchpiloten"
            planner.slugs.add(slug)
        status = PilotStatus.ACTIVE
        roll = rng.random()
        if n > 0 and roll < 0.03:
            status = PilotStatus.DRAFT
        elif n > 0 and roll < 0.06:
            status = PilotStatus.STOPPED
        elif n > 0 and roll < 0.3:
            status = PilotStatus.COMPLETED
        visibility = rng.choice(
            [Visibility.PUBLIC] * 16 + [Visibility.PARTNERSHIP] * 3 + [Visibility.PRIVATE]
        )
        if n == 0:
            visibility = Visibility.PUBLIC
        indicators = planner.indicators(theme)
        cells = sum(_cells(i) for i in indicators) or 1
        # The share of the value budget still due to this pilot, including what earlier pilots
        # could not take (drafts report nothing; the cap on periods leaves a remainder).
        due = round((n + 1) * budget / total) - round(n * budget / total) + carried
        reports = 0 if status == PilotStatus.DRAFT else max(1, min(MAX_REPORTS, round(due / cells)))
        if n == total - 1 and status != PilotStatus.DRAFT:
            reports = max(1, round(due / cells))
        carried = due - reports * cells
        done += reports * cells
        cadence = "quarter" if n == 0 else _cadence_for(reports, rng)
        months = CADENCE_MONTHS[cadence]
        current = _period_start(run.today, months)
        start = _add_months(current, -max(reports, 1) * months)
        if status == PilotStatus.ACTIVE or status == PilotStatus.DRAFT:
            end = _add_months(current, months * rng.randint(1, 6)) - timedelta(days=1)
        else:
            end = current - timedelta(days=1)
        others = [
            o.id
            for o in rng.sample(
                partners.organisations, k=min(len(partners.organisations), rng.choice([0, 1, 2]))
            )
        ]
        records.append(
            PilotRecord(
                first + n,
                title,
                slug,
                lead.id,
                status,
                visibility,
                theme,
                place,
                start,
                end,
                cadence,
                kommuner,
                [o for o in others if o != lead.id],
                indicators=indicators,
                reports=reports,
            )
        )
    _lineage(run, records)
    return records


def _lineage(run: ScaleRun, records: list[PilotRecord]) -> None:
    """About one pilot in seven adapts an earlier public pilot of the same theme, which gives
    the practices their trees (some several generations deep)."""
    rng = run.rng("lineage")
    by_theme: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        pool = by_theme.get(record.theme.brand, [])
        if index > 0 and pool and rng.random() < 0.15:
            record.adapted_from = records[rng.choice(pool[-200:])].id
        if record.is_public:
            by_theme.setdefault(record.theme.brand, []).append(index)


def build(run: ScaleRun, partners: PartnersResult) -> PilotsResult:
    """Write pilots and everything reported about them."""
    demo_library()  # the demo's indicators, which the themes follow (idempotent)
    library = list(Indicator.objects.library().order_by("pk"))
    records = plan_pilots(run, partners, library)
    rng = run.rng("pilot-rows")
    names = {o.id: o.name for o in partners.organisations}
    run.insert(
        Pilot,
        [
            "id",
            "title",
            "slug",
            "summary",
            "health_area",
            "life_stage",
            "arena",
            "lead_organisation_id",
            "start_date",
            "end_date",
            "budget_sek",
            "status",
            "visibility",
            "adapted_from_id",
            "published_at",
        ],
        (
            (
                r.id,
                r.title,
                r.slug,
                _summary(r, names),
                r.theme.health_area,
                r.theme.life_stage,
                r.theme.arena,
                r.lead,
                r.start,
                r.end,
                rng.randrange(4, 120) * 50_000,
                r.status,
                r.visibility,
                r.adapted_from,
                None if r.status == PilotStatus.DRAFT else run.now,
            )
            for r in records
        ),
    )
    _partners_and_places(run, records, partners)
    _plans(run, records)
    _links(run, records)
    run.say(f"Pilots: {len(records)} pilots with plans, partners and indicators.")
    draft_period = write_periods_and_reports(run, records, partners)
    write_lessons(run, records, run.count(LESSONS))
    return PilotsResult(records, records[0], draft_period, library)


def _summary(record: PilotRecord, names: dict[int, str]) -> str:
    return SUMMARY.format(
        brand=record.theme.brand,
        tagline=record.theme.tagline,
        place=record.place,
        lead=names[record.lead],
        partners=", ".join(names[p] for p in record.partners) or "lokala aktörer",
        who=WHO[record.theme.life_stage],
        design="före–efter-mätning",
        note=NOTE,
    )


def _partners_and_places(run, records, partners) -> None:
    rows, places, regions = [], [], []
    region_of_org = {o.id: o.region_id for o in partners.organisations if o.kind == "region"}
    roles = [PartnerRole.CO_FUNDER, PartnerRole.IMPLEMENTER, PartnerRole.EVALUATOR]
    for r in records:
        rows.append((r.id, r.lead, PartnerRole.LEAD))
        rows += [(r.id, org, roles[i % 3]) for i, org in enumerate(r.partners)]
        places += [(r.id, k) for k in r.kommuner]
        if r.lead in region_of_org:
            regions.append((r.id, region_of_org[r.lead]))
    first = run.reserve(PilotPartner, len(rows))
    run.insert(
        PilotPartner,
        ["id", "pilot_id", "organisation_id", "role"],
        ((first + i, *row) for i, row in enumerate(rows)),
    )
    through = Pilot.kommuner.through
    first = run.reserve(through, len(places))
    run.insert(
        through,
        ["id", "pilot_id", "kommun_id"],
        ((first + i, *row) for i, row in enumerate(places)),
    )
    through = Pilot.regioner.through
    first = run.reserve(through, len(regions))
    run.insert(
        through,
        ["id", "pilot_id", "region_id"],
        ((first + i, *row) for i, row in enumerate(regions)),
    )


def _plans(run, records) -> None:
    rng = run.rng("plans")
    first = run.reserve(EvaluationPlan, len(records))
    run.insert(
        EvaluationPlan,
        ["id", "pilot_id", "theory_of_change", "design", "design_notes", "cadence", "due_days"],
        (
            (
                first + i,
                r.id,
                f"Om vi erbjuder {r.theme.tagline} till {WHO[r.theme.life_stage]} i {r.place} så "
                f"förbättras hälsan, eftersom tidiga insatser förebygger senare vårdbehov.",
                rng.choice(DESIGNS),
                "Uppföljning mot utgångsvärdet; skalningsdata.",
                r.cadence,
                30,
            )
            for i, r in enumerate(records)
        ),
    )


def _links(run, records) -> None:
    rng = run.rng("links")
    total = sum(len(r.indicators) for r in records)
    first = run.reserve(PilotIndicator, total)
    rows, targets, pk = [], [], first
    for r in records:
        for order, indicator in enumerate(r.indicators):
            link = Link.plan(pk, indicator, r.theme, rng)
            r.links.append(link)
            rows.append((pk, r.id, indicator.pk, link.baseline, r.start, order))
            if link.target is not None:
                targets.append((pk, r.end, link.target))
            pk += 1
    run.insert(
        PilotIndicator,
        ["id", "pilot_id", "indicator_id", "baseline_value", "baseline_date", "order"],
        rows,
    )
    first = run.reserve(IndicatorTarget, len(targets))
    run.insert(
        IndicatorTarget,
        ["id", "pilot_indicator_id", "target_date", "value"],
        ((first + i, *t) for i, t in enumerate(targets)),
    )
