"""Rank-correlated draws through the Gaussian copula, and Monte Carlo chunks on a Dask cluster."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.special import ndtr

import perfmethods.cba.montecarlo as mc
from perfmethods.cba import CashFlows
from perfmethods.cba.model import NPVModel
from perfmethods.cba.montecarlo import PERT, LogNormal, Normal, Triangular, Uniform, monte_carlo, sample_inputs
from perfmethods.errors import InputError

INPUTS = {"savings": PERT(0.7, 1.0, 1.2), "cost": Triangular(0.9, 1.0, 1.5), "rate": Uniform(0.02, 0.06)}


def green_book() -> NPVModel:
    """HM Treasury Green Book (2003) Box 15: £1m now, £150k a year for 10 years, 3.5 %."""
    t = pd.DataFrame({"cost": [1e6] + [0.0] * 10, "savings": [0.0] + [150e3] * 10}, index=range(2003, 2014))
    cf = CashFlows.from_wide(t, kinds={"cost": "cost", "savings": "benefit"}, price_base=2003)
    return NPVModel(cf, {"savings": "savings", "cost": "cost"}, rate=0.035, rate_variable="rate")


def test_correlated_draws_are_the_copula_written_out_with_scipy_stats():
    """The documented construction, step by step with scipy.stats' quantile functions: the independent input
    from the generator first, then E standard normal, Z = P E with P P' = 2 sin(π C / 6), X_j = F_j⁻¹(Φ(Z_j))."""
    n, rho = 3_000, -0.6
    got = sample_inputs(INPUTS, n_draws=n, rank_correlation={("savings", "cost"): rho}, seed=7)
    rng = np.random.default_rng(7)
    rate = rng.uniform(0.02, 0.06, n)
    e = rng.standard_normal((2, n))
    p = np.linalg.cholesky(2 * np.sin(np.pi * np.array([[1.0, rho], [rho, 1.0]]) / 6))
    z = p @ e
    a, b = INPUTS["savings"].alpha_beta
    savings = stats.beta(a, b, loc=0.7, scale=0.5).ppf(ndtr(z[0]))
    cost = stats.triang(1 / 6, loc=0.9, scale=0.6).ppf(ndtr(z[1]))
    np.testing.assert_array_equal(got["rate"], rate)
    np.testing.assert_allclose(got["savings"], savings, rtol=0, atol=1e-8)
    np.testing.assert_allclose(got["cost"], cost, rtol=0, atol=1e-12)


@settings(max_examples=15, deadline=None)
@given(rho=st.floats(-0.9, 0.9), rho2=st.floats(-0.3, 0.3), seed=st.integers(0, 2**32 - 1))
def test_target_rank_correlation_is_recovered_and_marginals_kept(rho, rho2, seed):
    """20,000 draws: each Spearman correlation within 4 standard errors of its target (SE ≈ (1 − ρ²)·1.06/√n);
    every marginal passes a Kolmogorov–Smirnov test against its distribution."""
    inputs = {"a": PERT(0.5, 1.0, 1.3), "b": LogNormal.from_mean_sd(1.0, 0.4), "c": Normal(0.0, 2.0),
              "d": Triangular(0.0, 0.2, 1.0)}
    target = {("a", "b"): rho, ("a", "c"): rho2}
    c = np.eye(3)
    c[0, 1] = c[1, 0] = rho
    c[0, 2] = c[2, 0] = rho2
    if np.linalg.eigvalsh(2 * np.sin(np.pi * c / 6)).min() < 1e-6:
        return
    n = 20_000
    x = sample_inputs(inputs, n_draws=n, rank_correlation=target, seed=seed)
    for (u, v), r in [*target.items(), (("b", "c"), 0.0), (("a", "d"), 0.0)]:
        got = stats.spearmanr(x[u], x[v]).statistic
        expected = r if (u, v) != ("b", "c") else (6 / np.pi) * np.arcsin(
            np.linalg.cholesky(2 * np.sin(np.pi * c / 6)) @ np.linalg.cholesky(2 * np.sin(np.pi * c / 6)).T
        )[1, 2] / 2
        assert abs(got - expected) < 4 * (1 - expected ** 2) * 1.06 / np.sqrt(n) + 1e-3
    for name, dist in inputs.items():
        frozen = {"a": stats.beta(*inputs["a"].alpha_beta, loc=0.5, scale=0.8),
                  "b": stats.lognorm(inputs["b"].sigma, scale=np.exp(inputs["b"].mu)), "c": stats.norm(0, 2),
                  "d": stats.triang(0.2, loc=0.0, scale=1.0)}[name]
        assert stats.kstest(x[name], frozen.cdf).pvalue > 1e-4


