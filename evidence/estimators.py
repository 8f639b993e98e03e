"""Effect estimators for staggered adoption, in numpy (no Django).

- `callaway_santanna`: group-time average effects ATT(g, t) (Callaway and Sant'Anna 2021,
  unconditional parallel trends, no covariates), with not-yet-treated or never-treated
  comparisons and the "varying" base period (a pre-period cell compares t with t-1, a
  post-period cell compares t with g-1). Cells are aggregated by event time e = t - g and overall
  ("simple": every post cell weighted by its group's size). Standard errors come from each
  cell's influence function summed per kommun, so serial correlation within a kommun is allowed
  for; intervals use Student's t with (adopters - 1) degrees of freedom, which widens them when
  there are few adopters, and the variance gets the usual small-cluster factor G / (G - 1).
- `pretrend`: the joint test that every pre-adoption event-time effect is zero.
- `placebo_in_time`: the same estimator with every adoption moved two years earlier and the real
  post-adoption years removed; a sound design finds nothing there.
- `naive_before_after`: the adopters' mean after minus their mean before, with no comparison,
  kept only to show how wrong it is.

A value of NaN is missing (suppressed or not published) and never enters a difference.
Checked against the `diff-diff` package's CallawaySantAnna on the same panels
(tests/evidence/test_reference.py).
"""

from dataclasses import dataclass, field

import numpy as np
from scipy import stats

NOT_YET = "notyet"
NEVER = "never"
EVENT_WINDOW = (-5, 10)
PLACEBO_SHIFT = 2


@dataclass
class Panel:
    """values[i, j]: kommun i in years[j] (NaN = missing); first[i]: the first adopted year
    (inf = never adopted, nan = left out entirely)."""

    years: np.ndarray
    values: np.ndarray
    first: np.ndarray


@dataclass
class Estimate:
    estimate: float
    low: float
    high: float
    se: float


@dataclass
class EventTime:
    e: int
    estimate: float
    low: float
    high: float
    se: float
    adopters: int


@dataclass
class Result:
    overall: Estimate | None
    events: list[EventTime] = field(default_factory=list)
    adopters: int = 0
    comparison: int = 0
    pretrend_p: float | None = None
    df: int = 1
    # The pre-adoption event-time estimates and their influence functions (kommuner × e).
    _pre_est: np.ndarray | None = None
    _pre_phi: np.ndarray | None = None


def _interval(value: float, se: float, df: int) -> Estimate:
    # CR1: with G adopting kommuner as clusters, the variance is scaled by G / (G - 1).
    se *= np.sqrt((df + 1) / df)
    crit = float(stats.t.ppf(0.975, max(df, 1)))
    return Estimate(value, value - crit * se, value + crit * se, se)


def _group_index(panel: Panel) -> np.ndarray:
    """First adopted year as a column index (inf never, nan left out); an adoption after the
    last year counts as never within the panel."""
    years = panel.years
    out = np.full(panel.first.shape, np.inf)
    for i, year in enumerate(panel.first):
        if np.isnan(year):
            out[i] = np.nan
        elif np.isfinite(year) and year <= years[-1]:
            out[i] = float(np.searchsorted(years, year))
    return out


