"""Monte Carlo risk analysis of NPV: input distributions, rank correlation (Iman–Conover), vectorised draws.

Why hand-written: scipy.stats gives the marginal distributions but neither PERT in its appraisal form nor a way to
impose rank correlations on arbitrary marginals; the Iman–Conover (1982) method does that without changing the
marginals, and is a few lines of numpy. Every step works on whole arrays (no loop over draws): each input is drawn
in one generator call into its own contiguous row, Iman–Conover sorts whole columns, and the model is evaluated on
blocks of 131,072 draws (the progress bar, when shown, moves once per input and per block; the blocks are the
same whether it is shown or not).

Distributions (parameters as appraisal practitioners give them)
----------------------------------------------------------------
Triangular(low, mode, high); PERT(low, mode, high, lamb=4): low + (high - low) · Beta(α, β) with
α = 1 + lamb (mode - low)/(high - low), β = 1 + lamb (high - mode)/(high - low) (Vose 2008, §9.1.2);
Normal(mean, sd); LogNormal(mu, sigma) of log X (``LogNormal.from_mean_sd`` for the moments of X);
Uniform(low, high).

Iman–Conover
------------
S = columns of van der Waerden scores Φ⁻¹(i/(N+1)), each randomly permuted; E = corr(S) = F Fᵀ, C = P Pᵀ (target
rank correlation, Cholesky); T = S F⁻ᵀ Pᵀ has correlation C; each input column is reordered to T's ranks. Since
F⁻ᵀ Pᵀ is upper triangular with a positive corner, T's first column is a positive multiple of S's, so the first
input is reordered by its score permutation directly, without an argsort.

References
----------
Iman, R. L. and Conover, W. J. (1982), "A distribution-free approach to inducing rank correlation among input
variables", *Communications in Statistics – Simulation and Computation* 11(3), 311–334. Vose, D. (2008), *Risk
Analysis: A Quantitative Guide*, 3rd ed. European Commission (2014) CBA guide §2.9.2 (expected NPV, P(NPV < 0)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import ndtri

from perfmethods.cba.model import Model
from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.progress import ProgressBar, progress_bar
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number, check_rng

__all__ = [
    "PERT",
    "Distribution",
    "LogNormal",
    "MonteCarloResult",
    "Normal",
    "Triangular",
    "Uniform",
    "iman_conover",
    "monte_carlo",
    "sample_inputs",
]


def _finite(**params: float) -> None:
    for k, v in params.items():
        if not np.isfinite(v):
            raise InputError(f"distribution parameter {k!r} must be finite; got {v!r}", location={"key": k})


@dataclass(frozen=True)
class Triangular:
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
        return rng.triangular(self.low, self.mode, self.high, n)

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3


@dataclass(frozen=True)
class PERT:
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
        a, b = self.alpha_beta
        return self.low + (self.high - self.low) * rng.beta(a, b, n)

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
        return rng.normal(self.mean, self.sd, n)


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
        return rng.lognormal(self.mu, self.sigma, n)

    @property
    def mean(self) -> float:
        return float(np.exp(self.mu + self.sigma ** 2 / 2))


@dataclass(frozen=True)
class Uniform:
    """Uniform distribution on [low, high), low < high."""

    low: float
    high: float

    def __post_init__(self) -> None:
        _finite(low=self.low, high=self.high)
        if not self.low < self.high:
            raise InputError(f"Uniform needs low < high; got low={self.low}, high={self.high}",
                             location={"key": "high"})

    def sample(self, rng: np.random.Generator, n: int) -> np.ndarray:
        return rng.uniform(self.low, self.high, n)


Distribution = Triangular | PERT | Normal | LogNormal | Uniform


def _correlation_matrix(names: Sequence[str], corr: Mapping[tuple[str, str], float] | pd.DataFrame | np.ndarray
                        ) -> np.ndarray:
    k = len(names)
    if isinstance(corr, pd.DataFrame):
        missing = [n for n in names if n not in corr.index or n not in corr.columns]
        if missing:
            raise InputError(f"the rank_correlation table lacks the inputs {missing}", location={"key": missing[0]})
        c = corr.loc[list(names), list(names)].to_numpy(dtype=float)
    elif isinstance(corr, Mapping):
        c = np.eye(k)
        for pair, v in corr.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise InputError(f"rank_correlation keys must be pairs of input names; got {pair!r}")
            a, b = pair
            for nm in (a, b):
                if nm not in names:
                    raise InputError(f"rank_correlation names the unknown input {nm!r}; inputs are {list(names)}",
                                     location={"key": str(nm)})
            i, j = names.index(a), names.index(b)
            c[i, j] = c[j, i] = float(v)
    else:
        c = np.asarray(corr, dtype=float)
    if c.shape != (k, k) or not np.allclose(c, c.T) or not np.allclose(np.diag(c), 1) or np.any(np.abs(c) > 1):
        raise InputError("rank_correlation must be a symmetric matrix with unit diagonal and entries in [-1, 1]",
                         location={"key": "rank_correlation"})
    try:
        np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        raise InputError("rank_correlation is not positive definite (the correlations are inconsistent with one "
                         "another); weaken them", location={"key": "rank_correlation"}) from None
    return c


def _target_cholesky(correlation: np.ndarray) -> np.ndarray:
    """Cholesky factor P of the normal-score Pearson matrix 2 sin(π ρ_S / 6) of a target rank correlation."""
    target = 2.0 * np.sin(np.pi * np.asarray(correlation, dtype=float) / 6.0)
    try:
        return np.linalg.cholesky(target)
    except np.linalg.LinAlgError:
        raise InputError("the rank correlation matrix is not positive definite after conversion to normal scores; "
                         "weaken the correlations", location={"key": "rank_correlation"}) from None


def _reorder(x: np.ndarray, p: np.ndarray, rng: np.random.Generator, bar: ProgressBar) -> np.ndarray:
    """Iman–Conover on draws in (K, N) layout (one contiguous row per input); returns the reordered (K, N) array.

    Whole-array steps, a loop over the K inputs only: one random permutation of the van der Waerden scores per
    input, one K × K Cholesky correction, and per input one sort of its draws and one argsort of its target
    scores. M = P F⁻¹ is lower triangular with M₀₀ > 0, so T's first row is a positive multiple of the first score
    row and its ranks are that row's permutation: the first input needs no argsort.
    """
    k, n = x.shape
    scores = ndtri(np.arange(1, n + 1) / (n + 1))
    idx = np.tile(np.arange(n), (k, 1))
    rng.permuted(idx, axis=1, out=idx)
    s = scores[idx]
    f = np.linalg.cholesky(np.corrcoef(s))
    t = np.einsum("jl,ln->jn", p @ np.linalg.inv(f), s)    # T = P F⁻¹ S (K × K times K × N, no BLAS threads)
    out = np.empty_like(x)
    for j in range(k):  # the few inputs; every step inside is over all draws
        ranked = np.sort(x[j])
        # the i-th smallest value of input j goes where T_j has its i-th smallest score
        if j == 0:
            out[0] = ranked[idx[0]]
        else:
            out[j, np.argsort(t[j])] = ranked
        bar.update(1)
    return out


def iman_conover(samples: np.ndarray, correlation: np.ndarray, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Reorder the columns of ``samples`` so that their rank correlation approximates ``correlation``.

    Parameters
    ----------
    samples : (N, K) independent draws; each column's values (the marginal) are kept, only their order changes.
    correlation : (K, K) target rank (Spearman) correlation (positive definite). It is converted to the Pearson
        correlation of the normal scores, ρ_P = 2 sin(π ρ_S / 6), so that the ranks carry the target.
    seed : seed of the random score permutations.

    Returns
    -------
    ndarray of shape (N, K).
    """
    x = np.asarray(samples, dtype=float)
    if x.ndim != 2:
        raise InputError(f"The 'samples' parameter of iman_conover must be 2-D (draws × inputs); got shape {x.shape}.")
    rng = check_rng(seed, func="iman_conover")
    return _reorder(np.ascontiguousarray(x.T), _target_cholesky(correlation), rng, progress_bar(0, show=False)).T


