"""Monte Carlo risk analysis of NPV: rank-correlated draws (Gaussian copula), vectorised model, chunks on any engine.

Steps, each over whole arrays (no loop over draws): the draws are made in chunks of 131,072; in a chunk every
independent input is drawn in one generator call into its own contiguous row, the rank-correlated inputs are
drawn together from correlated normal scores, the model is evaluated on the chunk, and the summaries are taken
over all draws. Chunks run in this process or on a Dask cluster (``engine="dask"``, :mod:`perfmethods.engines`):
a run of one chunk draws from the caller's generator, a longer run gives chunk i the i-th generator spawned from
it, so the numbers are the same on every engine.

Rank correlation (Gaussian copula)
----------------------------------
For the inputs that carry a target Spearman correlation matrix C: Z = P E with E standard normal (one row per
input) and P the Cholesky factor of R = 2 sin(π C / 6), the Pearson correlation of normal scores whose Spearman
correlation is C (Kruskal 1958); each input is then F⁻¹(Φ(Z_j)) (:meth:`from_normal` of its distribution). The
marginals are exact, the draws independent across rows, and the population rank correlation is exactly C (ranks
are invariant under the monotone F⁻¹ ∘ Φ). No sorting is needed, which is why it replaced the Iman–Conover
reordering here: the sorts that Iman–Conover needs cost more than the rest of the analysis, and its reordering
couples all draws, so a run could not be split into chunks. :func:`iman_conover` remains for reordering a sample
the user already has.

Iman–Conover (:func:`iman_conover`)
-----------------------------------
S = columns of van der Waerden scores Φ⁻¹(i/(N+1)), each randomly permuted; E = corr(S) = F Fᵀ, C = P Pᵀ (target
rank correlation, Cholesky); T = S F⁻ᵀ Pᵀ has correlation C; each input column is reordered to T's ranks. Since
F⁻ᵀ Pᵀ is upper triangular with a positive corner, T's first column is a positive multiple of S's, so the first
input is reordered by its score permutation directly, without an argsort.

References
----------
Clemen, R. T. and Reilly, T. (1999), "Correlations and copulas for decision and risk analysis", *Management
Science* 45(2), 208–224. Kruskal, W. H. (1958), "Ordinal measures of association", *JASA* 53(284), 814–861
(ρ_S = (6/π) arcsin(ρ/2) for normal scores). Iman, R. L. and Conover, W. J. (1982), "A distribution-free approach
to inducing rank correlation among input variables", *Communications in Statistics – Simulation and Computation*
11(3), 311–334. Vose, D. (2008), *Risk Analysis: A Quantitative Guide*, 3rd ed. European Commission (2014) CBA
guide §2.9.2 (expected NPV, P(NPV < 0)).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from scipy.special import ndtri

from perfmethods.cba.distributions import PERT, Distribution, LogNormal, Normal, Triangular, Uniform
from perfmethods.cba.model import Model
from perfmethods.engines import run_chunks, seeded_chunks
from perfmethods.errors import InputError
from perfmethods.i18n import translator
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


def _reorder(x: np.ndarray, p: np.ndarray, rng: np.random.Generator) -> np.ndarray:
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
    return _reorder(np.ascontiguousarray(x.T), _target_cholesky(correlation), rng).T


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

#: Draws per chunk (a constant of the method, never of the engine: the same chunks give the same numbers anywhere).
CHUNK_DRAWS = 1 << 17


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
    # only inputs with a correlation are drawn through the copula; the others stay independent draws
    linked = np.flatnonzero(np.any(~np.isclose(c - np.eye(len(names)), 0.0), axis=1))
    return linked, (_target_cholesky(c[np.ix_(linked, linked)]) if linked.size else None)


@dataclass(frozen=True)
class _Chunk:
    """One chunk of a Monte Carlo run: what a worker needs to draw it (and evaluate it, with a model)."""

    inputs: tuple[Distribution, ...]
    linked: np.ndarray
    p: np.ndarray | None
    size: int
    rng: np.random.Generator
    names: tuple[str, ...] = ()
    model: Any = None


def _draw_chunk(chunk: _Chunk) -> np.ndarray:
    """The chunk's draws in (K, size) layout: independent inputs from their samplers, linked ones by the copula."""
    x = np.empty((len(chunk.inputs), chunk.size))
    is_linked = np.zeros(len(chunk.inputs), dtype=bool)
    is_linked[chunk.linked] = True
    for j, dist in enumerate(chunk.inputs):  # one vectorised draw per input, in the inputs' order
        if not is_linked[j]:
            x[j] = dist.sample(chunk.rng, chunk.size)
    if chunk.linked.size and chunk.p is not None:
        z = chunk.rng.standard_normal((chunk.linked.size, chunk.size))
        z = np.einsum("jl,ln->jn", chunk.p, z)  # Z = P E (K × K times K × N; no BLAS threads)
        for row, j in enumerate(chunk.linked):
            x[j] = chunk.inputs[j].from_normal(z[row])
    return x


def _evaluate_chunk(chunk: _Chunk) -> tuple[np.ndarray, np.ndarray]:
    """The chunk's draws and the model's NPV on them."""
    x = _draw_chunk(chunk)
    npv = np.asarray(chunk.model.evaluate({nm: x[j] for j, nm in enumerate(chunk.names)}), dtype=float)
    return x, npv


