"""The method's quality bars on simulated Kolada-shaped panels, at a CI-sized count (the full
count: `manage.py evidence_simulate`, figures in docs/evidence.md). Bounds are widened for the
smaller count by about two standard errors of a proportion over these many panels."""

import numpy as np
import pytest

from evidence import estimators as est
from evidence import simulate, synth

PANELS = 120


@pytest.fixture(scope="module")
def planted():
    return simulate.run(panels=PANELS, effect=2.0, scenario="level", seed=11)


def test_planted_effect_is_found_without_bias_and_covered(planted):
    assert abs(planted.bias_share) < 0.10
    assert 0.88 <= planted.coverage <= 0.99
    assert planted.excludes_zero > 0.9


def test_naive_before_after_is_far_off_on_the_same_panels(planted):
    # The national trend (+6 over 15 years) lands in the naive figure; the estimator removes it.
    assert planted.naive_mean > 2.0 * 1.5


def test_no_effect_rarely_excludes_zero():
    figures = simulate.run(panels=PANELS, effect=0.0, scenario="level", seed=12)
    assert figures.excludes_zero <= 0.10
    assert abs(figures.mean_estimate) < 0.2


def test_adoption_after_a_dip_is_flagged_by_the_pretrend_check():
    figures = simulate.run(panels=40, effect=0.0, scenario="dip", seed=13)
    assert figures.pretrend_flagged >= 0.9
    # Without the flag the reader would see a large, "significant" effect that is not there.
    assert figures.mean_estimate > 1.0


def test_missing_values_never_enter_the_estimate():
    rng = np.random.default_rng(1)
    panel = simulate.panel(rng, effect=2.0)
    base = est.callaway_santanna(panel).overall.estimate
    adopter = int(np.flatnonzero(np.isfinite(panel.first))[0])
    poisoned = panel.values.copy()
    poisoned[adopter, -1] = np.nan
    panel_nan = est.Panel(panel.years, poisoned, panel.first)
    result = est.callaway_santanna(panel_nan).overall.estimate
    assert np.isfinite(result)
    assert result != base  # the cell is left out, not read as zero
    assert abs(result - base) < 0.5


def test_synthetic_control_finds_a_planted_effect_for_one_adopter():
    hits, estimates = 0, []
    rng = np.random.default_rng(4)
    for _ in range(20):
        panel = simulate.panel(rng, effect=4.0, adopters=1, scenario="random")
        unit = int(np.flatnonzero(np.isfinite(panel.first))[0])
        result = synth.synthetic_control(panel, unit)
        hits += result.low is not None and result.low <= 4.0 <= result.high
        estimates.append(result.estimate)
    # One kommun is one noisy series: single estimates scatter, their mean and coverage do not.
    assert abs(np.mean(estimates) - 4.0) < 1.0
    assert hits >= 16