def test_planted_correlation_moves_the_npv_spread_as_theory_says():
    """NPV = k_s·savings − k_c·cost is linear: its variance is k_s²σ_s² + k_c²σ_c² − 2 k_s k_c cov; with the
    savings and cost positively correlated the spread shrinks, and the sample SD sits within its 99.9 % interval."""
    m = green_book()
    inputs = {"savings": Normal(1.0, 0.1), "cost": Normal(1.0, 0.1)}
    res = monte_carlo(NPVModel(m.cashflows, {"savings": "savings", "cost": "cost"}, rate=0.035), inputs,
                      n_draws=50_000, rank_correlation={("savings", "cost"): 0.5}, seed=3)
    comp = NPVModel(m.cashflows, {"savings": "savings", "cost": "cost"}, rate=0.035).components
    ks, kc = comp["savings"], -comp["cost"]
    r = 2 * np.sin(np.pi * 0.5 / 6)  # Pearson correlation of the normal scores (and of normal inputs)
    sd = np.sqrt((ks * 0.1) ** 2 + (kc * 0.1) ** 2 - 2 * ks * kc * 0.01 * r)
    chi = stats.chi2(50_000 - 1)
    lo, hi = sd * np.sqrt(chi.ppf(0.0005) / 49_999), sd * np.sqrt(chi.ppf(0.9995) / 49_999)
    independent = np.sqrt((ks * 0.1) ** 2 + (kc * 0.1) ** 2)
    assert hi < independent  # the planted correlation is visible, not within noise of no correlation
    assert lo < res.sd < hi


def test_engine_options_are_checked():
    with pytest.raises(InputError, match="engine"):
        monte_carlo(green_book(), INPUTS, n_draws=200, engine="spark")
    with pytest.raises(InputError, match="'address' parameter of monte_carlo is for engine='dask'"):
        monte_carlo(green_book(), INPUTS, n_draws=200, address="127.0.0.1:8786")
    with pytest.raises(InputError, match="'address' parameter of sample_inputs is for engine='dask'"):
        sample_inputs(INPUTS, n_draws=200, address="127.0.0.1:8786")


@pytest.mark.slow
@pytest.mark.parametrize("rho", [None, 0.5])
def test_monte_carlo_on_dask_gives_the_local_numbers(monkeypatch, dask_address, rho):
    """Chunks of 900 draws on a two-process LocalCluster: the same draws, NPVs and summaries as this process."""
    monkeypatch.setattr(mc, "CHUNK_DRAWS", 900)
    corr = None if rho is None else {("savings", "cost"): rho}
    local = monte_carlo(green_book(), INPUTS, n_draws=4_000, rank_correlation=corr, seed=5)
    remote = monte_carlo(green_book(), INPUTS, n_draws=4_000, rank_correlation=corr, seed=5, engine="dask",
                         address=dask_address)
    np.testing.assert_array_equal(local.npv, remote.npv)
    pd.testing.assert_frame_equal(local.inputs, remote.inputs)
    assert local.to_dict() == remote.to_dict()
    drawn = sample_inputs(INPUTS, n_draws=4_000, rank_correlation=corr, seed=5, engine="dask", address=dask_address)
    pd.testing.assert_frame_equal(drawn, local.inputs)
