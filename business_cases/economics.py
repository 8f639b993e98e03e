"""Business-case arithmetic: present values per actor, NPV, benefit–cost ratio, payback, the
who-pays/who-gains matrix, the cost of inaction and sensitivity. Plain Python, no Django.

Conventions (documented with formulas in docs/business-case.md):
- Years are offsets from the business case's base year: year 0 is not discounted.
- The discount factor for year t under a step schedule is the product of 1/(1+r_y) for y=1..t,
  where r_y is the rate in force for year y (HM Treasury Green Book style: 3.5 % for years 0–30,
  3.0 % after).
- A benefit is adjusted as amount × (1 − optimism bias) × (1 − deadweight) × attribution
  × (1 − drop-off)^(years since the line's first year). A cost is raised by its optimism bias:
  amount × (1 + optimism bias). Deadweight, attribution and drop-off apply to benefits only.
- Business-as-usual (cost of inaction) lines are the costs each actor carries if nothing is done.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

COST = "cost"
BENEFIT = "benefit"
BAU = "bau"  # a business-as-usual cost: what an actor pays if nothing is done
KINDS = (COST, BENEFIT, BAU)

FISCAL_TYPES = ("fiscal_cashable", "fiscal_non_cashable")
VALUE_TYPES = (*FISCAL_TYPES, "economic", "social")

# Confidence grade → optimism-bias adjustment (grade 1: audited local data … grade 6: a guess).
OPTIMISM_BIAS_BY_GRADE = {1: 0.0, 2: 0.05, 3: 0.10, 4: 0.15, 5: 0.25, 6: 0.40}

MAX_YEARS = 100
MIN_RATE, MAX_RATE = -0.10, 1.00


class BusinessCaseError(ValueError):
    """Input the computation cannot use; `field` names what is wrong."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class DiscountSchedule:
    """Step rates: `steps` is a sorted sequence of (first year, rate); the last step runs on."""

    name: str
    steps: tuple[tuple[int, float], ...]

    def __post_init__(self):
        if not self.steps or self.steps[0][0] != 0:
            raise BusinessCaseError("A discount schedule must start at year 0.", "steps")
        years = [y for y, _ in self.steps]
        if years != sorted(set(years)):
            raise BusinessCaseError("Schedule years must be increasing and unique.", "steps")
        for _, rate in self.steps:
            if not (MIN_RATE <= rate <= MAX_RATE):
                raise BusinessCaseError("Discount rates must lie between −10 % and 100 %.", "steps")

    @classmethod
    def flat(cls, rate: float, name: str | None = None) -> DiscountSchedule:
        return cls(name or f"{rate * 100:g} %", ((0, rate),))

    def rate_for(self, year: int) -> float:
        rate = self.steps[0][1]
        for first_year, step_rate in self.steps:
            if year >= first_year:
                rate = step_rate
        return rate

    def factors(self, years: int) -> list[float]:
        """Discount factors for years 0..years (inclusive)."""
        out, factor = [1.0], 1.0
        for year in range(1, years + 1):
            factor /= 1 + self.rate_for(year)
            out.append(factor)
        return out


GREEN_BOOK = DiscountSchedule(
    "Standard 2026 (3,5 % år 0–30, 3,0 % därefter)", ((0, 0.035), (31, 0.03))
)


