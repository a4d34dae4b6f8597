"""Tests of perfmethods.impact.interrupted (segmented regression, Newey–West SEs via statsmodels).

Peer: statsmodels OLS ``cov_type="HAC"`` on the same design (the module builds the design and calls it; the
cross-check below rebuilds the design independently with patsy-free numpy) and the planted effects of the
bundled monthly series.
"""

from __future__ import annotations

import dataclasses
import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.datasets import simulate_science_programme
from perfmethods.errors import InputError
from perfmethods.impact import its


@pytest.fixture(scope="module")
def monthly():
    data, truth = simulate_science_programme()
    return data["monthly"], truth["its"]


@pytest.mark.parametrize("control", [None, "control_applications"])
def test_recovers_planted_level_and_slope(monthly, control):
    m, truth = monthly
    res = its(m, outcome="applications", time="month", intervention="2018-01", season_period=12, control=control)
    assert res.ci[0] < truth["level_change"] < res.ci[1]
    s = res.slope_change
    assert s[2] < truth["slope_change"] < s[3]
    assert res.n == 144 and res.diagnostics["n_pre"] == 72


def test_control_series_sharpens_the_estimate(monthly):
    m, _ = monthly
    alone = its(m, outcome="applications", time="month", intervention="2018-01", season_period=12)
    paired = its(m, outcome="applications", time="month", intervention="2018-01", season_period=12,
                 control="control_applications")
    assert paired.se < alone.se  # the control removes the shocks both areas share


@pytest.mark.reference
def test_matches_statsmodels_hac_design(monthly):
    """Independent design + statsmodels 0.15 OLS(cov_type='HAC', maxlags=3) — Wagner et al. (2002) model."""
    import statsmodels.api as sm

    m, _ = monthly
    y = m["applications"].to_numpy()
    t = np.arange(len(y))
    post = (t >= 72).astype(float)
    X = np.column_stack([np.ones_like(t), t, post, post * (t - 72)])
    ref = sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 3})
    res = its(m, outcome="applications", time="month", intervention="2018-01", maxlags=3)
    np.testing.assert_allclose(res.params["estimate"], ref.params, rtol=1e-10)
    np.testing.assert_allclose(res.params["se"], ref.bse, rtol=1e-10)
    assert res.maxlags == 3


def test_datetime_time_column(monthly):
    m, _ = monthly
    dated = m.assign(month=pd.to_datetime(m["month"]))
    a = its(dated, outcome="applications", time="month", intervention="2018-01-01")
    b = its(m, outcome="applications", time="month", intervention="2018-01")
    assert a.estimate == pytest.approx(b.estimate, rel=1e-12)


def test_default_lag_rule(monthly):
    m, _ = monthly
    res = its(m, outcome="applications", time="month", intervention="2018-01")
    assert res.maxlags == int(np.floor(4 * (144 / 100) ** (2 / 9)))


@pytest.mark.property
@settings(max_examples=10, deadline=None)
@given(level=st.floats(-50, 50), slope=st.floats(-2, 2), seed=st.integers(0, 1000))
def test_noise_free_series_is_recovered_exactly(level, slope, seed):
    rng = np.random.default_rng(seed)
    n, t0 = 40, 22
    t = np.arange(n)
    y = rng.normal() + rng.normal() * t + level * (t >= t0) + slope * (t >= t0) * (t - t0)
    df = pd.DataFrame({"t": t, "y": y})
    res = its(df, outcome="y", time="t", intervention=t0, horizons=(0, 5))
    assert res.estimate == pytest.approx(level, abs=1e-7)
    assert res.slope_change[0] == pytest.approx(slope, abs=1e-8)
    assert res.effects["estimate"].iloc[1] == pytest.approx(level + 5 * slope, abs=1e-7)


def test_bad_input(monthly):
    m, _ = monthly
    with pytest.raises(InputError, match="intervention"):
        its(m, outcome="applications", time="month", intervention="2030-01")
    with pytest.raises(InputError, match="more than once"):
        its(pd.concat([m, m.iloc[[0]]]), outcome="applications", time="month", intervention="2018-01")
    with pytest.raises(InputError, match="at least"):
        its(m, outcome="applications", time="month", intervention="2012-02")
    with pytest.raises(InputError, match="season_period"):
        its(m, outcome="applications", time="month", intervention="2018-01", season_period=1)


def test_unsorted_input_is_sorted_and_caller_frame_untouched(monthly):
    m, _ = monthly
    shuffled = m.sample(frac=1.0, random_state=0)
    before = shuffled.copy()
    a = its(shuffled, outcome="applications", time="month", intervention="2018-01")
    b = its(m, outcome="applications", time="month", intervention="2018-01")
    assert a.estimate == pytest.approx(b.estimate, rel=1e-12)
    pd.testing.assert_frame_equal(shuffled, before)


def test_contract(monthly):
    m, _ = monthly
    res = its(m, outcome="applications", time="month", intervention="2018-01", season_period=12,
              control="control_applications")
    assert type(res).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        res.estimate = 0.0
    assert isinstance(res.summary(), pd.DataFrame)
    json.dumps(res.to_dict(), allow_nan=False)
    fig, ax = plt.subplots()
    for lang in ("zh", "en"):
        assert res.plot(ax=ax, language=lang) is ax
    plt.close(fig)
