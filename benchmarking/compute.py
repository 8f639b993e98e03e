"""The arithmetic of benchmarking, in plain Python (no Django) so it can be checked by hand.

Rules (see README, "Benchmarking"):
- Missing is not zero: a None is left out of every figure and counted as missing.
- Peer figures are unweighted: every peer kommun counts once, whatever its population; the mean
  is shown with n, the number of peers that had a value.
- Small numbers apply where we compute a figure ourselves: a peer mean/min/max from fewer than
  5 kommuner, a rank among fewer than 5, and a value computed from pilots' results on fewer than
  5 persons. A Kolada value is shown as Kolada publishes it: Kolada's `count` is 1 for a kommun,
  region or riket and, for a municipality group, the number of members behind its unweighted
  mean; it says nothing about persons. Kolada does its own disclosure control: a withheld value
  arrives as null with a status, which is shown in words (see docs/kolada.md).
- Rank 1 is best given the direction; ties share the best rank of their group ("1, 2, 2, 4");
  an indicator whose direction is neutral, or not yet set by the coordinator, has no rank and
  no good/bad.
- The verdict follows the rank (`standing`): the best quarter, the middle half or the worst
  quarter of the areas ranked, as Kolada colours a kommun; never the mean, which one extreme
  peer can pull past the area.
- Trend: the least-squares slope of the area's own values over the years (≥ 3 years needed);
  "stable" when the change is under 0.5 % of the mean per year.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

MIN_UNITS = 5
MIN_TREND_YEARS = 3
STABLE_SHARE_PER_YEAR = 0.005

HIGHER, LOWER, NEUTRAL = "higher", "lower", "neutral"
NOT_SET = ""  # the coordinator has not chosen a direction yet (e.g. a KPI new from Kolada)

# Why a figure is not shown; the interfaces translate these codes into sentences.
FEW_PEERS = "few_peers"  # a peer figure from fewer than MIN_UNITS kommuner
SMALL_COUNT = "small_count"  # a value computed from pilots' results on fewer than 5 persons
FEW_RANKED = "few_ranked"  # a rank among fewer than MIN_UNITS areas
NO_DIRECTION = "no_direction"  # the indicator is neutral: neither higher nor lower is better
DIRECTION_NOT_SET = "direction_not_set"  # ranks and good/bad wait for the coordinator's choice
MISSING = "missing"  # the area has no value
FEW_YEARS = "few_years"  # a trend needs MIN_TREND_YEARS values

Number = float | int | Decimal


def _num(value: Number | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class Cell:
    """A raw value ready to show: the value, or why it is not shown.

    `status` is Kolada's own status, unchanged ("Missing", …); `members` is n for a Kolada
    municipality group's value (the members behind its unweighted mean), else None."""

    value: float | None
    reason: str | None = None
    status: str = ""
    members: int | None = None

    @property
    def shown(self) -> bool:
        return self.value is not None


def kolada_cell(
    value: Number | None, status: str = "", *, count: int | None = None, is_group: bool = False
) -> Cell:
    """A value as Kolada publishes it: shown whenever Kolada gives one (Kolada's `count` is no
    number of persons, so it never hides a value); a null is missing, with Kolada's status."""
    members = count if is_group else None
    if value is None:
        return Cell(None, MISSING, status or "", members)
    return Cell(float(value), None, status or "", members)


def pilot_cell(value: Number | None, persons: int | None = None) -> Cell:
    """A value computed from pilots' results, hidden when it rests on fewer than MIN_UNITS
    persons (the summed denominators, when every value has one)."""
    if value is None:
        return Cell(None, MISSING)
    if persons is not None and persons < MIN_UNITS:
        return Cell(None, SMALL_COUNT)
    return Cell(float(value))


def too_few_persons(persons: int | None) -> bool:
    """Whether a figure computed from pilots' results rests on fewer than MIN_UNITS persons."""
    return persons is not None and persons < MIN_UNITS


# Units that count persons or events: such a figure grows with the size of the kommun or of
# the pilot, so it says nothing about how one kommun does against another.
COUNT_UNITS = frozenset(
    {"personer", "deltagare", "händelser", "förskrivningar", "besök", "st", "stycken", "antal"}
)


def is_absolute_count(*, measure: str, name: str, unit: str) -> bool:
    """Whether a library indicator is a raw count ("Antal deltagare", unit "personer"): a number
    (not a share) named "Antal …" or counted in persons or events, and not a rate ("per 1 000
    invånare", "dagar per anställd", "kostnad per deltagare"). Counts are left out of the
    benchmark: Kolada compares kommuner on shares and rates per invånare, and a pilot's
    participants depend on the pilot, which covers part of a kommun or several (so no
    kommun's population is the right denominator)."""
    if measure != "number":
        return False
    words = f" {name} {unit} ".lower()
    if " per " in words:
        return False
    return unit.strip().lower() in COUNT_UNITS or name.strip().lower().startswith("antal ")


@dataclass(frozen=True)
class PeerSummary:
    """The unweighted mean, min and max of the peers that have a value, and their number n."""

    n: int
    mean: float | None
    minimum: float | None
    maximum: float | None
    reason: str | None = None

    @property
    def suppressed(self) -> bool:
        return self.reason == FEW_PEERS