@dataclass(frozen=True)
class Line:
    """A cost, benefit or business-as-usual line; `amounts` maps year offset → SEK in real terms."""

    kind: str
    actor: str
    amounts: dict[int, float]
    value_type: str = "fiscal_cashable"
    label: str = ""
    optimism_bias: float = 0.0
    deadweight: float = 0.0
    attribution: float = 1.0
    drop_off: float = 0.0
    key: str = ""

    def validate(self, horizon: int) -> None:
        if self.kind not in KINDS:
            raise BusinessCaseError(f"Unknown line kind {self.kind!r}.", "kind")
        if self.value_type not in VALUE_TYPES:
            raise BusinessCaseError(f"Unknown value type {self.value_type!r}.", "value_type")
        for name in ("optimism_bias", "deadweight", "drop_off"):
            if not (0.0 <= getattr(self, name) <= 1.0):
                raise BusinessCaseError(f"{name} must lie between 0 and 100 %.", name)
        if not (0.0 <= self.attribution <= 1.0):
            raise BusinessCaseError("attribution must lie between 0 and 100 %.", "attribution")
        for year, amount in self.amounts.items():
            if not isinstance(year, int) or year < 0:
                raise BusinessCaseError("Years must be whole numbers from 0.", "amounts")
            if year > horizon:
                raise BusinessCaseError(
                    f"Year {year} is outside the horizon (0–{horizon}).", "amounts"
                )
            if (
                not isinstance(amount, int | float)
                or amount != amount
                or amount in (float("inf"), float("-inf"))
            ):
                raise BusinessCaseError("Amounts must be finite numbers.", "amounts")

    def adjusted(self) -> dict[int, float]:
        """Amounts after optimism bias, deadweight, attribution and drop-off."""
        if not self.amounts:
            return {}
        if self.kind == BENEFIT:
            first = min(self.amounts)
            base = (1 - self.optimism_bias) * (1 - self.deadweight) * self.attribution
            return {
                y: a * base * (1 - self.drop_off) ** (y - first) for y, a in self.amounts.items()
            }
        return {y: a * (1 + self.optimism_bias) for y, a in self.amounts.items()}


@dataclass
class ActorResult:
    actor: str
    pv_costs: float = 0.0
    pv_benefits: float = 0.0
    pv_bau: float = 0.0
    payback_year: int | None = None

    @property
    def npv(self) -> float:
        return self.pv_benefits - self.pv_costs

    @property
    def bcr(self) -> float | None:
        return self.pv_benefits / self.pv_costs if self.pv_costs > 0 else None

    @property
    def pv_with_pilot(self) -> float:
        """What the actor carries with the pilot: the cost of inaction, plus the pilot's costs,
        less its benefits. The difference to `pv_bau` is the NPV."""
        return self.pv_bau + self.pv_costs - self.pv_benefits


@dataclass
class Result:
    schedule: str
    horizon: int
    actors: dict[str, ActorResult]
    total: ActorResult
    pv_fiscal_benefits: float
    # matrix[actor][year] = (cost, benefit) in undiscounted, adjusted SEK
    matrix: dict[str, dict[int, tuple[float, float]]] = field(default_factory=dict)
    pv_by_line: dict[str, float] = field(default_factory=dict)
    line_kinds: dict[str, str] = field(default_factory=dict)

    @property
    def fiscal_return(self) -> float | None:
        """PV of fiscal benefits (cashable and non-cashable) per krona of PV cost."""
        return self.pv_fiscal_benefits / self.total.pv_costs if self.total.pv_costs > 0 else None

    @property
    def public_value_return(self) -> float | None:
        """PV of all benefits (fiscal, economic, social) per krona of PV cost."""
        return self.total.bcr

    @property
    def payers(self) -> list[str]:
        return [a for a, r in self.actors.items() if r.pv_costs > 0]

    @property
    def gainers(self) -> list[str]:
        return [a for a, r in self.actors.items() if r.pv_benefits > 0]

    def shares(self) -> dict[str, tuple[float, float]]:
        """Per actor: (share of total PV costs, share of total PV benefits), each 0..1."""
        costs, benefits = self.total.pv_costs, self.total.pv_benefits
        return {
            actor: (
                r.pv_costs / costs if costs > 0 else 0.0,
                r.pv_benefits / benefits if benefits > 0 else 0.0,
            )
            for actor, r in self.actors.items()
        }


def _payback_year(
    net_by_year: dict[int, float], factors: list[float], first_benefit: int | None
) -> int | None:
    """First year from the first benefit on where cumulative discounted net turns non-negative."""
    if first_benefit is None:
        return None
    cumulative = 0.0
    for year in range(len(factors)):
        cumulative += net_by_year.get(year, 0.0) * factors[year]
        if year >= first_benefit and cumulative >= -1e-9:
            return year
    return None


