"""From the database to estimates: who adopted what when, which outcomes, which panels.

Reads only; evidence.services writes. Adoption: a kommun adopted a practice in the year of the
earliest start date among the published, public pilots of the practice's lineage that cover it
(the pilot's kommuner, or its lead organisation's kommun). Private and draft pilots never count:
an estimate is public, and must not reveal them. Outcomes: the Kolada KPIs of the lineage's
indicators plus those the appraisal group chose. Panels: every kommun × every year with a
reportable value (`StatisticValue.reportable()`: present; Kolada publishes a suppressed or
missing value as null with a status); anything else is missing and never enters a difference.
"""

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from benchmarking.models import Kpi, KpiDirection, StatisticValue
from evidence import estimators as est
from evidence.models import Method, OutcomeChoice, Status
from evidence.synth import synthetic_control
from learning import lineage
from partners.models import Kommun
from pilots.models import Pilot, PilotIndicator

MIN_ADOPTERS = 3
MIN_PRE_YEARS = 3
MIN_COMPARISON = 5


def adoption_years(practices) -> dict[int, dict[str, int]]:
    """practice id → {kommun code: first adoption year}. Four queries for any number."""
    roots = {p.pk: p.original_pilot_id for p in practices if p.original_pilot_id}
    trees = lineage.descendants(roots.values())
    pilot_ids = {pk for edges in trees.values() for pk, _parent in edges}
    started = dict(
        Pilot.objects.public()
        .filter(pk__in=pilot_ids, start_date__isnull=False)
        .values_list("pk", "start_date")
    )
    covers: dict[int, set[str]] = defaultdict(set)
    through = Pilot.kommuner.through.objects.filter(pilot_id__in=started)
    for pilot_id, code in through.values_list("pilot_id", "kommun__code"):
        covers[pilot_id].add(code)
    leads = Pilot.objects.filter(pk__in=started, lead_organisation__kommun__isnull=False)
    for pilot_id, code in leads.values_list("pk", "lead_organisation__kommun__code"):
        covers[pilot_id] = covers[pilot_id] or {code}
    result = {}
    for practice_id, root in roots.items():
        years: dict[str, int] = {}
        for pilot_id, _parent in trees.get(root, []):
            if pilot_id not in started:
                continue
            for code in covers.get(pilot_id, ()):
                year = started[pilot_id].year
                years[code] = min(year, years.get(code, year))
        result[practice_id] = years
    return result


def outcome_kpis(practices) -> dict[int, list[str]]:
    """practice id → the outcome KPI ids (indicators' Kolada KPIs and chosen ones) that exist."""
    roots = {p.pk: p.original_pilot_id for p in practices if p.original_pilot_id}
    trees = lineage.descendants(roots.values())
    by_pilot: dict[int, set[str]] = defaultdict(set)
    links = PilotIndicator.objects.filter(
        pilot_id__in={pk for edges in trees.values() for pk, _ in edges}
    ).exclude(indicator__kolada_kpi="")
    for pilot_id, kpi in links.values_list("pilot_id", "indicator__kolada_kpi"):
        by_pilot[pilot_id].add(kpi.strip().upper())
    known = set(Kpi.objects.values_list("pk", flat=True))
    result: dict[int, set[str]] = {p.pk: set() for p in practices}
    for practice_id, root in roots.items():
        for pilot_id, _ in trees.get(root, []):
            result[practice_id] |= by_pilot.get(pilot_id, set())
    chosen = OutcomeChoice.objects.filter(practice__in=[p.pk for p in practices])
    for practice_id, kpi in chosen.values_list("practice_id", "kpi_id"):
        result[practice_id].add(kpi)
    return {pk: sorted(k for k in kpis if k in known) for pk, kpis in result.items()}


@dataclass
class Outcome:
    """Every kommun's series of one KPI and kön (NaN where missing or suppressed)."""

    kpi: Kpi
    gender: str
    codes: list[str]
    years: np.ndarray
    values: np.ndarray


class PanelCache:
    """Loads each KPI's series once (all kommuner, all kön) and hands out panels."""

    def __init__(self):
        self.codes = list(Kommun.objects.order_by("code").values_list("code", flat=True))
        self.row = {c: i for i, c in enumerate(self.codes)}
        self._kpis: dict[str, dict[str, Outcome]] = {}

    def outcomes(self, kpi_id: str) -> dict[str, Outcome]:
        if kpi_id not in self._kpis:
            self._kpis[kpi_id] = self._load(kpi_id)
        return self._kpis[kpi_id]

    def _load(self, kpi_id: str) -> dict[str, Outcome]:
        kpi = Kpi.objects.get(pk=kpi_id)
        rows = (
            StatisticValue.objects.filter(kpi_id=kpi_id, area__in=self.codes)
            .reportable()
            .values_list("area", "year", "gender", "value")
        )
        cells = defaultdict(list)
        for area, year, gender, value in rows:
            cells[gender].append((self.row[area], year, float(value)))
        result = {}
        for gender, items in cells.items():
            years = np.arange(min(i[1] for i in items), max(i[1] for i in items) + 1)
            values = np.full((len(self.codes), len(years)), np.nan)
            for row, year, value in items:
                values[row, year - years[0]] = value
            result[gender] = Outcome(kpi, gender, self.codes, years, values)
        return result


