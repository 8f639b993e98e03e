"""Everything the business-case page, its XLSX export and the API show, computed once from a
loaded case (business_cases.selectors.BusinessCaseData) with business_cases.economics. No queries.

Years are shown as calendar years (base year + offset); every result carries the name of the
discount schedule it was computed with.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from business_cases import economics
from business_cases.models import Actor, LineKind
from partners.numbers import format_number

SENSITIVITY_RATES = (0.0, 0.03, 0.035, 0.05)
GRID_DELTAS = (-0.10, 0.0, 0.10)


def tornado_labels() -> dict[str, str]:
    return {
        "discount_rate": _("Kalkylränta 0–5 %"),
        "optimism_bias": _("Optimismavdrag ±10 procentenheter"),
        "deadweight": _("Dödvikt ±10 procentenheter"),
        "benefits": _("Nyttor −20/+20 %"),
        "costs": _("Kostnader +20/−20 %"),
    }


@dataclass
class ActorRow:
    actor: str
    label: str
    result: economics.ActorResult
    payback_year: int | None  # calendar year
    cost_share: float = 0.0
    benefit_share: float = 0.0

    @property
    def role(self) -> str:
        """ "payer", "gainer", "both" or "" for the matrix and the gap statement."""
        pays, gains = self.result.pv_costs > 0, self.result.pv_benefits > 0
        return "both" if pays and gains else "payer" if pays else "gainer" if gains else ""


@dataclass
class MatrixRow:
    actor: str
    label: str
    cells: list[tuple[int, float, float]]  # (calendar year, cost, benefit), undiscounted
    total_cost: float = 0.0
    total_benefit: float = 0.0

    @property
    def net(self) -> float:
        return self.total_benefit - self.total_cost


@dataclass(frozen=True)
class TornadoRow:
    """One assumption's bar as the chart and its table give it: the change in total NPV from the
    base case at the less and the more favourable end (signed SEK), and the swing between."""

    parameter: str
    label: str
    worse: float
    better: float
    swing: float


@dataclass
class LineSwitch:
    key: str
    label: str
    actor: str
    pv: float
    value: float | None


@dataclass
class Report:
    schedule_name: str
    base_year: int
    horizon: int
    years: list[int]
    result: economics.Result
    actors: list[ActorRow]
    total: ActorRow
    matrix: list[MatrixRow]
    matrix_totals: list[tuple[int, float, float]]
    payers: list[ActorRow]
    gainers: list[ActorRow]
    rates: list[tuple[float, economics.Result]]
    tornado: list[economics.TornadoBar]
    tornado_labels: dict[str, str]
    grid: dict[tuple[float, float], float]
    switching_value: float | None
    line_switches: list[LineSwitch]
    comparison_rate: float | None = None
    comparison: economics.Result | None = None
    # The other computation beside the headline: with realised figures when the headline uses
    # the assumptions, with the assumptions when the case owner chose realised figures.
    assumed: economics.Result | None = None
    uses_realised: bool = False
    realised: list = field(default_factory=list)

    @property
    def matrix_total_cost(self) -> float:
        """The "Alla aktörer" row's Summa: every year's costs, undiscounted like the rows'."""
        return sum(cost for _year, cost, _benefit in self.matrix_totals)

    @property
    def matrix_total_benefit(self) -> float:
        return sum(benefit for _year, _cost, benefit in self.matrix_totals)

    @property
    def matrix_net(self) -> float:
        return self.matrix_total_benefit - self.matrix_total_cost

    @property
    def tornado_rows(self) -> list[TornadoRow]:
        base = self.result.total.npv
        return [
            TornadoRow(
                parameter=bar.parameter,
                label=self.tornado_labels.get(bar.parameter, bar.parameter),
                worse=min(bar.low_npv, bar.high_npv) - base,
                better=max(bar.low_npv, bar.high_npv) - base,
                swing=bar.swing,
            )
            for bar in self.tornado
        ]

    @property
    def grid_rows(self) -> list[tuple[float, list[float]]]:
        return [(ob, [self.grid[(ob, dw)] for dw in GRID_DELTAS]) for ob in GRID_DELTAS]

    @property
    def grid_columns(self) -> tuple[float, ...]:
        return GRID_DELTAS


def _actor_rows(result: economics.Result, base_year: int) -> list[ActorRow]:
    labels = dict(Actor.choices)
    shares = result.shares()
    order = list(labels)
    rows = [
        ActorRow(
            actor=actor,
            label=str(labels.get(actor, actor)),
            result=r,
            payback_year=None if r.payback_year is None else base_year + r.payback_year,
            cost_share=shares[actor][0],
            benefit_share=shares[actor][1],
        )
        for actor, r in result.actors.items()
    ]
    return sorted(rows, key=lambda row: order.index(row.actor) if row.actor in order else 99)


def _matrix(result: economics.Result, rows: list[ActorRow], years: list[int], base_year: int):
    matrix, totals = [], {y: [0.0, 0.0] for y in years}
    for row in rows:
        per_year = result.matrix.get(row.actor, {})
        cells = []
        for year in years:
            cost, benefit = per_year.get(year - base_year, (0.0, 0.0))
            cells.append((year, cost, benefit))
            totals[year][0] += cost
            totals[year][1] += benefit
        matrix.append(
            MatrixRow(
                actor=row.actor,
                label=row.label,
                cells=cells,
                total_cost=sum(c for _y, c, _b in cells),
                total_benefit=sum(b for _y, _c, b in cells),
            )
        )
    return matrix, [(y, c, b) for y, (c, b) in totals.items()]


