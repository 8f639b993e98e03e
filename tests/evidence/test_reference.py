"""Our numpy estimators against the maintained packages on the same panels (test-only
dependencies): diff-diff's CallawaySantAnna and pysyncon's Synth."""

import warnings

import numpy as np
import pandas as pd
import pytest
from diff_diff import CallawaySantAnna
from pysyncon import Synth

from evidence import estimators as est
from evidence import simulate, synth


def _frame(panel: est.Panel) -> pd.DataFrame:
    n, t = panel.values.shape
    first = np.where(np.isfinite(panel.first), panel.first, 0).astype(int)
    return pd.DataFrame(
        {
            "unit": np.repeat(np.arange(n), t),
            "year": np.tile(panel.years, n),
            "y": panel.values.ravel(),
            "first": np.repeat(first, t),
        }
    )


@pytest.mark.parametrize(
    ("theirs", "ours"), [("not_yet_treated", est.NOT_YET), ("never_treated", est.NEVER)]
)
@pytest.mark.parametrize("seed", [5, 6])
def test_group_time_effects_match_diff_diff(theirs, ours, seed):
    panel = simulate.panel(np.random.default_rng(seed), effect=2.0, scenario="level")
    model = CallawaySantAnna(control_group=theirs, estimation_method="reg", base_period="varying")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = model.fit(
            _frame(panel),
            outcome="y",
            unit="unit",
            time="year",
            first_treat="first",
            aggregate="event_study",
        )
    mine = est.callaway_santanna(panel, control=ours)
    assert mine.overall.estimate == pytest.approx(reference.overall_att, abs=1e-9)
    for event in mine.events:
        assert event.estimate == pytest.approx(
            reference.event_study_effects[event.e]["effect"], abs=1e-9
        )
    # Our standard error is deliberately a little wider (pooled centring, G/(G-1)), never narrower.
    assert reference.overall_se * 0.99 <= mine.overall.se <= reference.overall_se * 1.15


def test_synthetic_control_matches_pysyncon():
    rng = np.random.default_rng(3)
    panel = simulate.panel(rng, effect=0.0, adopters=1, scenario="random")
    unit = int(np.flatnonzero(np.isfinite(panel.first))[0])
    # A panel where the adopter adopts late, with 10 donors: one unique best blend.
    panel.first[unit] = panel.years[10]
    never = np.flatnonzero(np.isinf(panel.first))[:10]
    keep = np.concatenate([[unit], never])
    small = est.Panel(panel.years, panel.values[keep], panel.first[keep])
    mine = synth.synthetic_control(small, 0, donors=10)
    pre = small.years < small.first[0]
    donors = pd.DataFrame(
        small.values[1:][:, pre].T, index=small.years[pre], columns=[f"d{i}" for i in range(10)]
    )
    treated = pd.Series(small.values[0, pre], index=small.years[pre], name="treated")
    # pysyncon divides each predictor by its spread across kommuner; V = spread² undoes that,
    # so both minimise the plain squared distance before adoption.
    spread = pd.concat([donors, treated], axis=1).std(axis=1).to_numpy()
    reference = Synth()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference.fit(X0=donors, X1=treated, Z0=donors, Z1=treated, custom_V=spread**2)
    ours = np.zeros(10)
    for row, weight in mine.donors:
        ours[row - 1] = weight
    theirs = np.asarray(reference.W)
    fitted_ours = small.values[1:].T @ ours
    fitted_theirs = small.values[1:].T @ theirs
    assert np.max(np.abs(fitted_ours - fitted_theirs)) < 0.05
    post_gap_theirs = float(np.mean(small.values[0, ~pre] - fitted_theirs[~pre]))
    assert mine.estimate == pytest.approx(post_gap_theirs, abs=0.05)