def peer_summary(values: Iterable[Number | None]) -> PeerSummary:
    """Summarise peer values; None is missing (left out, not zero)."""
    present = [float(v) for v in values if v is not None]
    return summary_from_aggregate(
        n=len(present),
        total=sum(present) if present else None,
        minimum=min(present) if present else None,
        maximum=max(present) if present else None,
    )


def summary_from_aggregate(
    *, n: int, total: Number | None, minimum: Number | None, maximum: Number | None
) -> PeerSummary:
    """The same summary from a database aggregate (COUNT, SUM, MIN, MAX of present values)."""
    if n < MIN_UNITS:
        return PeerSummary(n=n, mean=None, minimum=None, maximum=None, reason=FEW_PEERS)
    return PeerSummary(n=n, mean=float(total) / n, minimum=_num(minimum), maximum=_num(maximum))


def is_better(a: float, b: float, direction: str) -> bool:
    """Whether value a is strictly better than b."""
    if direction == HIGHER:
        return a > b
    if direction == LOWER:
        return a < b
    return False


def no_direction_reason(direction: str) -> str:
    """Why there is no rank or good/bad: a neutral indicator, or no direction chosen yet."""
    return NO_DIRECTION if direction == NEUTRAL else DIRECTION_NOT_SET


@dataclass(frozen=True)
class Rank:
    position: int | None  # 1 = best
    of: int  # the subject plus the peers that have a value
    reason: str | None = None


def rank(subject: Number | None, peers: Iterable[Number | None], direction: str) -> Rank:
    """The subject's rank among itself and its peers (competition ranking: ties share)."""
    present = [float(v) for v in peers if v is not None]
    if subject is None:
        return Rank(None, len(present), MISSING)
    of = len(present) + 1
    if direction not in (HIGHER, LOWER):
        return Rank(None, of, no_direction_reason(direction))
    if of < MIN_UNITS:
        return Rank(None, of, FEW_RANKED)
    value = float(subject)
    return Rank(1 + sum(1 for v in present if is_better(v, value, direction)), of)


def ranks(values: dict[str, Number | None], direction: str) -> dict[str, int]:
    """Competition ranks of every area with a value (1 = best); empty without a direction."""
    present = {k: float(v) for k, v in values.items() if v is not None}
    if direction not in (HIGHER, LOWER):
        return {}
    ordered = sorted(present.values(), reverse=direction == HIGHER)
    first_position: dict[float, int] = {}
    for i, v in enumerate(ordered, start=1):
        first_position.setdefault(v, i)
    return {k: first_position[v] for k, v in present.items()}


@dataclass(frozen=True)
class Trend:
    slope: float | None  # change per year
    movement: str | None  # "up", "down", "stable"
    judgement: str | None  # "good", "bad", "neutral" (stable or neutral), "unset" (no direction)
    years: int  # how many years had a value
    reason: str | None = None


def slope(points: Sequence[tuple[int, float]]) -> float:
    """Least-squares slope of (year, value) points (at least two distinct years)."""
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return sxy / sxx if sxx else 0.0


def trend(series: Iterable[tuple[int, Number | None]], direction: str) -> Trend:
    """The trend of one area's values over years; missing years are skipped, not zero."""
    points = sorted((int(y), float(v)) for y, v in series if v is not None)
    if len(points) < MIN_TREND_YEARS:
        return Trend(None, None, None, len(points), FEW_YEARS)
    change = slope(points)
    mean = sum(v for _, v in points) / len(points)
    if abs(change) <= STABLE_SHARE_PER_YEAR * abs(mean) or change == 0:
        return Trend(change, "stable", "neutral", len(points))
    movement = "up" if change > 0 else "down"
    if direction == HIGHER:
        judgement = "good" if change > 0 else "bad"
    elif direction == LOWER:
        judgement = "good" if change < 0 else "bad"
    elif direction == NEUTRAL:
        judgement = "neutral"
    else:
        judgement = "unset"
    return Trend(change, movement, judgement, len(points))


# Where a rank places the area, as Kolada colours a kommun: among the best quarter, the middle
# half or the worst quarter of the areas ranked.
BEST_QUARTER, MIDDLE, WORST_QUARTER = "best_quarter", "middle", "worst_quarter"


def standing(position: int | None, of: int) -> str | None:
    """The verdict on a rank, so that rank and verdict can never disagree: the share of the
    other areas ranked above (ties share the best rank) is at most a quarter → BEST_QUARTER, at
    least three quarters → WORST_QUARTER, else MIDDLE. None when there is no rank (no value,
    no direction, fewer than MIN_UNITS areas). Not from the mean: one extreme peer moves the
    mean, so "2 of 7" could read "worse than the group" beside it."""
    if position is None or of < 2:
        return None
    share_above = (position - 1) / (of - 1)
    if share_above <= 0.25:
        return BEST_QUARTER
    if share_above >= 0.75:
        return WORST_QUARTER
    return MIDDLE