def compute(
    lines: Sequence[Line], *, horizon: int, schedule: DiscountSchedule = GREEN_BOOK
) -> Result:
    """Present values per actor and in total, the yearly who-pays/who-gains matrix and payback.

    Raises BusinessCaseError for a horizon outside 0..100 or an invalid line.
    """
    if not isinstance(horizon, int) or not (0 <= horizon <= MAX_YEARS):
        raise BusinessCaseError(f"The horizon must be 0–{MAX_YEARS} years.", "horizon")
    for line in lines:
        line.validate(horizon)
    factors = schedule.factors(horizon)
    actors: dict[str, ActorResult] = {}
    matrix: dict[str, dict[int, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0.0, 0.0]))
    net: dict[str, dict[int, float]] = defaultdict(lambda: defaultdict(float))
    first_benefit: dict[str, int] = {}
    pv_by_line: dict[str, float] = {}
    line_kinds: dict[str, str] = {}
    pv_fiscal = 0.0
    for index, line in enumerate(lines):
        result = actors.setdefault(line.actor, ActorResult(line.actor))
        pv = 0.0
        for year, amount in line.adjusted().items():
            pv += amount * factors[year]
            if line.kind == COST:
                matrix[line.actor][year][0] += amount
                net[line.actor][year] -= amount
            elif line.kind == BENEFIT:
                matrix[line.actor][year][1] += amount
                net[line.actor][year] += amount
                if amount > 0:
                    first_benefit[line.actor] = min(first_benefit.get(line.actor, year), year)
        pv_by_line[line.key or str(index)] = pv
        line_kinds[line.key or str(index)] = line.kind
        if line.kind == COST:
            result.pv_costs += pv
        elif line.kind == BENEFIT:
            result.pv_benefits += pv
            if line.value_type in FISCAL_TYPES:
                pv_fiscal += pv
        else:
            result.pv_bau += pv
    for actor, result in actors.items():
        result.payback_year = _payback_year(net[actor], factors, first_benefit.get(actor))
    total = ActorResult("total")
    total_net: dict[int, float] = defaultdict(float)
    for actor, result in actors.items():
        total.pv_costs += result.pv_costs
        total.pv_benefits += result.pv_benefits
        total.pv_bau += result.pv_bau
        for year, amount in net[actor].items():
            total_net[year] += amount
    total.payback_year = _payback_year(
        total_net, factors, min(first_benefit.values(), default=None)
    )
    return Result(
        schedule=schedule.name,
        horizon=horizon,
        actors=actors,
        total=total,
        pv_fiscal_benefits=pv_fiscal,
        matrix={
            a: {y: (c, b) for y, (c, b) in sorted(years.items())} for a, years in matrix.items()
        },
        pv_by_line=pv_by_line,
        line_kinds=line_kinds,
    )


@dataclass(frozen=True)
class TornadoBar:
    parameter: str
    low_npv: float
    high_npv: float

    @property
    def swing(self) -> float:
        return abs(self.high_npv - self.low_npv)


def with_rates(
    lines: Sequence[Line], *, horizon: int, rates: Iterable[float] = (0.0, 0.03, 0.035, 0.05)
) -> dict[float, Result]:
    """The same case at flat discount rates, for the sensitivity table."""
    return {
        rate: compute(lines, horizon=horizon, schedule=DiscountSchedule.flat(rate))
        for rate in rates
    }


def _scaled(lines: Sequence[Line], **changes) -> list[Line]:
    out = []
    for line in lines:
        update = {}
        if "optimism_bias" in changes:
            update["optimism_bias"] = min(
                max(changes["optimism_bias"](line.optimism_bias), 0.0), 1.0
            )
        if "deadweight" in changes and line.kind == BENEFIT:
            update["deadweight"] = min(max(changes["deadweight"](line.deadweight), 0.0), 1.0)
        if "benefits" in changes and line.kind == BENEFIT:
            update["amounts"] = {y: a * changes["benefits"] for y, a in line.amounts.items()}
        if "costs" in changes and line.kind == COST:
            update["amounts"] = {y: a * changes["costs"] for y, a in line.amounts.items()}
        out.append(replace(line, **update))
    return out


