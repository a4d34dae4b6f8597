"""Input distributions of a Monte Carlo appraisal: draws, quantile functions, and draws from normal scores.

Each distribution gives its draws three ways, all exact to the package's tolerance:

* ``sample(rng, n)`` — n independent draws from the generator (numpy's own samplers);
* ``quantile(u)`` — the inverse distribution function F⁻¹(u) at probabilities u (closed forms; PERT below);
* ``from_normal(z)`` — F⁻¹(Φ(z)) for standard normal scores z: how :func:`perfmethods.cba.montecarlo.monte_carlo`
  turns correlated normal scores into correlated inputs (a Gaussian copula). Normal and log-normal inputs use
  their closed forms mean + sd·z and exp(μ + σ·z), so no accuracy is lost in Φ's tails.

Parameters as appraisal practitioners give them: Triangular(low, mode, high); PERT(low, mode, high, lamb=4) =
low + (high − low) · Beta(α, β) with α = 1 + lamb (mode − low)/(high − low), β = 1 + lamb (high − mode)/(high − low)
(Vose 2008, §9.1.2); Normal(mean, sd); LogNormal(mu, sigma) of log X (``LogNormal.from_mean_sd`` for the moments of
X); Uniform(low, high).

PERT quantile function
----------------------
The Beta quantile has no closed form and scipy's ``betaincinv`` costs ≈ 1.6 µs a value, too slow for 10⁵–10⁶
draws. It is therefore evaluated exactly at 4,097 equally spaced probabilities on [2⁻⁸, 1 − 2⁻⁸] (once per
(α, β), cached) together with its slope dQ/du = 1/f(Q) = B(α, β) / (Q^(α−1) (1 − Q)^(β−1)), and interpolated
between them by cubic Hermite polynomials; probabilities in the two tails (below 2⁻⁸ and above 1 − 2⁻⁸, where
the quantile function of α or β > 1 is steep) are computed exactly with ``betaincinv`` (the upper tail as
1 − Q_(β, α)(1 − u), which keeps its precision). The interpolation error is below 1 × 10⁻⁸ of (high − low) for
every α, β ≥ 1 (``tests/cba/test_cba_distributions.py`` checks it against ``betaincinv`` on a fine grid),
orders of magnitude below Monte Carlo error. Below a probability of 10⁻⁶⁰ (normal scores below −16), where
``betaincinv`` returns NaN for some shapes, the leading term of the quantile's expansion, (u a B(a, b))^(1/a),
is used.

Why hand-written: scipy.stats has the Beta distribution but neither PERT in its appraisal form nor a fast Beta
quantile; the tabulation above is a few lines of numpy around scipy's exact ``betaincinv``.

References
----------
Vose, D. (2008), *Risk Analysis: A Quantitative Guide*, 3rd ed., Wiley, §9.1.2 (PERT). Fritsch, F. N. and
Carlson, R. E. (1980), "Monotone piecewise cubic interpolation", *SIAM J. Numer. Anal.* 17(2), 238–246 (cubic
Hermite form). Johnson, N. L., Kotz, S. and Balakrishnan, N. (1995), *Continuous Univariate Distributions*, vol.
2, 2nd ed., ch. 25 (Beta).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy.special import betaincinv, betaln, ndtr, ndtri

from perfmethods.errors import InputError

__all__ = ["PERT", "Distribution", "LogNormal", "Normal", "Triangular", "Uniform", "beta_quantile"]

#: Nodes of the tabulated Beta quantile: intervals on [_U0, 1 − _U0], and the tail probability computed exactly.
_NODES = 4096
_U0 = 2.0 ** -8
#: Below this probability betaincinv is replaced by the leading term of its expansion (scipy returns NaN for
#: some shapes far below it).
_U_MIN = 1e-60


@lru_cache(maxsize=256)
def _beta_table(a: float, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Quantiles Q_k and slopes h·dQ/du at the nodes u_k = _U0 + k h of Beta(a, b)."""
    u = np.linspace(_U0, 1.0 - _U0, _NODES + 1)
    q = betaincinv(a, b, u)
    h = (1.0 - 2.0 * _U0) / _NODES
    slope = h * np.exp(betaln(a, b) - (a - 1.0) * np.log(q) - (b - 1.0) * np.log1p(-q))
    q.flags.writeable = slope.flags.writeable = False
    return q, slope


