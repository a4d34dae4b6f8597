"""Input distributions: quantile functions against scipy.stats, the tabulated Beta quantile within 1e-8."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from scipy.special import betaincinv, ndtr

from perfmethods.cba.distributions import PERT, LogNormal, Normal, Triangular, Uniform, beta_quantile

GRID = np.concatenate([np.linspace(0.0, 1.0, 20_001), np.geomspace(1e-300, 2.0 ** -8, 400),
                       1.0 - np.geomspace(1e-16, 2.0 ** -8, 400)])


def scipy_frozen(dist):
    """The same distribution as scipy.stats builds it (an independent implementation)."""
    if isinstance(dist, Triangular):
        w = dist.high - dist.low
        return stats.triang((dist.mode - dist.low) / w, loc=dist.low, scale=w)
    if isinstance(dist, PERT):
        a, b = dist.alpha_beta
        return stats.beta(a, b, loc=dist.low, scale=dist.high - dist.low)
    if isinstance(dist, Normal):
        return stats.norm(dist.mean, dist.sd)
    if isinstance(dist, LogNormal):
        return stats.lognorm(dist.sigma, scale=np.exp(dist.mu))
    return stats.uniform(dist.low, dist.high - dist.low)


DISTRIBUTIONS = [Triangular(0.9, 1.0, 1.4), Triangular(0.0, 0.0, 2.0), Triangular(1.0, 3.0, 3.0),
                 PERT(0.95, 1.05, 1.6), PERT(0.5, 1.0, 1.3), PERT(0.0, 0.0, 1.0), PERT(0.0, 1.0, 1.0),
                 PERT(2.0, 3.0, 7.0, lamb=2.0), Normal(1.0, 0.08), LogNormal.from_mean_sd(1.0, 0.5),
                 Uniform(0.04, 0.08)]


@settings(max_examples=60, deadline=None)
@given(a=st.floats(1.0, 9.0), b=st.floats(1.0, 9.0))
def test_tabulated_beta_quantile_is_within_1e8_of_betaincinv(a, b):
    """Cubic Hermite between exact nodes inside [2⁻⁸, 1 − 2⁻⁸], exact tails: error below 1e-8 everywhere
    (where scipy's betaincinv itself answers, i.e. not NaN)."""
    exact = betaincinv(a, b, GRID)
    got = beta_quantile(GRID, a, b)
    ok = np.isfinite(exact)
    assert np.all(np.isfinite(got))
    assert np.max(np.abs(got[ok] - exact[ok])) < 1e-8
    inside = np.linspace(0.0, 1.0, 200_001)
    assert np.all(np.diff(beta_quantile(inside, a, b)) >= -1e-12)  # non-decreasing
    assert beta_quantile(np.array([0.0]), a, b)[0] == 0.0 and beta_quantile(np.array([1.0]), a, b)[0] == 1.0


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=repr)
def test_quantiles_match_scipy_stats(dist):
    u = np.linspace(1e-6, 1 - 1e-6, 5_001)
    ref = scipy_frozen(dist).ppf(u)
    scale = float(ref.max() - ref.min())
    np.testing.assert_allclose(dist.quantile(u), ref, rtol=0, atol=1e-8 * scale)


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=repr)
def test_from_normal_is_the_quantile_at_phi_z_and_stays_in_the_support(dist):
    z = np.linspace(-5.0, 5.0, 2_001)  # where Φ(z) keeps 9 digits of its distance to 1
    ref = scipy_frozen(dist).ppf(ndtr(z))
    np.testing.assert_allclose(dist.from_normal(z), ref, rtol=1e-9, atol=2e-8 * float(np.ptp(ref)))
    extreme = dist.from_normal(np.array([-40.0, -21.0, -16.5, 16.5, 21.0, 40.0]))
    assert np.all(np.isfinite(extreme))
    lo, hi = scipy_frozen(dist).support()
    assert np.all((extreme >= lo) & (extreme <= hi))


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=repr)
def test_draws_from_normal_scores_have_the_distribution(dist):
    """20,000 draws F⁻¹(Φ(z)): a Kolmogorov–Smirnov test against scipy.stats does not reject (seeded)."""
    x = dist.from_normal(np.random.default_rng(4).standard_normal(20_000))
    assert stats.kstest(x, scipy_frozen(dist).cdf).pvalue > 0.001


def test_pert_mean_and_sampler_agree_with_its_quantile():
    d = PERT(0.95, 1.05, 1.6)
    u = (np.arange(200_000) + 0.5) / 200_000
    assert d.quantile(u).mean() == pytest.approx(d.mean, abs=1e-6)
    assert d.sample(np.random.default_rng(0), 200_000).mean() == pytest.approx(d.mean, abs=5 * 0.12 / 447)
