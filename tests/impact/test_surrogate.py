"""Tests of perfmethods.impact.surrogate (surrogate index, Athey, Chetty, Imbens & Kang 2019)."""

from __future__ import annotations

import json
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.impact.surrogate import SurrogateIndexResult, surrogate_index

GAMMA = np.array([2.0, 0.5])  # long-term value of one unit of each surrogate
THETA = np.array([1.0, 3.0])  # effect of funding on each surrogate


def simulate_surrogate(seed: int = 0, *, n_obs: int = 3000, n_exp: int = 1000, direct: float = 0.0,
                       shift: float = 0.0, validation: int = 0) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Known answer: S = 1 + 0.5 x + θ W + u, Y = 3 + S'γ + x + e, so the long-term effect is θ'γ (+ ``direct``,
    a violation of surrogacy). ``shift`` moves the observational covariate (comparability)."""
    rng = np.random.default_rng(seed)

    def draw(n: int, w: np.ndarray, x_shift: float) -> pd.DataFrame:
        x = rng.normal(x_shift, 1, n)
        s = 1 + 0.5 * x[:, None] + w[:, None] * THETA + rng.normal(size=(n, 2))
        y = 3 + s @ GAMMA + x + direct * w + rng.normal(size=n)
        return pd.DataFrame({"pubs": s[:, 0], "grants": s[:, 1], "x": x, "career": y, "funded": w})

    obs = draw(n_obs, np.zeros(n_obs), shift).drop(columns="funded")
    exp = draw(n_exp, (rng.uniform(size=n_exp) < 0.5).astype(float), 0.0)
    exp.loc[validation:, "career"] = np.nan
    if validation == 0:
        exp = exp.drop(columns="career")
    return obs, exp, float(THETA @ GAMMA) + direct


KW = {"outcome": "career", "surrogates": ["pubs", "grants"], "treated": "funded", "covariates": ["x"]}


def test_planted_long_term_effect_recovered():
    obs, exp, truth = simulate_surrogate(seed=1)
    result = surrogate_index(obs, exp, **KW)
    assert result.ci[0] <= truth <= result.ci[1]
    assert result.r2 > 0.8
    contrib = result.surrogate_effects.set_index("surrogate")["contribution"]
    assert contrib["grants"] == pytest.approx(3.0 * 0.5, abs=0.3)
    assert result.surrogacy is None


@pytest.mark.reference
def test_index_coefficients_match_statsmodels():
    """Peer check: the index is the OLS fit of Y on [1, S, X] with HC1 errors (statsmodels 0.15 ``OLS``)."""
    obs, exp, _ = simulate_surrogate(seed=2, n_obs=500)
    result = surrogate_index(obs, exp, **KW)
    ref = sm.OLS(obs["career"], sm.add_constant(obs[["pubs", "grants", "x"]])).fit(cov_type="HC1")
    np.testing.assert_allclose(result.coefficients["coefficient"], ref.params, rtol=1e-9)
    np.testing.assert_allclose(result.coefficients["se"], ref.bse, rtol=1e-9)
    assert result.r2 == pytest.approx(ref.rsquared, rel=1e-12)


def test_bootstrap_and_analytic_standard_errors_agree():
    obs, exp, truth = simulate_surrogate(seed=3)
    analytic = surrogate_index(obs, exp, **KW)
    boot = surrogate_index(obs, exp, **KW, se_method="bootstrap", n_boot=400, seed=0)
    assert boot.estimate == analytic.estimate
    assert boot.se == pytest.approx(analytic.se, rel=0.15)
    assert boot.ci[0] <= truth <= boot.ci[1]


def test_coverage_in_repeated_samples():
    hits = 0
    for s in range(40):
        obs, exp, truth = simulate_surrogate(seed=50 + s, n_obs=400, n_exp=300)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)  # small samples: SMDs are noisy
            lo, hi = surrogate_index(obs, exp, **KW).ci
        hits += lo <= truth <= hi
    assert hits >= 34  # P(Binomial(40, 0.95) < 34) < 0.01


def test_surrogacy_violation_detected_on_validation_units():
    obs, exp, truth = simulate_surrogate(seed=4, direct=2.0, validation=600)
    with pytest.warns(DataQualityWarning, match="surrogacy is rejected"):
        result = surrogate_index(obs, exp, **KW)
    assert result.surrogacy["n_validation"] == 600
    assert result.surrogacy["bias"] == pytest.approx(2.0, abs=3 * result.surrogacy["bias_se"])
    assert result.surrogacy["direct_effect"] == pytest.approx(truth, abs=4 * result.surrogacy["direct_se"])
    obs, exp, _ = simulate_surrogate(seed=5, direct=0.0, validation=600)
    with warnings.catch_warnings():
        warnings.simplefilter("error", DataQualityWarning)
        ok = surrogate_index(obs, exp, **KW)
    assert ok.surrogacy["p_value"] > 0.05


def test_comparability_warning():
    obs, exp, _ = simulate_surrogate(seed=6, shift=1.0)
    with pytest.warns(DataQualityWarning, match="comparability"):
        result = surrogate_index(obs, exp, **KW)
    assert result.comparability.set_index("variable").loc["x", "smd"] < -0.5


@pytest.mark.property
@settings(max_examples=10, deadline=None)
@given(a=st.floats(-100, 100), b=st.floats(0.1, 10), seed=st.integers(0, 1000))
def test_affine_equivariance(a, b, seed):
    """Y → a + bY scales the effect and its standard error by b."""
    obs, exp, _ = simulate_surrogate(seed=seed, n_obs=200, n_exp=100)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)  # small samples: SMDs are noisy
        base = surrogate_index(obs, exp, **KW)
        moved = surrogate_index(obs.assign(career=a + b * obs["career"]), exp, **KW)
    assert moved.estimate == pytest.approx(b * base.estimate, rel=1e-7, abs=1e-7)
    assert moved.se == pytest.approx(b * base.se, rel=1e-7)


def test_result_contract():
    obs, exp, _ = simulate_surrogate(seed=7, validation=100)
    result = surrogate_index(obs, exp, **KW)
    assert isinstance(result, SurrogateIndexResult)
    assert "surrogacy_bias" in set(result.summary()["statistic"])
    json.dumps(result.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert result.plot(ax=ax, language=language) is ax
    plt.close(fig)


def test_bad_input():
    obs, exp, _ = simulate_surrogate(seed=8, n_obs=100, n_exp=50)
    with pytest.raises(InputError, match="not in the observational"):
        surrogate_index(obs.drop(columns="pubs"), exp, **KW)
    with pytest.raises(InputError, match="0/1"):
        surrogate_index(obs, exp.assign(funded=2.0), **KW)
    with pytest.raises(InputError, match="at least 2 treated"):
        surrogate_index(obs, exp.assign(funded=0.0), **KW)
    with pytest.raises(InputError, match="missing"):
        surrogate_index(obs.assign(pubs=np.nan), exp, **KW)
    with pytest.raises(InputError, match="surrogates"):
        surrogate_index(obs, exp, **{**KW, "surrogates": "pubs"})
    with pytest.raises(InputError, match="rows"):
        surrogate_index(obs.head(4), exp, **KW)
    with pytest.raises(InputError, match="seed"):
        surrogate_index(obs, exp, **KW, seed=None)
    with pytest.warns(DataQualityWarning, match="explain little"):
        surrogate_index(obs.assign(career=np.random.default_rng(0).normal(size=len(obs))), exp, **KW)


def test_surrogate_table_from_panel():
    from perfmethods.impact.surrogate import surrogate_table

    panel = pd.DataFrame({
        "unit": np.repeat(["a", "b"], 5), "year": np.tile(np.arange(2010, 2015), 2),
        "start": np.repeat([2010, 2012], 5), "s": np.arange(10.0), "y": np.arange(10.0) * 10, "w": [1] * 5 + [0] * 5,
    })
    tab = surrogate_table(panel, unit="unit", time="year", start="start", surrogates=["s"], outcome="y", horizon=3,
                          surrogate_years=2, keep=["w"])
    assert tab["s"].tolist() == [0.5, 7.5]  # mean of the first two years after start
    assert tab["y"].iloc[0] == 30.0 and np.isnan(tab["y"].iloc[1])  # 2012 + 3 is beyond the panel
    assert tab["w"].tolist() == [1, 0]
    with pytest.raises(InputError, match="surrogate_years"):
        surrogate_table(panel, unit="unit", time="year", start="start", surrogates=["s"], outcome="y", horizon=1,
                        surrogate_years=2)
    with pytest.raises(InputError, match="duplicated"):
        surrogate_table(pd.concat([panel, panel.head(1)]), unit="unit", time="year", start="start",
                        surrogates=["s"], outcome="y", horizon=2)


def test_bundled_science_programme_surrogate_index():
    """The report's design on data/examples/science_programme: surrogates from the first two years after the
    application, revenue six years on; the index is checked against the direct estimate on the 2018 round."""
    from perfmethods.datasets import load_science_programme
    from perfmethods.impact.surrogate import surrogate_table

    panel = load_science_programme()["panel"]
    tab = surrogate_table(panel, unit="firm_id", time="year", start="application_year",
                          surrogates=["rd_spending", "patents", "publications"], outcome="revenue", horizon=6,
                          keep=["funded", "score"])
    tab["funded"] = tab["funded"].astype(float)
    obs = tab[tab["application_year"] < 2018]
    near = tab[(tab["application_year"] == 2018) & ((tab["score"] - 60).abs() <= 10)]
    result = surrogate_index(obs, near, outcome="revenue", surrogates=["rd_spending", "patents", "publications"],
                             treated="funded", covariates=["score"])
    assert result.surrogacy is not None and result.surrogacy["n_validation"] == len(near)
    direct = result.surrogacy["direct_effect"]
    assert result.ci[0] <= direct <= result.ci[1]
    assert result.r2 > 0.3


def _rounds_table() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    start = np.repeat([2010, 2011, 2012, 2013], 50)
    score = rng.uniform(0, 100, start.size)
    y = rng.normal(size=start.size)
    return pd.DataFrame({"start": start, "score": score, "y": np.where(start + 3 <= 2015, y, np.nan),
                         "s": rng.normal(size=start.size)})


def test_surrogate_samples_design():
    from perfmethods.impact import SurrogateSamples, surrogate_samples

    tab = _rounds_table()
    design = surrogate_samples(tab, start="start", outcome="y", horizon=3, last_period=2015)
    assert isinstance(design, SurrogateSamples)
    assert design.observational_rounds == (2010, 2011) and design.validation_round == 2012
    assert design.evaluation_round == 2013
    assert design.observational["start"].isin([2010, 2011]).all() and design.n_observational == 100
    assert set(design.evaluation["start"]) == {2012, 2013} and design.n_evaluation == 100
    assert design.evaluation.loc[design.evaluation["start"] == 2013, "y"].isna().all()
    assert design.evaluation.loc[design.evaluation["start"] == 2012, "y"].notna().all()
    assert design.n_validation == 50
    assert tab["y"].notna().sum() == 150  # the caller's table is not changed
    near = surrogate_samples(tab, start="start", outcome="y", horizon=3, last_period=2015, running="score",
                             cutoff=60.0, window=10.0)
    assert ((near.evaluation["score"] - 60).abs() <= 10).all()
    assert near.n_evaluation == int(((tab["score"] - 60).abs() <= 10)[tab["start"] >= 2012].sum())
    assert near.n_observational == 100  # the window restricts the evaluation sample only
    assert near.summary()["n"].tolist() == [100, near.n_validation, near.n_evaluation - near.n_validation]
    json.dumps(near.to_dict(), allow_nan=False)


def test_surrogate_samples_refuses_designs_without_validation_or_prediction():
    from perfmethods.impact import surrogate_samples

    tab = _rounds_table()
    with pytest.raises(InputError, match="at least two"):
        surrogate_samples(tab, start="start", outcome="y", horizon=5, last_period=2015)
    with pytest.raises(InputError, match="no round to predict"):
        surrogate_samples(tab, start="start", outcome="y", horizon=2, last_period=2015)
    with pytest.raises(InputError, match="go together"):
        surrogate_samples(tab, start="start", outcome="y", horizon=3, last_period=2015, window=5.0)
    with pytest.raises(InputError, match="has no column 'round'"):
        surrogate_samples(tab, start="round", outcome="y", horizon=3, last_period=2015)
    with pytest.raises(InputError, match="evaluation sample is empty"):
        surrogate_samples(tab, start="start", outcome="y", horizon=3, last_period=2015, running="score",
                          cutoff=200.0, window=1.0)


def test_surrogate_samples_reproduce_the_reports_design():
    """The sample design the impact report used to build in a cell, now the library's."""
    from perfmethods.datasets import load_science_programme
    from perfmethods.impact import surrogate_samples
    from perfmethods.impact.surrogate import surrogate_table

    data = load_science_programme()
    panel, cutoff = data["panel"], float(data["applications"]["cutoff"].iloc[0])
    tab = surrogate_table(panel, unit="firm_id", time="year", start="application_year",
                          surrogates=["rd_spending", "patents", "publications"], outcome="revenue", horizon=6,
                          surrogate_years=2, keep=["funded", "score"])
    last_year = int(panel["year"].max())
    rounds = sorted(tab["application_year"].unique())
    seen = [r for r in rounds if r + 6 <= last_year]
    near = (tab["score"] - cutoff).abs() <= 10.0
    expected = tab[near & tab["application_year"].isin([seen[-1], max(rounds)])]
    expected = expected.assign(revenue=expected["revenue"].where(expected["application_year"] == seen[-1]))
    design = surrogate_samples(tab, start="application_year", outcome="revenue", horizon=6,
                               last_period=last_year, running="score", cutoff=cutoff, window=10.0)
    pd.testing.assert_frame_equal(design.evaluation, expected.reset_index(drop=True))
    pd.testing.assert_frame_equal(design.observational,
                                  tab[tab["application_year"].isin(seen[:-1])].reset_index(drop=True))