def beta_quantile(u: np.ndarray, a: float, b: float) -> np.ndarray:
    """Quantile function of Beta(a, b), a, b >= 1, at probabilities ``u`` (array in [0, 1]).

    Cubic Hermite interpolation of exact nodes inside [2⁻⁸, 1 − 2⁻⁸], exact ``betaincinv`` in the tails (see the
    module docstring; error below 1e-8).

    Parameters
    ----------
    u : probabilities.
    a, b : the shape parameters (>= 1, as every PERT has).

    Returns
    -------
    ndarray of the same shape as ``u``.
    """
    u = np.asarray(u, dtype=float)
    q, slope = _beta_table(float(a), float(b))
    s = (u - _U0) * (_NODES / (1.0 - 2.0 * _U0))
    k = np.clip(s.astype(np.intp), 0, _NODES - 1)
    s -= k
    s2 = s * s
    # Hermite basis: (2s³ − 3s² + 1) q_k + (s³ − 2s² + s) m_k + (3s² − 2s³) q_k+1 + (s³ − s²) m_k+1
    q0, q1 = q[k], q[k + 1]
    out = q0 + s2 * (3.0 - 2.0 * s) * (q1 - q0) + s * (1.0 - s) * ((1.0 - s) * slope[k] - s * slope[k + 1])
    low, high = u < _U0, u > 1.0 - _U0
    if low.any():
        out[low] = _lower_tail(u[low], a, b)
    if high.any():
        out[high] = 1.0 - _lower_tail(1.0 - u[high], b, a)
    return out


def _lower_tail(u: np.ndarray, a: float, b: float) -> np.ndarray:
    """Exact Beta(a, b) quantiles of small probabilities; below 1e-60 the leading term (u a B(a, b))^(1/a)."""
    tiny = u < _U_MIN
    out = betaincinv(a, b, np.where(tiny, _U_MIN, u))
    if tiny.any():
        with np.errstate(divide="ignore"):
            out[tiny] = np.exp((np.log(u[tiny]) + np.log(a) + betaln(a, b)) / a)
    return out


def _finite(**params: float) -> None:
    for k, v in params.items():
        if not np.isfinite(v):
            raise InputError(f"distribution parameter {k!r} must be finite; got {v!r}", location={"key": k})


class _ThroughQuantile:
    """A distribution without a closed form in normal scores: its draws from scores z are F⁻¹(Φ(z)), with the
    subclass's ``quantile`` F⁻¹."""

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        """F⁻¹(Φ(z)) for standard normal scores ``z``."""
        return self.quantile(ndtr(z))  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Triangular(_ThroughQuantile):
    """Triangular distribution on [low, high] with mode ``mode`` (low <= mode <= high, low < high)."""

    low: float
    mode: float
    high: float

    def __post_init__(self) -> None:
        _finite(low=self.low, mode=self.mode, high=self.high)
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise InputError(f"Triangular needs low <= mode <= high and low < high; got low={self.low}, "
                             f"mode={self.mode}, high={self.high}", location={"key": "mode"})

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.triangular(self.low, self.mode, self.high, n)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """F⁻¹(u): low + √(u (high − low)(mode − low)) below F(mode), high − √((1 − u)(high − low)(high − mode))
        above it."""
        u = np.asarray(u, dtype=float)
        w = self.high - self.low
        below = u < (self.mode - self.low) / w
        return np.where(below, self.low + np.sqrt(u * w * (self.mode - self.low)),
                        self.high - np.sqrt((1.0 - u) * w * (self.high - self.mode)))

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3


