"""Periods, period reports, indicator values and lessons for `manage.py seed_scale` (see
pilots/scale.py).

Values are plausible for their unit: percentages from a numerator and a denominator, counts in
the range of their unit, a trend from the baseline towards the target with noise, women and men
on either side of the total, age bands around it. Cumulative indicators only grow.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from partners.bulk import ScaleRun
from pilots.demo_data import LESSONS, NARRATIVES
from pilots.models import (
    IndicatorValue,
    Lesson,
    Measure,
    PeriodReport,
    PilotStatus,
    ProgressStatus,
    ReportingPeriod,
    ReportStatus,
)
from pilots.periods import generate_periods

PARTICIPANTS = "Antal deltagare i insatsen"
UNIT_RANGES = {
    "personer": (20, 400),
    "händelser": (5, 60),
    "minuter": (20, 50),
    "dagar per anställd": (5, 14),
    "per 1 000 invånare": (15, 40),
    "förskrivningar": (10, 200),
    "kr": (2_000, 20_000),
}
EXPERIENCES = [
    "Deltagarna beskriver träffarna som meningsfulla och vill fortsätta.",
    "Flera deltagare har tagit med sig en vän till nästa träff.",
    "Personalen upplever att arbetssättet är lätt att använda i vardagen.",
    "Det tog tid att nå målgruppen, men de som kom stannade kvar.",
]
NOTE = "Skalningsdata: påhittad lärdom."


@dataclass
class Link:
    """A pilot's indicator as the generator sees it: its cells and the path of its values."""

    id: int
    measure: str
    cumulative: bool
    cells: list[tuple[str, str, float]]  # gender, age band, factor around the total
    baseline: float | None
    target: float | None

    @classmethod
    def plan(cls, pk: int, indicator, theme, rng) -> "Link":
        cells = [
            (gender, band, 1.0 if (gender, band) == ("T", "") else rng.uniform(0.85, 1.15))
            for gender in indicator.genders
            for band in indicator.bands
        ]
        cumulative = indicator.accumulation == "cumulative"
        if indicator.measure == Measure.QUALITATIVE:
            return cls(pk, indicator.measure, False, cells, None, None)
        if indicator.name == PARTICIPANTS:
            baseline, target = 0.0, float(rng.randrange(6, 40) * 10)
        elif indicator.name == theme.indicator:
            baseline = float(rng.randint(*theme.baseline))
            target = round(baseline * (1 + theme.change), 1)
        else:
            low, high = (
                (15, 75) if indicator.is_percent else UNIT_RANGES.get(indicator.unit, (10, 100))
            )
            baseline = round(rng.uniform(low, high), 1)
            sign = -1 if indicator.direction == "lower" else 1
            target = round(baseline * (1 + sign * rng.uniform(0.1, 0.3)), 1)
        if indicator.is_percent:
            baseline, target = min(baseline, 99.0), min(max(target, 0.5), 99.0)
        return cls(pk, indicator.measure, cumulative, cells, baseline, target)

    def values(self, rng, share: float, effect: float):
        """(gender, age band, value, numerator, denominator, text) for every cell of a report."""
        if self.measure == Measure.QUALITATIVE:
            text = rng.choice(EXPERIENCES)
            return [(g, b, None, None, None, text) for g, b, _f in self.cells]
        base, goal = self.baseline, self.target
        level = base + (goal - base) * min(share * effect, 1.3)
        if self.cumulative:
            level = max(goal, 1.0) * share
        spread = abs(goal - base) or 5.0
        rows = []
        for gender, band, factor in self.cells:
            raw = max(level * factor + rng.uniform(-0.12, 0.12) * spread, 0.0)
            if self.measure == Measure.PERCENT:
                denominator = rng.randrange(40, 400)
                numerator = min(denominator, round(min(raw, 100.0) / 100 * denominator))
                value = round(numerator / denominator * 100, 4)
                rows.append((gender, band, value, numerator, denominator, ""))
            else:
                rows.append((gender, band, round(raw), None, None, ""))
        return rows


def _moment(day) -> datetime:
    return datetime.combine(day, time(9), tzinfo=UTC)