def callaway_santanna(panel: Panel, control: str = NOT_YET) -> Result:
    """Group-time effects aggregated by event time and overall. See the module docstring."""
    y = np.asarray(panel.values, dtype=float)
    n, t_count = y.shape
    g_idx = _group_index(panel)
    groups = sorted({int(g) for g in g_idx[np.isfinite(g_idx)] if g >= 1})
    cols = np.arange(t_count)
    compared = np.zeros(n, dtype=bool)
    by_group = {}  # g → (differences, treated mask, control mask, n treated, n control) per cell
    cells = []  # (g, t, att, group size, column in the group's arrays, control mean)
    for g in groups:
        treated = g_idx == g
        base = np.where(cols >= g, g - 1, cols - 1)
        valid = base >= 0
        tcols, bcols = cols[valid], base[valid]
        diff = y[:, tcols] - y[:, bcols]
        ok = ~np.isnan(diff)
        if control == NEVER:
            ctrl = np.repeat(np.isinf(g_idx)[:, None], len(tcols), axis=1)
        else:
            with np.errstate(invalid="ignore"):
                ctrl = (g_idx[:, None] > np.maximum(tcols, bcols)[None, :]) & ~treated[:, None]
        tr, co = treated[:, None] & ok, ctrl & ok
        nt, nc = tr.sum(0), co.sum(0)
        d0 = np.where(ok, diff, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            mt, mc = (d0 * tr).sum(0) / nt, (d0 * co).sum(0) / nc
        by_group[g] = (d0, tr, co, nt, nc)
        for k, t in enumerate(tcols):
            if nt[k] >= 1 and nc[k] >= 2:
                cells.append((g, int(t), float(mt[k] - mc[k]), int(treated.sum()), k, mc[k]))
                if t >= g:
                    compared |= co[:, k]
    n_adopters = int(sum(np.sum(g_idx == g) for g in {c[0] for c in cells if c[1] >= c[0]}))
    df = max(n_adopters - 1, 1)
    result = Result(overall=None, adopters=n_adopters, comparison=int(compared.sum()), df=df)
    if not cells:
        return result
    lo_e, hi_e = EVENT_WINDOW
    by_e: dict[int, list] = {}
    for cell in cells:
        by_e.setdefault(cell[1] - cell[0], []).append(cell)
    theta = {e: _weighted([c[2] for c in cs], [c[3] for c in cs]) for e, cs in by_e.items()}
    treated_at = {e: sum(by_group[c[0]][3][c[4]] for c in cs) for e, cs in by_e.items()}

    def influence(cell, e) -> np.ndarray:
        # The treated part is centred on the event time's pooled effect, not the group's own
        # mean: a group of one adopter then still carries its noise (its own mean would make it
        # zero), at the price of counting differences between groups as noise (conservative).
        g, _t, _att, _size, k, mc = cell
        d0, tr, co, nt, nc = by_group[g]
        n_e = treated_at[e]
        st = np.sqrt(n_e / max(n_e - 1, 1)) / nt[k]
        sc = np.sqrt(nc[k] / max(nc[k] - 1, 1)) / nc[k]
        treated_part = np.where(tr[:, k], (d0[:, k] - mc - theta[e]) * st, 0.0)
        return treated_part - np.where(co[:, k], (d0[:, k] - mc) * sc, 0.0)

    def aggregate(selected):
        sizes = np.array([c[3] for c in selected], dtype=float)
        share = sizes / sizes.sum()
        value = float(share @ np.array([c[2] for c in selected]))
        phi = sum(w * influence(c, c[1] - c[0]) for w, c in zip(share, selected, strict=True))
        return value, phi

    pre_est, pre_phi = [], []
    for e in range(lo_e, hi_e + 1):
        if e not in by_e:
            continue
        value, phi = aggregate(by_e[e])
        estimate = _interval(value, float(np.sqrt(phi @ phi)), df)
        count = int(sum(c[3] for c in by_e[e]))
        result.events.append(EventTime(e, value, estimate.low, estimate.high, estimate.se, count))
        if e < 0:
            pre_est.append(value)
            pre_phi.append(phi)
    post = [c for c in cells if 0 <= c[1] - c[0] <= hi_e]
    if post:
        value, phi = aggregate(post)
        result.overall = _interval(value, float(np.sqrt(phi @ phi)), df)
    if pre_est:
        result._pre_est, result._pre_phi = np.array(pre_est), np.column_stack(pre_phi)
        result.pretrend_p = pretrend(result)
    return result


def _weighted(values, weights) -> float:
    w = np.asarray(weights, dtype=float)
    return float(np.asarray(values) @ (w / w.sum()))


def pretrend(result: Result) -> float | None:
    """p-value of the joint test that all pre-adoption event-time effects are zero: a Wald
    statistic with the influence-function covariance, read as F(k, adopters - 1)."""
    if result._pre_est is None:
        return None
    est, phi = result._pre_est, result._pre_phi
    cov = phi.T @ phi
    wald = float(est @ np.linalg.pinv(cov) @ est)
    k = max(int(np.linalg.matrix_rank(cov)), 1)
    return float(stats.f.sf(wald / k, k, result.df))


def placebo_in_time(panel: Panel, shift: int = PLACEBO_SHIFT) -> Result | None:
    """Every adoption moved `shift` years earlier, the real post-adoption years of adopters
    removed: the estimate is of an effect that cannot exist. None when no adopter has data for
    it."""
    y = np.array(panel.values, dtype=float, copy=True)
    first = np.array(panel.first, dtype=float, copy=True)
    adopters = np.isfinite(first)
    for i in np.flatnonzero(adopters):
        y[i, panel.years >= first[i]] = np.nan
    first[adopters] = first[adopters] - shift
    fake = callaway_santanna(Panel(panel.years, y, first))
    return fake if fake.overall is not None else None


def naive_before_after(panel: Panel) -> float | None:
    """Mean over adopters of (their mean after adoption − their mean before). No comparison."""
    changes = []
    for i in np.flatnonzero(np.isfinite(panel.first)):
        row = panel.values[i]
        before = row[(panel.years < panel.first[i]) & ~np.isnan(row)]
        after = row[(panel.years >= panel.first[i]) & ~np.isnan(row)]
        if len(before) and len(after):
            changes.append(after.mean() - before.mean())
    return float(np.mean(changes)) if changes else None


def pre_years(panel: Panel) -> np.ndarray:
    """Per kommun: the number of years with a value before its adoption (0 for non-adopters)."""
    out = np.zeros(len(panel.first), dtype=int)
    for i in np.flatnonzero(np.isfinite(panel.first)):
        out[i] = int(np.sum((panel.years < panel.first[i]) & ~np.isnan(panel.values[i])))
    return out
