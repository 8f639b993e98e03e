"""Kolada-shaped simulated panels, to show the estimator works before anyone reads an estimate.

A panel: 290 kommuner × 15 years; value = kommun level + national year path + AR(1) noise
(+ the planted effect from the adoption year on). Adoption is staggered over the years and may
depend on the kommun's level (more likely where the level is high), never on its future
outcomes, so parallel trends hold and the estimator should find the planted effect. The "dip"
scenario breaks that on purpose: a kommun adopts the year after an unusually bad year (Ashenfelter's
dip), and the pre-trend check must flag it.

`run` repeats a scenario and reports bias, interval coverage, how often the interval excludes
zero, how often the pre-trend check flags, and the naive before–after figure beside it.
"""

import time
from dataclasses import dataclass

import numpy as np

from evidence import estimators as est

KOMMUNER, YEARS, FIRST_YEAR = 290, 15, 2010
LEVEL_SD, NOISE_SD, RHO = 8.0, 2.0, 0.5


def panel(
    rng: np.random.Generator,
    *,
    effect: float = 0.0,
    adopters: int = 30,
    scenario: str = "level",
    kommuner: int = KOMMUNER,
    years: int = YEARS,
) -> est.Panel:
    """One simulated panel. scenario: "level" (adoption likelier where the level is high),
    "random", or "dip" (adoption the year after a bad year)."""
    level = rng.normal(50.0, LEVEL_SD, kommuner)
    path = np.linspace(0.0, 6.0, years) + rng.normal(0.0, 0.5, years)
    noise = np.empty((kommuner, years))
    noise[:, 0] = rng.normal(0.0, NOISE_SD, kommuner)
    innovation_sd = NOISE_SD * np.sqrt(1 - RHO**2)
    for j in range(1, years):
        noise[:, j] = RHO * noise[:, j - 1] + rng.normal(0.0, innovation_sd, kommuner)
    values = level[:, None] + path[None, :] + noise
    first = np.full(kommuner, np.inf)
    # Adoption from the 5th year (4 years of data before) to the last (one year after).
    candidates = np.arange(4, years)
    if scenario == "dip":
        chosen = []
        for i in rng.permutation(kommuner):
            dips = [j for j in candidates if noise[i, j - 1] < -1.2 * NOISE_SD]
            if dips:
                chosen.append((i, dips[0]))
            if len(chosen) == adopters:
                break
        for i, j in chosen:
            first[i] = FIRST_YEAR + j
    else:
        weights = np.ones(kommuner)
        if scenario == "level":
            weights = np.exp(0.08 * (level - level.mean()))
        picked = rng.choice(kommuner, size=adopters, replace=False, p=weights / weights.sum())
        first[picked] = FIRST_YEAR + rng.choice(candidates, size=adopters)
    year_values = FIRST_YEAR + np.arange(years)
    treated = year_values[None, :] >= first[:, None]
    values = values + effect * treated
    return est.Panel(year_values, values, first)


@dataclass
class Figures:
    scenario: str
    panels: int
    effect: float
    mean_estimate: float
    bias_share: float | None  # (mean − effect) / effect; None when the effect is zero
    coverage: float
    excludes_zero: float
    pretrend_flagged: float
    placebo_excludes_zero: float
    naive_mean: float
    seconds: float

    def lines(self) -> list[str]:
        bias = "–" if self.bias_share is None else f"{100 * self.bias_share:+.1f} %"
        return [
            f"scenario {self.scenario}: {self.panels} panels, planted effect {self.effect:g}",
            f"  mean estimate {self.mean_estimate:.3f} (bias {bias}); naive before–after "
            f"{self.naive_mean:.3f}",
            f"  95 % interval covers the planted effect in {100 * self.coverage:.1f} %",
            f"  interval excludes zero in {100 * self.excludes_zero:.1f} %",
            f"  pre-trend check flags {100 * self.pretrend_flagged:.1f} %; placebo interval "
            f"excludes zero {100 * self.placebo_excludes_zero:.1f} %",
            f"  {self.seconds:.1f} s",
        ]


def run(
    *, panels: int, effect: float, scenario: str = "level", seed: int = 2026, adopters: int = 30
) -> Figures:
    """Repeat a scenario `panels` times; see Figures."""
    rng = np.random.default_rng(seed)
    start = time.process_time()
    estimates, covered, excludes, flagged, placebo_ex, naive = [], 0, 0, 0, 0, []
    for _ in range(panels):
        sim = panel(rng, effect=effect, adopters=adopters, scenario=scenario)
        result = est.callaway_santanna(sim)
        overall = result.overall
        estimates.append(overall.estimate)
        covered += overall.low <= effect <= overall.high
        excludes += overall.low > 0 or overall.high < 0
        flagged += result.pretrend_p is not None and result.pretrend_p < 0.05
        placebo = est.placebo_in_time(sim)
        placebo_ex += placebo is not None and (placebo.overall.low > 0 or placebo.overall.high < 0)
        naive.append(est.naive_before_after(sim))
    mean = float(np.mean(estimates))
    return Figures(
        scenario=scenario,
        panels=panels,
        effect=effect,
        mean_estimate=mean,
        bias_share=(mean - effect) / effect if effect else None,
        coverage=covered / panels,
        excludes_zero=excludes / panels,
        pretrend_flagged=flagged / panels,
        placebo_excludes_zero=placebo_ex / panels,
        naive_mean=float(np.mean(naive)),
        seconds=time.process_time() - start,
    )