@dataclass(frozen=True)
class PERT(_ThroughQuantile):
    """(Modified) PERT distribution: a scaled Beta with the given minimum, most likely and maximum values."""

    low: float
    mode: float
    high: float
    lamb: float = 4.0

    def __post_init__(self) -> None:
        _finite(low=self.low, mode=self.mode, high=self.high, lamb=self.lamb)
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise InputError(f"PERT needs low <= mode <= high and low < high; got low={self.low}, mode={self.mode}, "
                             f"high={self.high}", location={"key": "mode"})
        if self.lamb <= 0:
            raise InputError(f"PERT needs lamb > 0; got {self.lamb}", location={"key": "lamb"})

    @property
    def alpha_beta(self) -> tuple[float, float]:
        w = self.high - self.low
        return 1 + self.lamb * (self.mode - self.low) / w, 1 + self.lamb * (self.high - self.mode) / w

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        a, b = self.alpha_beta
        return self.low + (self.high - self.low) * rng.beta(a, b, n)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """F⁻¹(u) = low + (high − low) Q_Beta(α, β)(u) (see :func:`beta_quantile`)."""
        a, b = self.alpha_beta
        return self.low + (self.high - self.low) * beta_quantile(u, a, b)

    @property
    def mean(self) -> float:
        return (self.low + self.lamb * self.mode + self.high) / (self.lamb + 2)


@dataclass(frozen=True)
class Normal:
    """Normal distribution with mean ``mean`` and standard deviation ``sd`` > 0."""

    mean: float
    sd: float

    def __post_init__(self) -> None:
        _finite(mean=self.mean, sd=self.sd)
        if self.sd <= 0:
            raise InputError(f"Normal needs sd > 0; got sd={self.sd}", location={"key": "sd"})

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.normal(self.mean, self.sd, n)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """F⁻¹(u) = mean + sd Φ⁻¹(u)."""
        return self.from_normal(ndtri(np.asarray(u, dtype=float)))

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        """mean + sd·z (exact: no round trip through Φ)."""
        return self.mean + self.sd * np.asarray(z, dtype=float)


@dataclass(frozen=True)
class LogNormal:
    """Log-normal distribution: log X ~ Normal(mu, sigma), sigma > 0."""

    mu: float
    sigma: float

    def __post_init__(self) -> None:
        _finite(mu=self.mu, sigma=self.sigma)
        if self.sigma <= 0:
            raise InputError(f"LogNormal needs sigma > 0; got sigma={self.sigma}", location={"key": "sigma"})

    @classmethod
    def from_mean_sd(cls, mean: float, sd: float) -> LogNormal:
        """The log-normal with the given mean and standard deviation of X (mean > 0, sd > 0).

        Parameters
        ----------
        mean : mean of X.
        sd : standard deviation of X.
        """
        if not (mean > 0 and sd > 0):
            raise InputError(f"LogNormal.from_mean_sd needs mean > 0 and sd > 0; got mean={mean}, sd={sd}",
                             location={"key": "mean" if not mean > 0 else "sd"})
        s2 = np.log1p((sd / mean) ** 2)
        return cls(float(np.log(mean) - s2 / 2), float(np.sqrt(s2)))

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.lognormal(self.mu, self.sigma, n)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """F⁻¹(u) = exp(μ + σ Φ⁻¹(u))."""
        return self.from_normal(ndtri(np.asarray(u, dtype=float)))

    def from_normal(self, z: np.ndarray) -> np.ndarray:
        """exp(μ + σ·z) (exact: no round trip through Φ)."""
        return np.exp(self.mu + self.sigma * np.asarray(z, dtype=float))

    @property
    def mean(self) -> float:
        return float(np.exp(self.mu + self.sigma ** 2 / 2))


@dataclass(frozen=True)
class Uniform(_ThroughQuantile):
    """Uniform distribution on [low, high), low < high."""

    low: float
    high: float

    def __post_init__(self) -> None:
        _finite(low=self.low, high=self.high)
        if not self.low < self.high:
            raise InputError(f"Uniform needs low < high; got low={self.low}, high={self.high}",
                             location={"key": "high"})

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` independent draws."""
        return rng.uniform(self.low, self.high, n)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        """F⁻¹(u) = low + (high − low) u."""
        return self.low + (self.high - self.low) * np.asarray(u, dtype=float)


Distribution = Triangular | PERT | Normal | LogNormal | Uniform