@dataclass
class Computed:
    """What services store for one practice × KPI × kön."""

    kpi_id: str
    gender: str
    status: str
    method: str = Method.NONE
    estimate: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    by_year: list = field(default_factory=list)
    adopters: int = 0
    comparison: int = 0
    left_out: int = 0
    pretrend_p: float | None = None
    placebo: dict = field(default_factory=dict)
    never_treated: dict = field(default_factory=dict)
    naive: float | None = None
    details: dict = field(default_factory=dict)
    first_year: int | None = None
    last_year: int | None = None


def _round(x):
    return None if x is None or not np.isfinite(x) else round(float(x), 6)


def estimate_outcome(outcome: Outcome, adopted: dict[str, int]) -> Computed:
    """The estimate for one outcome series and one practice's adoption years."""
    out = Computed(outcome.kpi.pk, outcome.gender, Status.OK)
    years = outcome.years
    out.first_year, out.last_year = int(years[0]), int(years[-1])
    out.details["direction"] = outcome.kpi.direction
    first = np.full(len(outcome.codes), np.inf)
    for code, year in adopted.items():
        if code in outcome.codes:
            first[outcome.codes.index(code)] = year
    if not np.isfinite(first).any():
        out.status = Status.NO_ADOPTERS
        return out
    panel = est.Panel(years, outcome.values, first)
    pre = est.pre_years(panel)
    adopters = np.isfinite(first)
    post_data = np.array(
        [
            adopters[i] and bool(np.any(~np.isnan(outcome.values[i, years >= first[i]])))
            for i in range(len(first))
        ]
    )
    usable = adopters & (pre >= MIN_PRE_YEARS) & post_data
    # An adopter with too short a history is left out, not used as a comparison either.
    first = np.where(adopters & ~usable, np.nan, first)
    out.left_out = int((adopters & ~usable & post_data).sum())
    out.details["waiting"] = int((adopters & ~post_data).sum())
    n_usable = int(usable.sum())
    panel = est.Panel(years, outcome.values, first)
    if n_usable == 0:
        out.status = Status.TOO_FEW_PRE_YEARS if out.left_out else Status.NO_POST_YEARS
        out.adopters = 0
        return out
    if n_usable == 1:
        return _synthetic(out, panel, int(np.flatnonzero(usable)[0]), outcome.codes)
    if n_usable < MIN_ADOPTERS:
        out.status = Status.TOO_FEW_PRE_YEARS if out.left_out else Status.TOO_FEW_ADOPTERS
        out.adopters = n_usable
        return out
    result = est.callaway_santanna(panel)
    out.adopters, out.comparison = result.adopters, result.comparison
    if result.overall is None or result.comparison < MIN_COMPARISON:
        out.status = Status.TOO_FEW_COMPARISONS
        return out
    out.method = Method.STAGGERED
    out.estimate, out.ci_low, out.ci_high = (
        _round(result.overall.estimate),
        _round(result.overall.low),
        _round(result.overall.high),
    )
    out.by_year = [
        {
            "e": e.e,
            "estimate": _round(e.estimate),
            "low": _round(e.low),
            "high": _round(e.high),
            "adopters": e.adopters,
        }
        for e in result.events
    ]
    out.pretrend_p = _round(result.pretrend_p)
    placebo = est.placebo_in_time(panel)
    if placebo is not None:
        out.placebo = {
            "estimate": _round(placebo.overall.estimate),
            "low": _round(placebo.overall.low),
            "high": _round(placebo.overall.high),
            "shift": est.PLACEBO_SHIFT,
        }
    never = est.callaway_santanna(panel, control=est.NEVER)
    if never.overall is not None:
        out.never_treated = {
            "estimate": _round(never.overall.estimate),
            "low": _round(never.overall.low),
            "high": _round(never.overall.high),
            "comparison": never.comparison,
        }
    out.naive = _round(est.naive_before_after(panel))
    return out


def _synthetic(out: Computed, panel: est.Panel, row: int, codes: list[str]) -> Computed:
    result = synthetic_control(panel, row)
    out.adopters = 1
    if result is None or result.low is None:
        out.status = Status.TOO_FEW_COMPARISONS
        return out
    out.method = Method.SYNTHETIC
    out.comparison = len(result.donors)
    out.estimate, out.ci_low, out.ci_high = (
        _round(result.estimate),
        _round(result.low),
        _round(result.high),
    )
    out.by_year = [
        {"e": e, "estimate": _round(g), "low": _round(lo), "high": _round(hi), "adopters": 1}
        for e, g, lo, hi in result.gaps
        if est.EVENT_WINDOW[0] <= e <= est.EVENT_WINDOW[1]
    ]
    out.placebo = {"p_value": _round(result.p_value), "placebos": result.placebos}
    out.details["donors"] = [[codes[r], _round(w)] for r, w in result.donors]
    out.naive = _round(est.naive_before_after(panel))
    return out


def is_improvement(value: float | None, direction: str) -> bool | None:
    """Whether a change of `value` is for the better given the KPI's direction."""
    # Neutral, or not chosen yet (""): no better or worse, only higher or lower.
    if value is None or direction not in (KpiDirection.HIGHER, KpiDirection.LOWER):
        return None
    return value > 0 if direction == KpiDirection.HIGHER else value < 0
