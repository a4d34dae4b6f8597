"""Monte Carlo: distributions, Iman–Conover rank correlation, seeded vectorised draws."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from perfmethods.cba import CashFlows
from perfmethods.cba.model import FunctionModel, NPVModel
from perfmethods.cba.montecarlo import PERT, LogNormal, Normal, Triangular, Uniform, iman_conover, monte_carlo
from perfmethods.errors import InputError


def model():
    t = pd.DataFrame({"cost": [1e6] + [0.0] * 10, "savings": [0.0] + [150e3] * 10}, index=range(2003, 2014))
    cf = CashFlows.from_wide(t, kinds={"cost": "cost", "savings": "benefit"}, price_base=2003)
    return NPVModel(cf, {"savings": "savings", "cost": "cost"}, rate=0.035, rate_variable="rate")


def test_marginals_match_scipy():
    rng = np.random.default_rng(0)
    n = 40_000
    cases = [
        (Triangular(1, 2, 5), stats.triang(c=1 / 4, loc=1, scale=4)),
        (PERT(1, 2, 5), stats.beta(1 + 4 * 1 / 4, 1 + 4 * 3 / 4, loc=1, scale=4)),
        (Normal(3, 2), stats.norm(3, 2)),
        (LogNormal.from_mean_sd(2.0, 0.5), stats.lognorm(s=LogNormal.from_mean_sd(2.0, 0.5).sigma,
                                                         scale=np.exp(LogNormal.from_mean_sd(2.0, 0.5).mu))),
        (Uniform(-1, 3), stats.uniform(-1, 4)),
    ]
    for dist, ref in cases:
        x = dist.sample(rng, n)
        assert stats.kstest(x, ref.cdf).pvalue > 0.001, dist
    assert LogNormal.from_mean_sd(2.0, 0.5).mean == pytest.approx(2.0)
    assert PERT(1, 2, 5).mean == pytest.approx((1 + 8 + 5) / 6)   # Vose (2008): (min + 4 mode + max) / 6


@pytest.mark.parametrize("build, match", [
    (lambda: Triangular(3, 1, 2), "mode"), (lambda: PERT(1, 1, 1), "low < high"), (lambda: Normal(0, 0), "sd"),
    (lambda: LogNormal(0, -1), "sigma"), (lambda: Uniform(2, 1), "high"), (lambda: Normal(np.nan, 1), "'mean'"),
    (lambda: PERT(0, 1, 2, lamb=0), "lamb"), (lambda: LogNormal.from_mean_sd(-1, 1), "mean"),
])
def test_invalid_distribution_parameters(build, match):
    with pytest.raises(InputError, match=match):
        build()


def test_monte_carlo_is_seeded_and_summarised():
    inputs = {"savings": PERT(0.6, 1.0, 1.2), "cost": Triangular(0.9, 1.0, 1.5), "rate": Uniform(0.02, 0.05)}
    a = monte_carlo(model(), inputs, n_draws=5_000, seed=0)
    b = monte_carlo(model(), inputs, n_draws=5_000, seed=0)
    c = monte_carlo(model(), inputs, n_draws=5_000, seed=1)
    np.testing.assert_array_equal(a.npv, b.npv)
    assert not np.array_equal(a.npv, c.npv)
    # each draw is the model at that draw's inputs (no hidden approximation)
    np.testing.assert_allclose(a.npv[:50], model().evaluate({k: a.inputs[k].to_numpy()[:50] for k in inputs}))
    assert a.p_negative == pytest.approx(np.mean(a.npv < 0))
    assert a.percentiles[50] == pytest.approx(np.median(a.npv))
    d = a.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["seed"] == 0 and d["n_draws"] == 5_000
    assert set(a.summary()["statistic"]) >= {"expected_npv", "p_negative", "p5", "p95"}
    assert a.rank_correlations()["input"].iloc[0] in ("savings", "cost")
    fig, ax = plt.subplots()
    assert a.plot(ax=ax) is ax
    plt.close(fig)


def test_expected_npv_of_a_linear_model_is_npv_at_the_means():
    m = NPVModel(model().cashflows, {"savings": "savings", "cost": "cost"}, rate=0.035)
    res = monte_carlo(m, {"savings": Triangular(0.7, 1.0, 1.1), "cost": Normal(1.1, 0.05)}, n_draws=200_000, seed=3)
    exact = float(m.evaluate({"savings": (0.7 + 1.0 + 1.1) / 3, "cost": 1.1}))
    assert res.expected_npv == pytest.approx(exact, abs=4 * res.sd / np.sqrt(200_000))


def test_rank_correlation_is_imposed_without_changing_marginals():
    rng = np.random.default_rng(5)
    x = np.column_stack([rng.lognormal(size=20_000), rng.uniform(size=20_000), rng.normal(size=20_000)])
    target = np.array([[1, 0.7, -0.4], [0.7, 1, 0.0], [-0.4, 0.0, 1]])
    y = iman_conover(x, target, seed=0)
    np.testing.assert_array_equal(np.sort(y, axis=0), np.sort(x, axis=0))
    rho = stats.spearmanr(y).statistic
    np.testing.assert_allclose(rho, target, atol=0.02)
    res = monte_carlo(model(), {"savings": PERT(0.6, 1, 1.2), "cost": Triangular(0.9, 1, 1.5)}, n_draws=20_000,
                      rank_correlation={("savings", "cost"): -0.6}, seed=2)
    assert stats.spearmanr(res.inputs["savings"], res.inputs["cost"]).statistic == pytest.approx(-0.6, abs=0.02)


def test_bad_monte_carlo_inputs():
    m = model()
    with pytest.raises(InputError, match="n_draws"):
        monte_carlo(m, {"cost": Normal(1, 0.1)}, n_draws=10)
    with pytest.raises(InputError, match="'typo' is not a model variable"):
        monte_carlo(m, {"typo": Normal(1, 0.1)})
    with pytest.raises(InputError, match="not positive definite"):
        monte_carlo(m, {"cost": Normal(1, .1), "savings": Normal(1, .1), "rate": Uniform(.02, .04)},
                    rank_correlation={("cost", "savings"): 0.9, ("cost", "rate"): 0.9, ("savings", "rate"): -0.9})
    with pytest.raises(InputError, match="unknown input 'x'"):
        monte_carlo(m, {"cost": Normal(1, .1)}, rank_correlation={("cost", "x"): 0.5})
    with pytest.raises(InputError, match="seed"):
        monte_carlo(m, {"cost": Normal(1, .1)}, seed=None)
    with pytest.raises(InputError, match="must be a Triangular"):
        monte_carlo(m, {"cost": (1, 2)})


@pytest.mark.property
@settings(max_examples=20, deadline=None)
@given(rho=st.floats(-0.9, 0.9), seed=st.integers(0, 2**32 - 1))
def test_iman_conover_keeps_marginals_and_hits_target(rho, seed):
    rng = np.random.default_rng(seed)
    x = np.column_stack([rng.exponential(size=4000), rng.normal(size=4000)])
    y = iman_conover(x, np.array([[1, rho], [rho, 1]]), seed=seed)
    np.testing.assert_array_equal(np.sort(y, axis=0), np.sort(x, axis=0))
    assert stats.spearmanr(y).statistic == pytest.approx(rho, abs=0.06)


def test_function_model_in_monte_carlo():
    fm = FunctionModel(lambda a, b: a - b, {"a": 1.0, "b": 1.0})
    res = monte_carlo(fm, {"a": Uniform(0, 2)}, n_draws=1000, seed=0)
    np.testing.assert_allclose(res.npv, res.inputs["a"].to_numpy() - 1.0)


@pytest.mark.parametrize("seed", [None, -3, 2.0, True])
def test_monte_carlo_seed_is_checked_in_the_shared_form(seed):
    with pytest.raises(InputError, match=r"The 'seed' parameter of monte_carlo must be an integer >= 0"):
        monte_carlo(model(), {"savings": Normal(1.0, 0.1)}, n_draws=100, seed=seed)
    with pytest.raises(InputError, match=r"The 'seed' parameter of iman_conover must be an integer >= 0"):
        iman_conover(np.zeros((10, 2)), np.eye(2), seed=seed)


def test_monte_carlo_seed_zero_is_a_seed():
    a = monte_carlo(model(), {"savings": Normal(1.0, 0.1)}, n_draws=200, seed=0)
    b = monte_carlo(model(), {"savings": Normal(1.0, 0.1)}, n_draws=200, seed=0)
    np.testing.assert_array_equal(a.npv, b.npv)
    assert a.seed == 0