@dataclass(frozen=True, repr=False)
class MonteCarloResult(Result):
    """The NPV distribution from a Monte Carlo risk analysis.

    Attributes
    ----------
    npv : the NPV of every draw (length ``n_draws``).
    inputs : the draws of every input (DataFrame, one column per input).
    expected_npv, sd, p_negative : mean NPV, its standard deviation, share of draws with NPV < 0.
    percentiles : percentile → NPV (default 5, 50, 95).
    seed : the seed used (``None`` when a Generator was passed).
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("expected_npv", "sd", "p_negative", "seed")

    npv: np.ndarray
    inputs: pd.DataFrame
    expected_npv: float
    sd: float
    p_negative: float
    percentiles: Mapping[float, float]
    seed: int | None

    def summary(self) -> pd.DataFrame:
        """One row per statistic: n_draws, expected_npv, sd, p_negative, p5, p50, p95 ..."""
        rows = [("n_draws", float(self.npv.size)), ("expected_npv", self.expected_npv), ("sd", self.sd),
                ("p_negative", self.p_negative)]
        rows += [(f"p{q:g}", v) for q, v in self.percentiles.items()]
        return pd.DataFrame(rows, columns=["statistic", "value"])

    def to_dict(self) -> dict[str, Any]:
        """Statistics only (the draws are not serialised)."""
        return {"n_draws": int(self.npv.size), "expected_npv": self.expected_npv, "sd": self.sd,
                "p_negative": self.p_negative, "percentiles": {f"{q:g}": v for q, v in self.percentiles.items()},
                "seed": self.seed, "inputs": list(self.inputs.columns)}

    def rank_correlations(self) -> pd.DataFrame:
        """Spearman correlation of each input with NPV (a global importance measure)."""
        ranks = np.column_stack([self.inputs.rank().to_numpy(), pd.Series(self.npv).rank().to_numpy()])
        c = np.corrcoef(ranks, rowvar=False)[-1, :-1]
        return pd.DataFrame({"input": self.inputs.columns, "spearman_with_npv": c}).sort_values(
            "spearman_with_npv", key=np.abs, ascending=False).reset_index(drop=True)

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Histogram of NPV with the negative part shaded and the expected NPV marked."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.cba.montecarlo.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.4, 3.6))
        _, edges, patches = ax.hist(self.npv, bins=60, color="C0", alpha=0.8)
        for patch, left in zip(patches, edges[:-1], strict=True):
            if left < 0:
                patch.set_facecolor("C3")
        ax.axvline(self.expected_npv, color="k", lw=1, label=f"{tr('expected')} {self.expected_npv:,.0f}")
        ax.axvline(0, color="0.4", lw=0.8, ls="--", label=f"{tr('p_negative')} = {self.p_negative:.1%}")
        ax.set_xlabel(tr("x"))
        ax.set_ylabel(tr("y"))
        ax.set_title(tr("title"))
        ax.legend(fontsize="small")
        return ax


_DISTRIBUTIONS = (Triangular, PERT, Normal, LogNormal, Uniform)

#: Draws evaluated per model call in :func:`monte_carlo` (the progress bar moves once per block).
_EVAL_BLOCK = 1 << 17


def _check_inputs(inputs: Mapping[str, Distribution], func: str) -> list[str]:
    if not inputs:
        raise InputError(f"The 'inputs' parameter of {func} must name at least one uncertain variable.")
    for nm, dist in inputs.items():
        if not isinstance(dist, _DISTRIBUTIONS):
            raise InputError(f"input {nm!r} must be a Triangular, PERT, Normal, LogNormal or Uniform distribution; "
                             f"got {type(dist).__name__}", location={"key": nm})
    return list(inputs)


def _links(names: list[str], rank_correlation: Any) -> tuple[np.ndarray, np.ndarray | None]:
    """The inputs that carry a correlation and the Cholesky factor of their normal-score target."""
    if rank_correlation is None:
        return np.array([], dtype=int), None
    c = _correlation_matrix(names, rank_correlation)
    # only inputs with a correlation are reordered; the others stay independent draws
    linked = np.flatnonzero(np.any(~np.isclose(c - np.eye(len(names)), 0.0), axis=1))
    return linked, (_target_cholesky(c[np.ix_(linked, linked)]) if linked.size else None)


def _draws(inputs: Mapping[str, Distribution], names: list[str], n: int, linked: np.ndarray, p: np.ndarray | None,
           rng: np.random.Generator, bar: ProgressBar) -> np.ndarray:
    """Every input's draws in (K, N) layout, the linked ones reordered by Iman–Conover."""
    x = np.empty((len(names), n))
    for j, nm in enumerate(names):  # one vectorised draw per input, in the inputs' order (the random stream)
        x[j] = inputs[nm].sample(rng, n)
        bar.update(1)
    if linked.size and p is not None:
        x[linked] = _reorder(x[linked], p, rng, bar)
    return x