def _chunks(inputs: Mapping[str, Distribution], names: list[str], n: int, rank_correlation: Any,
            rng: np.random.Generator, model: Model | None = None) -> list[_Chunk]:
    linked, p = _links(names, rank_correlation)
    dists = tuple(inputs[nm] for nm in names)
    return [_Chunk(dists, linked, p, size, g, tuple(names), model) for size, g in seeded_chunks(n, CHUNK_DRAWS, rng)]


def sample_inputs(inputs: Mapping[str, Distribution], *, n_draws: int = 10_000,
                  rank_correlation: Mapping[tuple[str, str], float] | pd.DataFrame | np.ndarray | None = None,
                  seed: int | np.random.Generator = 0, func: str = "sample_inputs",
                  progress: bool | None = None, engine: str = "local", address: str | None = None
                  ) -> pd.DataFrame:
    """Draws of the uncertain inputs, rank-correlated through a Gaussian copula (one column per input).

    The draws :func:`monte_carlo` evaluates; drawn once and evaluated by several models, they give every option
    the same states of the world (common random numbers), so that the options' NPVs are compared draw by draw.

    Parameters
    ----------
    inputs : variable → distribution.
    n_draws : number of draws (>= 100).
    rank_correlation : target Spearman correlations (see :func:`monte_carlo`).
    seed : int or Generator (``0`` is a seed).
    func : the public function named in error messages.
    progress : show a progress bar over the chunks (see :func:`perfmethods.progress.progress_bar`; ``None``: on a
        terminal or in JupyterLab, not in CI); the draws are the same either way.
    engine : ``"local"`` (this process) or ``"dask"`` (a Dask cluster); the draws are the same either way.
    address : the Dask scheduler's ``HOST:PORT`` (``None``: the session's default client); only with ``"dask"``.

    Returns
    -------
    DataFrame of shape (n_draws, len(inputs)).
    """
    n_draws = int(check_number(n_draws, name="n_draws", func=func, low=100, integer=True))
    names = _check_inputs(inputs, func)
    rng = check_rng(seed, func=func)
    parts = run_chunks(_draw_chunk, _chunks(inputs, names, n_draws, rank_correlation, rng), engine=engine,
                       address=address, progress=progress, desc="抽样 sampling", unit="块", func_name=func)
    x = parts[0] if len(parts) == 1 else np.concatenate(parts, axis=1)
    return pd.DataFrame(x.T, columns=names, copy=False)


def monte_carlo(model: Model, inputs: Mapping[str, Distribution], *, n_draws: int = 10_000,
                rank_correlation: Mapping[tuple[str, str], float] | pd.DataFrame | np.ndarray | None = None,
                seed: int | np.random.Generator = 0, percentiles: Sequence[float] = (5, 50, 95),
                progress: bool | None = None, engine: str = "local", address: str | None = None
                ) -> MonteCarloResult:
    """Monte Carlo distribution of NPV.

    Steps, each over whole arrays (no loop over draws), chunk by chunk (131,072 draws each): every independent
    input drawn at once (one call per distribution), the rank-correlated inputs from correlated normal scores
    (Gaussian copula, see the module docstring), the model evaluated on the chunk (with an uncertain rate,
    DF = (1 + r)^-t for the chunk's draws × years in cache-sized blocks); then the summaries over all draws.

    Parameters
    ----------
    model : an :class:`~perfmethods.cba.model.NPVModel` or :class:`~perfmethods.cba.model.FunctionModel`.
    inputs : variable → distribution (:class:`Triangular`, :class:`PERT`, :class:`Normal`, :class:`LogNormal`,
        :class:`Uniform`); variables not listed stay at base.
    n_draws : number of draws (>= 100).
    rank_correlation : target Spearman correlations between inputs: {(a, b): rho}, a DataFrame or a matrix in the
        order of ``inputs``; imposed by a Gaussian copula.
    seed : int or Generator (default 0; ``0`` is a seed).
    percentiles : NPV percentiles to report.
    progress : show a progress bar over the chunks (see :func:`perfmethods.progress.progress_bar`; ``None``: on a
        terminal or in JupyterLab, not in CI); the numbers are the same either way.
    engine : ``"local"`` (this process) or ``"dask"`` (the chunks on a Dask cluster; the model must be picklable,
        as NPVModel is); the numbers are the same either way.
    address : the Dask scheduler's ``HOST:PORT`` (``None``: the session's default client); only with ``"dask"``.

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
    parts = run_chunks(_evaluate_chunk, _chunks(inputs, names, n_draws, rank_correlation, rng, model),
                       engine=engine, address=address, progress=progress, desc="蒙特卡洛 Monte Carlo", unit="块",
                       func_name="monte_carlo")
    if len(parts) == 1:
        x, npv = parts[0]
    else:
        x, npv = np.concatenate([d for d, _ in parts], axis=1), np.concatenate([v for _, v in parts])
    q = [float(v) for v in percentiles]
    pct = dict(zip(q, (float(v) for v in np.percentile(npv, q)), strict=True))
    return MonteCarloResult(npv=npv, inputs=pd.DataFrame(x.T, columns=names, copy=False),
                            expected_npv=float(npv.mean()), sd=float(npv.std(ddof=1)),
                            p_negative=float(np.mean(npv < 0)), percentiles=pct,
                            seed=int(seed) if isinstance(seed, (int, np.integer)) else None)
