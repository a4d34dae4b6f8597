"""Tests of perfmethods.impact.discontinuity.density_test (McCrary 2008 manipulation test)."""

from __future__ import annotations

import json
import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.impact import DensityTestResult, density_test
from perfmethods.results import ESTIMATE_COLUMNS


def scores(seed: int, *, manipulated: float = 0.0, n: int = 2000, cutoff: float = 0.3) -> pd.DataFrame:
    """Normal scores; with ``manipulated`` = q, a share q of those within 0.3 below the cut-off are pushed to
    just above it (applicants nudging their scores over the payline)."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    move = (x >= cutoff - 0.3) & (x < cutoff) & (rng.uniform(size=n) < manipulated)
    x = np.where(move, cutoff + rng.uniform(0, 0.3, size=n), x)
    return pd.DataFrame({"score": x})


def test_rejects_with_manipulation_and_not_without_at_the_stated_level():
    seeds = range(40)
    p_clean = np.array([density_test(scores(s), running="score", cutoff=0.3).p_value for s in seeds])
    p_moved = np.array([density_test(scores(s, manipulated=0.4), running="score", cutoff=0.3).p_value
                        for s in seeds])
    assert np.mean(p_clean < 0.05) <= 0.125  # nominal 5 %; 40 seeds leave room for Monte Carlo error
    assert np.mean(p_moved < 0.05) >= 0.9
    assert np.mean(p_clean) > 0.3  # roughly uniform under the null


def test_recovers_a_planted_density_jump():
    hits, estimates = 0, []
    for seed in range(20):
        rng = np.random.default_rng(100 + seed)
        n = 4000
        right = rng.uniform(size=n) < 2 / 3  # density 1/3 on [-1, 0), 2/3 on [0, 1): f+/f- = 2
        x = np.where(right, rng.uniform(0, 1, n), rng.uniform(-1, 0, n))
        res = density_test(pd.DataFrame({"x": x}), running="x", cutoff=0.0)
        estimates.append(res.estimate)
        hits += res.ci[0] < math.log(2) < res.ci[1]
    assert hits >= 16
    assert abs(np.mean(estimates) - math.log(2)) < 0.1


@settings(max_examples=25, deadline=None)
@given(shift=st.floats(-100, 100), scale=st.floats(0.01, 100))
def test_invariant_to_the_units_of_the_score(shift, scale):
    data = scores(3, manipulated=0.2)
    base = density_test(data, running="score", cutoff=0.3)
    moved = density_test(data.assign(score=shift + scale * data["score"]), running="score",
                         cutoff=shift + scale * 0.3)
    assert moved.estimate == pytest.approx(base.estimate, rel=1e-6, abs=1e-9)
    assert moved.p_value == pytest.approx(base.p_value, rel=1e-6, abs=1e-12)
    assert moved.bandwidth == pytest.approx(scale * base.bandwidth, rel=1e-6)


def test_formula_on_the_histogram():
    res = density_test(scores(5), running="score", cutoff=0.3)
    assert res.bin_width == pytest.approx(2 * scores(5)["score"].std() / math.sqrt(2000))
    assert res.bins["count"].sum() == res.n == res.n_left + res.n_right == 2000
    assert np.allclose(res.bins["density"], res.bins["count"] / (res.n * res.bin_width))
    assert res.estimate == pytest.approx(math.log(res.density_right) - math.log(res.density_left))
    expected_se = math.sqrt(24 / 5 / (res.n * res.bandwidth) * (1 / res.density_right + 1 / res.density_left))
    assert res.se == pytest.approx(expected_se)
    left = res.bins[res.bins["side"] == "left"]
    assert (left["x"] < 0.3).all() and (res.bins.loc[res.bins["side"] == "right", "x"] > 0.3).all()
    fixed = density_test(scores(5), running="score", cutoff=0.3, bandwidth=0.5, bin_width=0.05)
    assert fixed.bandwidth == 0.5 and fixed.bin_width == 0.05
    assert fixed.diagnostics["bandwidth_rule"] == "given"


def test_result_protocol_and_estimates():
    res = density_test(scores(1, manipulated=0.4), running="score", cutoff=0.3)
    assert isinstance(res, DensityTestResult) and res.rejected
    est = res.estimates()
    assert tuple(est.columns) == ESTIMATE_COLUMNS and len(est) == 1
    row = est.iloc[0]
    assert (row["estimate"], row["se"], row["ci_low"], row["ci_high"], row["p_value"], row["n"]) == (
        res.estimate, res.se, *res.ci, res.p_value, res.n)
    json.dumps(res.to_dict(), allow_nan=False)
    assert len(repr(res).splitlines()) <= 20
    ax = res.plot(language="en")
    assert ax.get_title().startswith("Manipulation test")
    plt.close(ax.figure)


def test_bad_input():
    data = scores(0)
    with pytest.raises(InputError, match="outside the range"):
        density_test(data, running="score", cutoff=10.0)
    with pytest.raises(InputError, match="The 'running' parameter of density_test names column 'x'"):
        density_test(data, running="x")
    with pytest.raises(InputError, match="at least 5 on each side"):
        density_test(data, running="score", cutoff=0.3, bin_width=2.0)
    with pytest.raises(InputError, match="at least 3 on each side"):
        density_test(data, running="score", cutoff=0.3, bandwidth=0.01)
    with pytest.raises(InputError, match=r"The 'alpha' parameter of density_test must be a number in \(0, "):
        density_test(data, running="score", alpha=0.9)
    with pytest.raises(InputError, match="The 'data' parameter of density_test must be a pandas DataFrame"):
        density_test(data["score"].to_numpy(), running="score")