def sample_inputs(inputs: Mapping[str, Distribution], *, n_draws: int = 10_000,
                  rank_correlation: Mapping[tuple[str, str], float] | pd.DataFrame | np.ndarray | None = None,
                  seed: int | np.random.Generator = 0, func: str = "sample_inputs",
                  progress: bool | None = None) -> pd.DataFrame:
    """Draws of the uncertain inputs, rank-correlated by Iman–Conover (one column per input).

    The draws :func:`monte_carlo` evaluates; drawn once and evaluated by several models, they give every option
    the same states of the world (common random numbers), so that the options' NPVs are compared draw by draw.

    Parameters
    ----------
    inputs : variable → distribution.
    n_draws : number of draws (>= 100).
    rank_correlation : target Spearman correlations (see :func:`monte_carlo`).
    seed : int or Generator (``0`` is a seed).
    func : the public function named in error messages.
    progress : show a progress bar (see :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in
        JupyterLab, not in CI); the draws are the same either way.

    Returns
    -------
    DataFrame of shape (n_draws, len(inputs)).
    """
    n_draws = int(check_number(n_draws, name="n_draws", func=func, low=100, integer=True))
    names = _check_inputs(inputs, func)
    rng = check_rng(seed, func=func)
    linked, p = _links(names, rank_correlation)
    with progress_bar(len(names) + linked.size, show=progress, desc="抽样 sampling", unit="项") as bar:
        x = _draws(inputs, names, n_draws, linked, p, rng, bar)
    return pd.DataFrame(x.T, columns=names, copy=False)


