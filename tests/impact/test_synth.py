"""Tests of perfmethods.impact.synth (synthetic control, ADH 2010)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.impact.synth import SyntheticControlResult, synthetic_control

PROP99 = Path(__file__).resolve().parents[2] / "data" / "reference" / "prop99" / "smoking_data.csv"
PRE = range(1980, 1989)
PROP99_PREDICTORS = [("lnincome", PRE), ("age15to24", PRE), ("retprice", PRE), ("beer", range(1984, 1989)),
                     ("cigsale", 1975), ("cigsale", 1980), ("cigsale", 1988)]


@pytest.fixture(scope="module")
def prop99() -> pd.DataFrame:
    return pd.read_csv(PROP99)


@pytest.fixture(scope="module")
def prop99_fit(prop99) -> tuple[SyntheticControlResult, float]:
    result = synthetic_control(prop99, unit="state", time="year", outcome="cigsale", treated_unit="California",
                               treatment_time=1989, predictors=PROP99_PREDICTORS, placebos=True)
    return result, 0.0


def simulate_sc(seed: int = 0, *, n_donors: int = 15, n_periods: int = 30, t0: int = 20, effect: float = 5.0,
                noise: float = 0.3) -> tuple[pd.DataFrame, dict[str, float], float]:
    """Known-answer factor model: the treated unit is a convex combination of three donors plus an effect."""
    rng = np.random.default_rng(seed)
    trend = np.linspace(0, 3, n_periods)
    factors = np.column_stack([np.ones(n_periods) * 10, trend, np.sin(np.arange(n_periods) / 3)])
    loadings = rng.uniform(0.5, 1.5, size=(n_donors, 3))
    donors = factors @ loadings.T + noise * rng.standard_normal((n_periods, n_donors))
    true_w = np.zeros(n_donors)
    true_w[[0, 1, 2]] = [0.5, 0.3, 0.2]
    treated = donors @ true_w + 0.1 * noise * rng.standard_normal(n_periods)
    treated[t0:] += effect
    y = np.column_stack([treated, donors])
    x = np.concatenate([[loadings[:, 1] @ true_w], loadings[:, 1]])
    names = ["T"] + [f"D{j:02d}" for j in range(n_donors)]
    frame = pd.DataFrame({"unit": np.repeat(names, n_periods), "time": np.tile(np.arange(n_periods), len(names)),
                          "y": y.T.ravel(), "x": np.repeat(x, n_periods)})
    return frame, dict(zip(names[1:4], [0.5, 0.3, 0.2], strict=True)), effect


# ------------------------------------------------------------------------------------------- reference
@pytest.mark.reference
def test_prop99_weights_rmspe_and_gaps(prop99_fit):
    """Case ``adh2010_prop99_synthetic_control`` (ADH 2010 JASA 105(490):493-505; Stata synth2 and mlsynth 1.0.0
    figures, see data/reference/prop99/SOURCE.md): weights ±0.01, RMSPE ≤ 1.76, yearly gaps ±0.05,
    ATT ±0.1. V is not identified and is not tested."""
    result, _ = prop99_fit
    expected = {"Utah": 0.334, "Nevada": 0.235, "Montana": 0.202, "Colorado": 0.161, "Connecticut": 0.068}
    for donor, w in expected.items():
        assert result.weights[donor] == pytest.approx(w, abs=0.01)
    assert (result.weights > 1e-3).sum() == 5
    assert result.pre_rmspe <= 1.76
    assert result.pre_rmspe == pytest.approx(1.754, abs=0.002)
    stata_gaps = [-7.5945, -9.7039, -13.4751, -14.1075, -17.7897, -22.1295, -22.1023, -22.9827, -23.9123,
                  -22.0976, -26.3711, -25.755]
    gaps = result.path.loc[result.path["post"], "gap"].to_numpy()
    np.testing.assert_allclose(gaps, stata_gaps, atol=0.05)
    assert result.estimate == pytest.approx(-19.0018, abs=0.1)


@pytest.mark.reference
def test_prop99_placebo_p_value(prop99_fit):
    """ADH 2010 §4 (Fig. 7): California has the largest post/pre RMSPE ratio of the 39 states, p = 1/39."""
    result, _ = prop99_fit
    assert len(result.placebos) == 39
    assert result.placebos["ratio"].idxmax() == 0
    assert result.p_value == pytest.approx(1 / 39)
    assert result.ci[0] < result.estimate < result.ci[1] < 0
    assert result.placebo_gaps.columns[0] == "California"


def test_prop99_fit_without_placebos(prop99):
    """Issue 6 target RMSPE <= 1.76 (its time, <= 5 s, is measured in benchmarks/impact_synth_rdd.py, not here)."""
    result = synthetic_control(prop99, unit="state", time="year", outcome="cigsale", treated_unit="California",
                               treatment_time=1989, predictors=PROP99_PREDICTORS, placebos=False)
    assert result.pre_rmspe <= 1.76
    assert np.isnan(result.p_value) and np.isnan(result.se)


# ------------------------------------------------------------------------------------------ known answer
def test_planted_effect_and_weights_recovered():
    frame, weights, effect = simulate_sc(seed=1, n_donors=10, n_periods=18, t0=12, noise=1.0)
    result = synthetic_control(frame, unit="unit", time="time", outcome="y", treated_unit="T", treatment_time=12,
                               n_candidates=100)
    assert result.ci[0] <= effect <= result.ci[1]
    assert result.estimate == pytest.approx(effect, abs=0.3)
    assert result.p_value == pytest.approx(1 / 11)
    top = result.weights.sort_values(ascending=False).head(3)
    assert set(top.index) == set(weights)
    for donor, w in weights.items():
        assert result.weights[donor] == pytest.approx(w, abs=0.1)


def test_no_effect_is_not_significant():
    frame, _, _ = simulate_sc(seed=2, n_donors=10, n_periods=18, t0=12, noise=1.0, effect=0.0)
    result = synthetic_control(frame, unit="unit", time="time", outcome="y", treated_unit="T", treatment_time=12,
                               n_candidates=100)
    assert result.ci[0] <= 0.0 <= result.ci[1]
    assert abs(result.estimate) < 2 * result.se


# ------------------------------------------------------------------------------------------- properties
@pytest.mark.property
@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10_000), effect=st.floats(-5, 5))
def test_weights_on_simplex_and_p_value_in_unit_interval(seed, effect):
    frame, _, _ = simulate_sc(seed=seed, n_donors=6, n_periods=14, t0=10, effect=effect)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        result = synthetic_control(frame, unit="unit", time="time", outcome="y", treated_unit="T",
                                   treatment_time=10, predictors=[("y", range(0, 10, 3)), ("y", 9)],
                                   n_candidates=30, maxfev=300, placebo_maxfev=200, placebo_candidates=20)
    w = result.weights.to_numpy()
    assert np.all(w >= 0) and w.sum() == pytest.approx(1.0, abs=1e-9)
    assert 0 < result.p_value <= 1
    assert result.p_value * 7 == pytest.approx(round(result.p_value * 7))
    # the synthetic path is the weighted donor average
    wide = frame.pivot(index="time", columns="unit", values="y")
    np.testing.assert_allclose(result.path["synthetic"], wide[result.weights.index].to_numpy() @ w, atol=1e-9)


@pytest.mark.property
@settings(max_examples=5, deadline=None)
@given(shift=st.floats(-100, 100), scale=st.floats(0.1, 10))
def test_affine_invariance_of_the_weights(shift, scale):
    """Shifting and scaling the outcome (and so the outcome predictors) leaves W and RMSPE/scale unchanged."""
    frame, _, _ = simulate_sc(seed=3, n_donors=8, n_periods=16, t0=12)
    kwargs = {"unit": "unit", "time": "time", "outcome": "y", "treated_unit": "T", "treatment_time": 12,
                  "predictors": [("y", range(0, 12, 3)), ("y", 11)], "placebos": False, "n_candidates": 40}
    base = synthetic_control(frame, **kwargs)
    moved = synthetic_control(frame.assign(y=shift + scale * frame["y"]), **kwargs)
    np.testing.assert_allclose(moved.weights, base.weights, atol=2e-3)
    assert moved.pre_rmspe / scale == pytest.approx(base.pre_rmspe, rel=1e-2, abs=1e-6)


# ------------------------------------------------------------------------------------------- contract
def test_result_contract(prop99_fit):
    result, _ = prop99_fit
    summary = result.summary()
    assert isinstance(summary, pd.DataFrame) and "estimate" in set(summary["statistic"])
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for kind in ("paths", "gap", "placebos"):
        for language in ("zh", "en"):
            assert result.plot(ax=ax, language=language, kind=kind) is ax
    plt.close(fig)
    with pytest.raises(InputError):
        result.plot(kind="nope")
    assert isinstance(result.weights, pd.Series) and result.weights.index.name == "state"


# ------------------------------------------------------------------------------------------- bad input
def test_bad_input(prop99):
    kwargs = {"unit": "state", "time": "year", "outcome": "cigsale", "treated_unit": "California",
              "treatment_time": 1989, "predictors": [("cigsale", 1980)], "placebos": False, "n_candidates": 5}
    with pytest.raises(InputError, match="duplicated"):
        synthetic_control(pd.concat([prop99, prop99.head(1)]), **kwargs)
    with pytest.raises(InputError, match="treated unit"):
        synthetic_control(prop99, **{**kwargs, "treated_unit": "Atlantis"})
    with pytest.raises(InputError, match="pre-periods"):
        synthetic_control(prop99, **{**kwargs, "treatment_time": 1970})
    with pytest.raises(InputError, match="at least 2 donors"):
        synthetic_control(prop99, **{**kwargs, "donors": ["Utah"]})
    with pytest.raises(InputError, match="not in the data"):
        synthetic_control(prop99, **{**kwargs, "predictors": ["nope"]})
    with pytest.raises(InputError, match="no value"):
        synthetic_control(prop99, **{**kwargs, "predictors": [("beer", 1970)]})
    with pytest.raises(InputError, match="missing"):
        synthetic_control(prop99[~((prop99.state == "Utah") & (prop99.year == 1990))], **kwargs)
    with pytest.raises(InputError, match="seed"):
        synthetic_control(prop99, **{**kwargs, "seed": None})
    with pytest.warns(DataQualityWarning, match="pre-treatment periods"):
        synthetic_control(prop99, **{**kwargs, "treatment_time": 1973})


def test_seed_reproducible(prop99):
    kwargs = {"unit": "state", "time": "year", "outcome": "cigsale", "treated_unit": "California",
              "treatment_time": 1989, "predictors": PROP99_PREDICTORS, "placebos": False, "n_candidates": 20,
              "n_starts": 1, "seed": 0}
    a = synthetic_control(prop99, **kwargs)
    b = synthetic_control(prop99, **{**kwargs, "seed": np.random.default_rng(0)})
    pd.testing.assert_series_equal(a.weights, b.weights)


# ----------------------------------------------------------------------------------- bundled programme
def test_bundled_science_programme_region_effect():
    """data/examples/science_programme/regions.csv (truth.json, ``synthetic_control``): R01's programme from 2016
    raises R&D intensity by 0.15 + 0.05 (year − 2016), mean 0.35. (R01 is built from R05/R12/R20 plus noise;
    with 11 pre-periods and 29 donors those weights are not identified, so the test checks the effect.)"""
    from perfmethods.datasets import load_science_programme

    regions = load_science_programme()["regions"]
    result = synthetic_control(regions, unit="region", time="year", outcome="rd_intensity", treated_unit="R01",
                               treatment_time=2016,
                               predictors=["gdp_per_capita", "industry_share", "universities", ("rd_intensity", 2005),
                                           ("rd_intensity", 2010), ("rd_intensity", 2015)],
                               n_candidates=200, placebo_candidates=20, placebo_maxfev=200)
    assert result.ci[0] <= 0.35 <= result.ci[1]
    assert result.estimate == pytest.approx(0.35, abs=0.1)
    truth = 0.15 + 0.05 * (result.path.loc[result.path["post"], "time"] - 2016)
    assert np.sqrt(np.mean((result.path.loc[result.path["post"], "gap"] - truth) ** 2)) < 0.15
    assert result.p_value <= 0.1
