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


# ---------------------------------------------------------------- selection on a pre-treatment covariate
def simulate_selection(seed: int = 0, *, n_obs: int = 3000, n_exp: int = 1500,
                       selection: float = 1.5) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Funding follows a pre-treatment score x (P(W = 1) = logistic(selection · x)); x also raises S and Y.

    Same surrogate model as :func:`simulate_surrogate`, so the planted long-term effect is θ'γ = 3.5; the
    unadjusted contrast adds (0.5 γ₁ + 0.5 γ₂ + 1) · (E[x | W = 1] − E[x | W = 0]) ≈ 2.5 × 1.6: selection.
    """
    rng = np.random.default_rng(seed)

    def draw(n: int, treat: bool) -> pd.DataFrame:
        x = rng.normal(0, 1, n)
        w = (rng.uniform(size=n) < 1 / (1 + np.exp(-selection * x))).astype(float) if treat else np.zeros(n)
        s = 1 + 0.5 * x[:, None] + w[:, None] * THETA + rng.normal(size=(n, 2))
        y = 3 + s @ GAMMA + x + rng.normal(size=n)
        return pd.DataFrame({"pubs": s[:, 0], "grants": s[:, 1], "x": x, "career": y, "funded": w})

    return draw(n_obs, False).drop(columns="funded"), draw(n_exp, True).drop(columns="career"), float(THETA @ GAMMA)


def test_selection_on_a_covariate_biases_the_raw_contrast_and_the_adjusted_one_recovers_the_effect():
    obs, exp, truth = simulate_selection(seed=11)
    result = surrogate_index(obs, exp, **KW)
    assert result.adjusted_for == ("x",)
    assert result.ci[0] <= truth <= result.ci[1]
    # the raw difference in mean index carries the score gap between arms: biased by many standard errors
    assert result.unadjusted - truth > 2.0
    assert abs(result.unadjusted - truth) > 5 * result.se
    # the covariate's arm gap is removed, not reported as a "contribution" of a surrogate
    assert list(result.surrogate_effects["surrogate"]) == ["pubs", "grants"]
    assert result.surrogate_effects["contribution"].sum() == pytest.approx(result.estimate, rel=1e-10)
    contrib = result.surrogate_effects.set_index("surrogate")["contribution"]
    assert contrib["pubs"] == pytest.approx(THETA[0] * GAMMA[0], abs=4 * result.se)


def test_adjusted_estimate_covers_the_planted_effect_in_repeated_selected_samples():
    hits, raw_hits = 0, 0
    for s in range(40):
        obs, exp, truth = simulate_selection(seed=300 + s, n_obs=500, n_exp=400)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DataQualityWarning)  # small samples: SMDs are noisy
            result = surrogate_index(obs, exp, **KW)
        hits += result.ci[0] <= truth <= result.ci[1]
        half = (result.ci[1] - result.ci[0]) / 2
        raw_hits += abs(result.unadjusted - truth) <= half
    assert hits >= 34  # P(Binomial(40, 0.95) < 34) < 0.01
    assert raw_hits <= 4  # the unadjusted contrast misses in (almost) every sample


@pytest.mark.reference
def test_adjusted_contrast_matches_statsmodels():
    """Peer check (statsmodels 0.15 ``OLS``): the estimate is the coefficient on treatment in the OLS fit of the
    fitted index on [1, W, X]; the evaluation part of the variance is its HC2 variance, and the index part is
    ā'Σ_β ā with ā the coefficients on W of each index regressor (Σ_β the HC1 covariance of the index fit)."""
    obs, exp, _ = simulate_selection(seed=12, n_obs=400, n_exp=300)
    result = surrogate_index(obs, exp, **KW)
    index_fit = sm.OLS(obs["career"], sm.add_constant(obs[["pubs", "grants", "x"]])).fit(cov_type="HC1")
    z_exp = sm.add_constant(exp[["pubs", "grants", "x"]])
    design = sm.add_constant(exp[["funded", "x"]])
    fit = sm.OLS(z_exp.to_numpy() @ index_fit.params.to_numpy(), design).fit(cov_type="HC2")
    assert result.estimate == pytest.approx(fit.params["funded"], rel=1e-10)
    a_bar = np.array([sm.OLS(z_exp[col], design).fit().params["funded"] for col in z_exp.columns])
    expected_var = fit.bse["funded"] ** 2 + a_bar @ index_fit.cov_params().to_numpy() @ a_bar
    assert result.se == pytest.approx(np.sqrt(expected_var), rel=1e-9)
    surrogate_fit = sm.OLS(exp["grants"], design).fit(cov_type="HC2")
    row = result.surrogate_effects.set_index("surrogate").loc["grants"]
    assert row["effect"] == pytest.approx(surrogate_fit.params["funded"], rel=1e-10)
    assert row["se"] == pytest.approx(surrogate_fit.bse["funded"], rel=1e-10)