def build_report(data, *, comparison_rate: float | None = None) -> Report:
    """The full set of results for a loaded business case. `comparison_rate` (a fraction, e.g.
    0.05) overrides the case's own comparison rate."""
    case = data.case
    horizon, base_year = case.horizon_years, case.base_year
    lines = data.economics_lines()
    result = economics.compute(lines, horizon=horizon, schedule=data.schedule)
    years = list(range(base_year, base_year + horizon + 1))
    rows = _actor_rows(result, base_year)
    total = ActorRow(
        actor="total",
        label=_("Totalt"),
        result=result.total,
        payback_year=None
        if result.total.payback_year is None
        else base_year + result.total.payback_year,
        cost_share=1.0 if result.total.pv_costs else 0.0,
        benefit_share=1.0 if result.total.pv_benefits else 0.0,
    )
    matrix, matrix_totals = _matrix(result, rows, years, base_year)
    if comparison_rate is None and case.comparison_rate is not None:
        comparison_rate = float(case.comparison_rate) / 100
    comparison = None
    if comparison_rate is not None:
        comparison = economics.compute(
            lines,
            horizon=horizon,
            schedule=economics.DiscountSchedule.flat(
                comparison_rate, _("Jämförelse %(rate)s %%") % {"rate": _pct(comparison_rate)}
            ),
        )
    labels = {str(line.pk): line for line in data.lines}
    line_switches = [
        LineSwitch(
            key=key,
            label=labels[key].label if key in labels else key,
            actor=str(dict(Actor.choices).get(labels[key].actor, "")) if key in labels else "",
            pv=result.pv_by_line.get(key, 0.0),
            value=value,
        )
        for key, value in economics.line_switching_values(result).items()
    ]
    # The headline follows the case owner's choice (assumptions unless use_realised); the other
    # computation is shown beside it whenever realised whole years exist.
    assumed = None
    if data.has_actuals:
        assumed = economics.compute(
            data.economics_lines(actuals=not case.use_realised),
            horizon=horizon,
            schedule=data.schedule,
        )
    return Report(
        schedule_name=data.schedule_name,
        base_year=base_year,
        horizon=horizon,
        years=years,
        result=result,
        actors=rows,
        total=total,
        matrix=matrix,
        matrix_totals=matrix_totals,
        payers=sorted((r for r in rows if r.result.pv_costs > 0), key=lambda r: -r.result.pv_costs),
        gainers=sorted(
            (r for r in rows if r.result.pv_benefits > 0), key=lambda r: -r.result.pv_benefits
        ),
        rates=sorted(economics.with_rates(lines, horizon=horizon, rates=SENSITIVITY_RATES).items()),
        tornado=economics.tornado(lines, horizon=horizon, schedule=data.schedule),
        tornado_labels=tornado_labels(),
        grid=economics.sensitivity_grid(
            lines,
            horizon=horizon,
            schedule=data.schedule,
            optimism_deltas=GRID_DELTAS,
            deadweight_deltas=GRID_DELTAS,
        ),
        switching_value=economics.switching_value(result),
        line_switches=line_switches,
        comparison_rate=comparison_rate,
        comparison=comparison,
        assumed=assumed,
        uses_realised=case.use_realised and data.has_actuals,
        realised=list(data.realised.values()),
    )


def _pct(fraction: float) -> str:
    return format_number(round(fraction * 100, 2))


def kind_label(kind: str) -> str:
    return str(dict(LineKind.choices).get(kind, kind))


@dataclass
class ActorLine:
    """One of an actor's lines on the printed page: what was assumed, in brief."""

    label: str
    kind: str
    total: float  # undiscounted, as entered, over the years it has
    first_year: int | None
    last_year: int | None
    confidence: int
    deadweight_pct: float
    attribution_pct: float
    drop_off_pct: float


@dataclass
class ActorPage:
    """What a nämnd reads about one actor: pays, gains, net, payback and its assumptions."""

    row: ActorRow
    lines: list[ActorLine]


def actor_pages(data, report: Report) -> list[ActorPage]:
    """One printable page per actor of the case, in the page's order. No queries (the lines and
    amounts are loaded)."""
    by_actor: dict[str, list[ActorLine]] = {}
    for line in data.lines:
        amounts = list(line.amounts.all())
        years = [a.year for a in amounts]
        by_actor.setdefault(line.actor, []).append(
            ActorLine(
                label=line.label,
                kind=line.kind,
                total=float(sum(a.amount_sek for a in amounts)),
                first_year=min(years, default=None),
                last_year=max(years, default=None),
                confidence=line.confidence,
                deadweight_pct=float(line.deadweight_pct),
                attribution_pct=float(line.attribution_pct),
                drop_off_pct=float(line.drop_off_pct),
            )
        )
    return [ActorPage(row=row, lines=by_actor.get(row.actor, [])) for row in report.actors]