def monte_carlo(model: Model, inputs: Mapping[str, Distribution], *, n_draws: int = 10_000,
                rank_correlation: Mapping[tuple[str, str], float] | pd.DataFrame | np.ndarray | None = None,
                seed: int | np.random.Generator = 0, percentiles: Sequence[float] = (5, 50, 95),
                progress: bool | None = None) -> MonteCarloResult:
    """Monte Carlo distribution of NPV.

    Steps, each over whole arrays (no loop over draws): every input drawn at once (one call per distribution),
    Iman–Conover on the correlated inputs (sorts and argsorts of whole columns), the model evaluated on blocks
    of draws (with an uncertain rate, DF = (1 + r)^-t for a block of draws × years at once), then the summaries.

    Parameters
    ----------
    model : an :class:`~perfmethods.cba.model.NPVModel` or :class:`~perfmethods.cba.model.FunctionModel`.
    inputs : variable → distribution (:class:`Triangular`, :class:`PERT`, :class:`Normal`, :class:`LogNormal`,
        :class:`Uniform`); variables not listed stay at base.
    n_draws : number of draws (>= 100).
    rank_correlation : target Spearman correlations between inputs: {(a, b): rho}, a DataFrame or a matrix in the
        order of ``inputs``; imposed by Iman–Conover.
    seed : int or Generator (default 0; ``0`` is a seed).
    percentiles : NPV percentiles to report.
    progress : show a progress bar (see :func:`perfmethods.progress.progress_bar`; ``None``: on a terminal or in
        JupyterLab, not in CI); the numbers are the same either way.

    Returns
    -------
    MonteCarloResult : expected NPV, P(NPV < 0), percentiles and the draws.
    """
    if not hasattr(model, "evaluate") or not hasattr(model, "base"):
        raise InputError(f"The 'model' parameter of monte_carlo must be an NPVModel or FunctionModel; got "
                         f"{type(model).__name__} instead.")
    n_draws = int(check_number(n_draws, name="n_draws", func="monte_carlo", low=100, integer=True))
    names = _check_inputs(inputs, "monte_carlo")
    for nm in names:
        if nm not in model.base:
            raise InputError(f"input {nm!r} is not a model variable; the model's variables are {list(model.base)}",
                             location={"key": nm})
    rng = check_rng(seed, func="monte_carlo")
    linked, p = _links(names, rank_correlation)
    blocks = range(0, n_draws, _EVAL_BLOCK)
    npv = np.empty(n_draws)
    with progress_bar(len(names) + linked.size + len(blocks), show=progress, desc="蒙特卡洛 Monte Carlo",
                      unit="步") as bar:
        x = _draws(inputs, names, n_draws, linked, p, rng, bar)
        for start in blocks:  # blocks of draws: the same blocks whether a bar is shown or not
            part = slice(start, start + _EVAL_BLOCK)
            npv[part] = np.asarray(model.evaluate({nm: x[j, part] for j, nm in enumerate(names)}), dtype=float)
            bar.update(1)
    q = [float(v) for v in percentiles]
    pct = dict(zip(q, (float(v) for v in np.percentile(npv, q)), strict=True))
    return MonteCarloResult(npv=npv, inputs=pd.DataFrame(x.T, columns=names, copy=False),
                            expected_npv=float(npv.mean()), sd=float(npv.std(ddof=1)),
                            p_negative=float(np.mean(npv < 0)), percentiles=pct,
                            seed=int(seed) if isinstance(seed, (int, np.integer)) else None)