def test_without_covariates_the_contrast_is_the_difference_in_means_with_the_neyman_variance():
    obs, exp, _ = simulate_surrogate(seed=13, n_obs=300, n_exp=200)
    kw = {**KW, "covariates": []}
    result = surrogate_index(obs, exp, **kw)
    z = np.column_stack([np.ones(len(obs)), obs[["pubs", "grants"]]])
    beta = np.linalg.lstsq(z, obs["career"], rcond=None)[0]
    index = np.column_stack([np.ones(len(exp)), exp[["pubs", "grants"]]]) @ beta
    t = exp["funded"].to_numpy() == 1
    assert result.estimate == pytest.approx(index[t].mean() - index[~t].mean(), rel=1e-10)
    assert result.unadjusted == pytest.approx(result.estimate, rel=1e-12)
    neyman = index[t].var(ddof=1) / t.sum() + index[~t].var(ddof=1) / (~t).sum()
    assert result.diagnostics["var_evaluation"] == pytest.approx(neyman, rel=1e-10)


def test_bootstrap_agrees_with_the_analytic_standard_error_under_selection():
    obs, exp, truth = simulate_selection(seed=14, n_obs=1500, n_exp=800)
    analytic = surrogate_index(obs, exp, **KW)
    boot = surrogate_index(obs, exp, **KW, se_method="bootstrap", n_boot=400, seed=1)
    assert boot.estimate == analytic.estimate
    assert boot.se == pytest.approx(analytic.se, rel=0.15)
    assert boot.ci[0] <= truth <= boot.ci[1]


@pytest.mark.property
@settings(max_examples=10, deadline=None)
@given(shift=st.floats(-50, 50), scale=st.floats(0.1, 10), seed=st.integers(0, 1000))
def test_adjusted_estimate_is_invariant_to_the_covariates_units(shift, scale, seed):
    """Recoding a covariate (x → shift + scale·x: a score out of 100 instead of 10) changes nothing."""
    obs, exp, _ = simulate_selection(seed=seed, n_obs=200, n_exp=150)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataQualityWarning)
        base = surrogate_index(obs, exp, **KW)
        moved = surrogate_index(obs.assign(x=shift + scale * obs["x"]), exp.assign(x=shift + scale * exp["x"]), **KW)
    assert moved.estimate == pytest.approx(base.estimate, rel=1e-6, abs=1e-8)
    assert moved.se == pytest.approx(base.se, rel=1e-6)
    assert moved.surrogate_effects["contribution"].sum() == pytest.approx(moved.estimate, rel=1e-8, abs=1e-8)