def write_reports(run: ScaleRun, reports: list[tuple]) -> None:
    """reports: (period id, pilot record, status, progress, narrative, share, reporter, approver)
    per report, in period order per pilot."""
    rng = run.rng("values")
    first = run.reserve(PeriodReport, len(reports))
    rows = []
    for i, (period, record, status, progress, narrative, _share, reporter, approver) in enumerate(
        reports
    ):
        submitted = status != ReportStatus.DRAFT
        decided = status in (ReportStatus.APPROVED, ReportStatus.RETURNED)
        moment = _moment(run.today - timedelta(days=30))
        if status == ReportStatus.APPROVED:
            record.approved.append(first + i)
        rows.append(
            (
                first + i,
                period,
                record.id,
                status,
                progress,
                f"{narrative} ({record.place})",
                "Komplettera med antal deltagare och förklara avvikelsen mot målet."
                if status == ReportStatus.RETURNED
                else "",
                moment if submitted else None,
                reporter if submitted else None,
                moment + timedelta(days=3) if decided else None,
                approver if decided else None,
                1 + (2 if decided else 1 if submitted else 0),
            )
        )
    run.insert(
        PeriodReport,
        [
            "id",
            "period_id",
            "pilot_id",
            "status",
            "progress",
            "narrative",
            "return_comment",
            "submitted_at",
            "submitted_by_id",
            "decided_at",
            "decided_by_id",
            "version",
        ],
        rows,
    )
    run.say(f"Reports: {len(rows)} period reports.")
    total = sum(len(link.cells) for _p, record, *_r in reports for link in record.links)
    value_pk = run.reserve(IndicatorValue, total)
    effects = {}

    def values():
        pk = value_pk
        for i, (_period, record, _status, _progress, _narrative, share, *_people) in enumerate(
            reports
        ):
            effect = effects.setdefault(record.id, rng.uniform(0.5, 1.15))
            for link in record.links:
                for gender, band, value, numerator, denominator, text in link.values(
                    rng, share, effect
                ):
                    yield (
                        pk,
                        first + i,
                        link.id,
                        gender,
                        band,
                        value,
                        numerator,
                        denominator,
                        text,
                    )
                    pk += 1

    written = run.insert(
        IndicatorValue,
        [
            "id",
            "report_id",
            "pilot_indicator_id",
            "gender",
            "age_band",
            "value",
            "numerator",
            "denominator",
            "text",
        ],
        values(),
    )
    run.say(f"Values: {written} indicator values.")


def write_lessons(run: ScaleRun, records, count: int) -> None:
    """Lessons from approved reports, spread over the pilots that have them."""
    rng = run.rng("lessons")
    sources = [(record, report) for record in records for report in record.approved]
    if not sources:
        return
    first = run.reserve(Lesson, count)

    def rows():
        for i in range(count):
            record, report = sources[rng.randrange(len(sources))]
            kind, dimension, title, text = LESSONS[rng.randrange(len(LESSONS))]
            yield (
                first + i,
                record.id,
                report,
                kind,
                dimension,
                f"{title} i {record.place}"[:200],
                f"{text} ({NOTE})",
            )

    run.insert(
        Lesson, ["id", "pilot_id", "report_id", "kind", "dimension", "title", "text"], rows()
    )
    run.say(f"Lessons: {count} lessons.")


def _report_states(record, count: int, n: int) -> list[str]:
    """Earlier reports approved; an active pilot's latest ones in every other state."""
    states = [ReportStatus.APPROVED] * count
    if record.status == PilotStatus.ACTIVE and count:
        tails = [
            (),
            (ReportStatus.SUBMITTED,),
            (ReportStatus.DRAFT,),
            (),
            (ReportStatus.RETURNED,),
            (ReportStatus.SUBMITTED, ReportStatus.DRAFT),
            (),
        ]
        tail = tails[n % len(tails)][-count:]
        states[count - len(tail) :] = tail
    return states


def write_periods_and_reports(run: ScaleRun, records, partners) -> int:
    """Write periods, reports and values; returns the id of the bench pilot's draft period."""
    periods, reports = [], []
    period_pk = run.reserve(ReportingPeriod, 0)
    rng = run.rng("reports")
    draft_period = 0
    for n, r in enumerate(records):
        if r.status == PilotStatus.DRAFT:
            continue
        specs = generate_periods(r.start, r.end, r.cadence)
        ended = [s for s in specs if s.end < run.today][: r.reports]
        states = _report_states(r, len(ended), n)
        if n == 0:
            states[-1] = ReportStatus.DRAFT
        approver, reporter = partners.people[r.lead]
        for k, spec in enumerate(specs):
            periods.append(
                (
                    period_pk,
                    r.id,
                    spec.start,
                    spec.end,
                    spec.due_date,
                    spec.label,
                    k < len(ended) and states[k] == ReportStatus.APPROVED,
                )
            )
            if k < len(ended):
                progress = rng.choice(
                    [ProgressStatus.ON_TRACK] * 3
                    + [ProgressStatus.AT_RISK, ProgressStatus.OFF_TRACK]
                )
                reports.append(
                    (
                        period_pk,
                        r,
                        states[k],
                        progress,
                        NARRATIVES[progress],
                        (k + 1) / len(specs),
                        reporter,
                        approver,
                    )
                )
                if n == 0 and k == len(ended) - 1:
                    draft_period = period_pk
            period_pk += 1
    run.reserve(ReportingPeriod, len(periods))
    run.insert(
        ReportingPeriod,
        ["id", "pilot_id", "start", "end", "due_date", "label", "is_locked"],
        periods,
    )
    run.say(f"Periods: {len(periods)} reporting periods.")
    write_reports(run, reports)
    return draft_period