def tornado(
    lines: Sequence[Line],
    *,
    horizon: int,
    schedule: DiscountSchedule = GREEN_BOOK,
    optimism_range: tuple[float, float] = (-0.10, 0.10),
    deadweight_range: tuple[float, float] = (-0.10, 0.10),
    amount_range: tuple[float, float] = (0.8, 1.2),
    rate_range: tuple[float, float] = (0.0, 0.05),
) -> list[TornadoBar]:
    """Total NPV at the low and high end of each parameter, widest swing first."""

    def npv(ls, sched=schedule):
        return compute(ls, horizon=horizon, schedule=sched).total.npv

    bars = [
        TornadoBar(
            "discount_rate",
            npv(lines, DiscountSchedule.flat(rate_range[1])),
            npv(lines, DiscountSchedule.flat(rate_range[0])),
        ),
        TornadoBar(
            "optimism_bias",
            npv(_scaled(lines, optimism_bias=lambda v: v + optimism_range[1])),
            npv(_scaled(lines, optimism_bias=lambda v: v + optimism_range[0])),
        ),
        TornadoBar(
            "deadweight",
            npv(_scaled(lines, deadweight=lambda v: v + deadweight_range[1])),
            npv(_scaled(lines, deadweight=lambda v: v + deadweight_range[0])),
        ),
        TornadoBar(
            "benefits",
            npv(_scaled(lines, benefits=amount_range[0])),
            npv(_scaled(lines, benefits=amount_range[1])),
        ),
        TornadoBar(
            "costs",
            npv(_scaled(lines, costs=amount_range[1])),
            npv(_scaled(lines, costs=amount_range[0])),
        ),
    ]
    return sorted(bars, key=lambda b: b.swing, reverse=True)


def switching_value(result: Result) -> float | None:
    """How far (as a fraction) all benefits can fall before total NPV turns negative.

    0.25 means benefits may fall by 25 %; a negative value means NPV is already negative and
    benefits must rise by that fraction; None when there are no benefits.
    """
    if result.total.pv_benefits <= 0:
        return None
    return result.total.npv / result.total.pv_benefits


def line_switching_values(result: Result) -> dict[str, float | None]:
    """Per line: the fraction it can fall before total NPV turns negative (> 1: it can vanish)."""
    npv = result.total.npv
    return {
        key: (npv / pv if pv > 0 else None)
        for key, pv in result.pv_by_line.items()
        if result.line_kinds.get(key) == BENEFIT
    }


def optimism_bias_for_grade(grade: int) -> float:
    if grade not in OPTIMISM_BIAS_BY_GRADE:
        raise BusinessCaseError(
            "The confidence grade is 1 (best) to 6 (weakest).", "confidence_grade"
        )
    return OPTIMISM_BIAS_BY_GRADE[grade]


def sensitivity_grid(
    lines: Sequence[Line],
    *,
    horizon: int,
    schedule: DiscountSchedule = GREEN_BOOK,
    optimism_deltas: Sequence[float] = (-0.10, 0.0, 0.10),
    deadweight_deltas: Sequence[float] = (-0.10, 0.0, 0.10),
) -> dict[tuple[float, float], float]:
    """Total NPV with every line's optimism bias and every benefit's deadweight shifted by each
    pair of deltas (percentage points as fractions; shifted values are clamped to 0..1)."""
    return {
        (ob, dw): compute(
            _scaled(
                lines,
                optimism_bias=lambda v, d=ob: v + d,
                deadweight=lambda v, d=dw: v + d,
            ),
            horizon=horizon,
            schedule=schedule,
        ).total.npv
        for ob in optimism_deltas
        for dw in deadweight_deltas
    }