def test_a_pre_treatment_variable_is_refused_as_a_surrogate():
    from perfmethods.errors import ParameterError
    from perfmethods.impact.surrogate import TIMING_ATTR

    obs, exp, _ = simulate_selection(seed=15, n_obs=200, n_exp=100)
    with pytest.raises(ParameterError, match="'x' cannot be a surrogate.*covariate") as err:
        surrogate_index(obs, exp, **{**KW, "surrogates": ["pubs", "grants", "x"]})
    assert err.value.location == {"column": "x"}
    with pytest.raises(ParameterError, match="'x' cannot be a surrogate.*declared in 'pre_treatment'"):
        surrogate_index(obs, exp, **{**KW, "surrogates": ["pubs", "x"], "covariates": []}, pre_treatment=["x"])
    recorded = exp.copy()
    recorded.attrs[TIMING_ATTR] = {"x": "pre", "pubs": "post"}
    with pytest.raises(ParameterError, match="timing metadata records it as measured before"):
        surrogate_index(obs, recorded, **{**KW, "surrogates": ["pubs", "x"], "covariates": []})
    with pytest.raises(ParameterError, match="treatment column 'funded'"):
        surrogate_index(obs, exp, **{**KW, "covariates": ["x", "funded"]})
    with pytest.raises(InputError, match="determine 'funded'"):
        surrogate_index(obs.assign(w2=0.0), exp.assign(w2=exp["funded"]), **{**KW, "covariates": ["w2"]})
    with pytest.raises(InputError, match="'pre_treatment' parameter"):
        surrogate_index(obs, exp, **KW, pre_treatment="x")


def test_surrogate_table_reads_covariates_before_the_start_and_records_the_timing():
    from perfmethods.errors import ParameterError
    from perfmethods.impact.surrogate import TIMING_ATTR, surrogate_table

    panel = pd.DataFrame({
        "unit": np.repeat(["a", "b"], 5), "year": np.tile(np.arange(2010, 2015), 2),
        "start": np.repeat([2012, 2013], 5), "s": np.arange(10.0), "y": np.arange(10.0) * 10,
        "size": [1.0, 3.0, 50, 50, 50, 2.0, 2.0, 4.0, 60, 60], "score": np.repeat([70.0, 40.0], 5),
    })
    tab = surrogate_table(panel, unit="unit", time="year", start="start", surrogates=["s"], outcome="y", horizon=2,
                          covariates=["size", "score"])
    assert tab["size"].tolist() == [2.0, pytest.approx(8 / 3)]  # the mean before the start, not after
    assert tab["score"].tolist() == [70.0, 40.0]
    assert tab.attrs[TIMING_ATTR] == {"size": "pre", "score": "pre", "s": "post", "y": "post"}
    with pytest.raises(ParameterError, match="'score' takes one value per unit.*covariates"):
        surrogate_table(panel, unit="unit", time="year", start="start", surrogates=["s", "score"], outcome="y",
                        horizon=2)
    with pytest.raises(ParameterError, match="both as a surrogate and as a covariate"):
        surrogate_table(panel, unit="unit", time="year", start="start", surrogates=["s"], outcome="y", horizon=2,
                        covariates=["s"])


def test_the_timing_travels_from_the_table_to_the_samples_and_the_report_design_refuses_the_score():
    """The report's design: the application score as a surrogate is refused (it was 29.1 of the old 107.8
    headline, a selection difference); as a covariate it is adjusted for."""
    from perfmethods.datasets import load_science_programme
    from perfmethods.errors import ParameterError
    from perfmethods.impact import surrogate_samples
    from perfmethods.impact.surrogate import TIMING_ATTR, surrogate_table

    panel = load_science_programme()["panel"]
    short = ["rd_spending", "patents", "publications"]
    tab = surrogate_table(panel, unit="firm_id", time="year", start="application_year", surrogates=short,
                          covariates=["score"], outcome="revenue", horizon=6, keep=["funded"])
    tab["funded"] = tab["funded"].astype(float)
    design = surrogate_samples(tab, start="application_year", outcome="revenue", horizon=6, last_period=2024,
                               running="score", cutoff=60.0, window=10.0)
    assert design.evaluation.attrs[TIMING_ATTR]["score"] == "pre"
    with pytest.raises(ParameterError, match="'score' cannot be a surrogate"):
        surrogate_index(design.observational, design.evaluation, outcome="revenue", surrogates=[*short, "score"],
                        treated="funded")
    result = surrogate_index(design.observational, design.evaluation, outcome="revenue", surrogates=short,
                             treated="funded", covariates=["score"])
    # funded applicants within ±10 points scored higher: the raw contrast is inflated by the score gap
    assert result.unadjusted > result.ci[1]
    assert "score" not in set(result.surrogate_effects["surrogate"])
