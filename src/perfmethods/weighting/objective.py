"""Objective (data-driven) weights: entropy (熵权法), CRITIC, coefficient of variation, standard deviation.

Data: X = (x_ij), objects i = 1 … m in rows (projects, districts, years), indicators j = 1 … n in columns.
Each method measures how much an indicator *varies* across the objects, so at least two objects are
needed (one project's self-evaluation has no objective weights: ``InputError``). A constant indicator
gets weight 0 with a :class:`DataQualityWarning`; if every indicator is constant the weights are undefined
(``InputError``).

Entropy weights, with the conventions of Chinese practice as named options
--------------------------------------------------------------------------
The steps are those of the 熵权法 as Chinese modelling texts and code write them (e.g. Mozinapig/Math_module
``熵权法.py``, hzphzp/ICM ``ewm.py``, https://blog.youkuaiyun.com/illhm/article/details/150700925):

1. ``normalization="minmax"`` (default, the Chinese-practice 极差法 standardisation): benefit (正向)
   x'_ij = (x_ij − min_j)/(max_j − min_j); cost (负向) x'_ij = (max_j − x_ij)/(max_j − min_j).
   ``normalization="raw"``: x'_ij = x_ij (values must be ≥ 0; directions are not applied) — the convention
   of pymcdm, scikit-criteria and the published Xu (2004), Elsayed et al. (2017) and Zavadskas & Podvezko
   (2016) numbers.
2. p_ij = x'_ij / Σ_i x'_ij.
3. e_j = −k Σ_i p_ij ln p_ij, k = 1/ln m (m objects), so 0 ≤ e_j ≤ 1.
4. d_j = 1 − e_j; w_j = d_j / Σ_j d_j.

Zero handling (``zero_handling``): ``"0ln0"`` (default) p ln p = 0 at p = 0, the limit ("假定fij=0, fij ln
fij=0", https://www.daowen.com/book/content/214658478/12342815.html); ``"shift"`` adds ``shift`` (default 0.01)
to x' before step 2 (papers' "x' + 0.01"; SPSSAU's translation, https://blog.youkuaiyun.com/SPSSAU/article/details/149335767);
``"rescale"`` maps the min–max result into [0.002, 1] (x'' = 0.002 + 0.998 x'; Mozinapig/Math_module
``熵权法.py``); ``"epsilon"`` computes p ln(p + 1e-10) (the youkuaiyun.com example above); ``"pymcdm"`` sets
e_j = 0 for any column containing a zero (pymcdm's non-standard rule, for reproducing it).

CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): min–max normalise (directions applied when
``apply_directions``), σ_j the standard deviation of column j, r_jk the correlation of columns j and k
(``correlation`` = Pearson, Spearman or Kendall), C_j = σ_j Σ_k (1 − r_jk), w_j = C_j / Σ C_k. Flipping a
column to "cost" changes the signs of its correlations and so the weights: peers split on this (pyDecision
and scikit-criteria apply directions; pymcdm and objective-weights-for-mcda ignore them). Default: apply them
when given.

CV weights: v_j = σ_j / |μ_j| on the raw data (ratio scale; μ_j ≠ 0), w = v / Σ v. SD weights:
w_j = σ_j / Σ σ_k of the min–max normalised data (``normalization="minmax"``, default) or of the raw data
(``"none"``, pymcdm's ``standard_deviation_weights``). Population and sample σ give the same normalised
weights (the factor cancels).

Why hand-written: the peers disagree on these conventions without naming them (raw p in pymcdm,
scikit-criteria and objective-weights-for-mcda, p from 1/x for costs in pyDecision, min–max first in Chinese
practice; directions applied to CRITIC or not, as above);
here each is an option, and entropy is computed in a few vectorised passes (Σ p ln p from
Σ x' ln x' via scipy.special.xlogy) so a 1,000,000 × 50 matrix takes a few ``np.log`` passes.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.i18n import translator
from perfmethods.model.framework import check_directions
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number, check_option
from perfmethods.weighting._checks import check_data_matrix, first_bad_cell

__all__ = [
    "ObjectiveWeights",
    "cilos_weights",
    "critic_weights",
    "cv_weights",
    "entropy_weights",
    "minmax_normalize",
    "std_weights",
]

@dataclass(frozen=True, repr=False)
class ObjectiveWeights(Result):
    """Objective weights of the indicators of a decision matrix.

    Attributes
    ----------
    weights : Series indexed by indicator (``x1``, ``x2``, … when X had no column names), summing to 1.
    method : ``"entropy"``, ``"critic"``, ``"cv"`` or ``"sd"``.
    options : the conventions used (normalization, zero handling, directions, correlation …).
    details : per-indicator intermediate quantities (entropy e_j and d_j; σ_j and conflict; …).
    constant : indicators that were constant (weight 0).
    n_objects : number of objects (rows).
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("method", "n_objects")

    weights: pd.Series
    method: str
    options: dict[str, Any]
    details: pd.DataFrame = field(repr=False)
    constant: tuple[str, ...] = ()
    n_objects: int = 0

    def summary(self) -> pd.DataFrame:
        out = self.details.copy()
        out.insert(0, "indicator", list(self.weights.index))
        out["weight"] = self.weights.to_numpy()
        return out.reset_index(drop=True)

    def to_dict(self) -> dict[str, Any]:
        det = self.details.astype(float)
        return {
            "method": self.method,
            "options": {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.options.items()},
            "weights": {str(k): float(v) for k, v in self.weights.items()},
            "details": {c: [None if not np.isfinite(x) else float(x) for x in det[c]] for c in det.columns},
            "constant": list(self.constant), "n_objects": self.n_objects,
        }

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bar chart of the weights."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.weighting.objective.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.0, 0.4 * len(self.weights) + 1.2))
        w = self.weights.sort_values()
        ax.barh([str(x) for x in w.index], w.to_numpy(), color="#55A868")
        ax.set_title(tr(f"title.{self.method}"))
        return ax


def _labels(columns: tuple[str, ...] | None, n: int) -> list[str]:
    return list(columns) if columns is not None else [f"x{j + 1}" for j in range(n)]


def _finish(d: np.ndarray, names: list[str], method: str, func: str, constant: np.ndarray,
            empty: str = "the indicators carry no variation to weight by (all dispersions are 0)") -> pd.Series:
    if constant.all():
        raise InputError(f"{func}: every indicator is constant across the objects, so objective weights are "
                         "undefined; objective weights need indicators that vary")
    if constant.any():
        warnings.warn(
            f"{func}: indicator(s) {[names[j] for j in np.flatnonzero(constant)]} are constant across the objects "
            "and get weight 0",
            DataQualityWarning,
            stacklevel=3,
        )
    d = np.where(constant, 0.0, d)
    total = d.sum()
    if not total > 0:
        raise InputError(f"{func}: {empty}")
    return pd.Series(d / total, index=pd.Index(names, name="indicator"), name="weight")


def _minmax(X: np.ndarray, sign: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    lo, hi = X.min(axis=0), X.max(axis=0)
    rng = hi - lo
    constant = rng <= 1e-12 * np.maximum(np.abs(hi), 1.0)
    safe = np.where(constant, 1.0, rng)
    Z = np.where(sign > 0, X - lo, hi - X) / safe
    return Z, constant


def _check_finite(X: np.ndarray, columns: tuple[str, ...] | None, func: str, lo: np.ndarray, hi: np.ndarray) -> None:
    if not (np.isfinite(lo).all() and np.isfinite(hi).all()):
        raise InputError(f"{func}: X has a missing or infinite value; impute or drop it first",
                         location=first_bad_cell(X, ~np.isfinite(X), columns))


#: Rows per block in the entropy kernel: blocks of a few MB stay in cache, so the whole computation costs
#: about one pass of ``np.log`` over X and allocates no copy of it.
_BLOCK_ROWS = 8192
_TINY = np.finfo(float).tiny


def _sum_zlogz(X: np.ndarray, c: np.ndarray, slope: np.ndarray, b: float) -> tuple[np.ndarray, np.ndarray]:
    """Column sums of z and of z ln z (0 ln 0 = 0) for z = (x − c) · slope + b, block by block.

    ln is taken of max(z, tiny), so z = 0 contributes 0 · ln(tiny) = 0 exactly, and no NaN or warning arises.
    With b = 0 only the sign of the slope matters (Σ p ln p is invariant to a positive rescaling of a column),
    so the multiplication is skipped unless a column is a cost; with c = 0 the subtraction is skipped.
    """
    m, n = X.shape
    s = np.zeros(n)
    slogs = np.zeros(n)
    rows = min(_BLOCK_ROWS, m)
    z = np.empty((rows, n))
    lz = np.empty((rows, n))
    mult = slope if b else np.sign(slope)
    need_mult = bool(b) or bool((mult < 0).any())
    need_sub = bool(np.any(c != 0))
    for start in range(0, m, rows):
        block = X[start:start + rows]
        k = block.shape[0]
        lb = lz[:k]
        if need_sub:
            zb = z[:k]
            np.subtract(block, c, out=zb)
        elif need_mult:
            zb = z[:k]
            zb[...] = block
        else:
            zb = block  # read only
        if need_mult:
            zb *= mult
        if b:
            zb += b
        s += zb.sum(axis=0)
        np.maximum(zb, _TINY, out=lb)
        np.log(lb, out=lb)
        lb *= zb
        slogs += lb.sum(axis=0)
    return s, slogs


def entropy_weights(
    X: Any,
    *,
    directions: Sequence[object] | dict[str, object] | None = None,
    normalization: Literal["minmax", "raw"] = "minmax",
    zero_handling: Literal["0ln0", "shift", "rescale", "epsilon", "pymcdm"] = "0ln0",
    shift: float = 0.01,
) -> ObjectiveWeights:
    """Entropy weights (熵权法), with the normalisation and zero handling named.

    Parameters
    ----------
    X : objects × indicators (array or DataFrame; column names become the weight labels). At least 2 rows.
    directions : per indicator ``"benefit"``/``"cost"`` (正向/负向, 1/-1), a list in column order or a mapping
        {column: direction}; default all benefit. Applied by ``normalization="minmax"`` only.
    normalization : ``"minmax"`` (default, 极差法 with directions; step 1 of the module docstring) or ``"raw"``
        (p from the raw values, which must be ≥ 0; directions must then be omitted or all benefit).
    zero_handling : ``"0ln0"`` (default), ``"shift"``, ``"rescale"``, ``"epsilon"`` or ``"pymcdm"`` (see the
        module docstring).
    shift : the translation used by ``zero_handling="shift"`` (default 0.01).

    Returns
    -------
    ObjectiveWeights
        ``details`` has ``entropy`` (e_j) and ``divergence`` (d_j = 1 − e_j).

    Formulas
    --------
    p_ij = x'_ij / Σ_i x'_ij; e_j = −(1/ln m) Σ_i p_ij ln p_ij; w_j = (1 − e_j)/Σ_k (1 − e_k).

    Raises
    ------
    InputError : fewer than 2 objects, a missing or infinite value, negative values with ``"raw"``, cost
        directions with ``"raw"``, or every indicator constant.

    Warns
    -----
    DataQualityWarning : a constant indicator (weight 0).

    References
    ----------
    Chinese practice: Mozinapig/Math_module ``熵权法.py``, hzphzp/ICM ``ewm.py``; Xu (2004) EJOR
    156(2):530-532; Zavadskas & Podvezko (2016) IJITDM 15(2):267-283.
    """
    func = "entropy_weights"
    check_option(normalization, ("minmax", "raw"), name="normalization", func=func)
    check_option(zero_handling, ("0ln0", "shift", "rescale", "epsilon", "pymcdm"), name="zero_handling",
                 func=func)
    shift = check_number(shift, name="shift", func=func, low=0.0, closed="neither")
    X, columns, _ = check_data_matrix(X, func=func)
    m, n = X.shape
    names = _labels(columns, n)
    sign = check_directions(directions, names, func=func).to_numpy(dtype=float)
    lo, hi = X.min(axis=0), X.max(axis=0)
    _check_finite(X, columns, func, lo, hi)
    rng = hi - lo
    constant = rng <= 1e-12 * np.maximum(np.abs(hi), 1.0)
    if normalization == "raw":
        if (sign < 0).any():
            raise InputError(f"{func}: normalization='raw' does not apply directions; use normalization='minmax' "
                             "for cost indicators, or omit 'directions'")
        if (lo < 0).any():
            raise InputError(f"{func}: normalization='raw' needs values >= 0; a value is negative",
                             location=first_bad_cell(X, X < 0, columns))
        c = np.zeros(n)
        scale = np.ones(n)
        zero_cols = (lo <= 0)
    else:
        # y = x - min (benefit) or max - x (cost); x' = y / range. Σ x' ln x' is recovered from Σ y ln y.
        c = np.where(sign > 0, lo, hi)
        scale = np.where(constant, 1.0, rng)
        zero_cols = ~constant  # min-max always puts a 0 in every varying column
    if zero_handling == "rescale" and normalization != "minmax":
        raise InputError(f"{func}: zero_handling='rescale' maps the min-max result into [0.002, 1]; "
                         "use it with normalization='minmax'")
    if zero_handling == "epsilon":
        Y = (X - c) * sign if normalization == "minmax" else X
        s = Y.sum(axis=0)
        safe_s = np.where(s > 0, s, 1.0)
        P = Y / safe_s
        plnp = (P * np.log(P + 1e-10)).sum(axis=0)
    else:
        # z = a · y / scale + b with y = x − c (benefit) or c − x (cost); Σ p ln p = (Σ z ln z)/Σz − ln Σz
        a_, b_ = {"shift": (1.0, float(shift)), "rescale": (0.998, 0.002)}.get(zero_handling, (1.0, 0.0))
        s, slogs = _sum_zlogz(X, c, sign * (a_ / scale), b_)
        safe_s = np.where(s > 0, s, 1.0)
        plnp = slogs / safe_s - np.log(safe_s)
    e = -plnp / np.log(m)
    if zero_handling == "pymcdm":
        e = np.where(zero_cols, 0.0, e)
    e = np.where(constant, 1.0, np.clip(e, 0.0, 1.0))
    d = 1.0 - e
    weights = _finish(d, names, "entropy", func, constant)
    details = pd.DataFrame({"entropy": e, "divergence": d}, index=pd.Index(names, name="indicator"))
    options = {"normalization": normalization, "zero_handling": zero_handling,
               "directions": tuple("cost" if s_ < 0 else "benefit" for s_ in sign), "k": "1/ln(m)"}
    if zero_handling == "shift":
        options["shift"] = float(shift)
    return ObjectiveWeights(weights=weights, method="entropy", options=options, details=details,
                            constant=tuple(names[j] for j in np.flatnonzero(constant)), n_objects=m)


def critic_weights(
    X: Any,
    *,
    directions: Sequence[object] | dict[str, object] | None = None,
    apply_directions: bool = True,
    correlation: Literal["pearson", "spearman", "kendall"] = "pearson",
) -> ObjectiveWeights:
    """CRITIC weights (Criteria Importance Through Intercriteria Correlation).

    Parameters
    ----------
    X : objects × indicators; at least 2 rows.
    directions : per indicator benefit/cost (see :func:`entropy_weights`); default all benefit.
    apply_directions : normalise cost indicators as (max − x)/(max − min) (default True, as pyDecision and
        scikit-criteria); False ignores ``directions`` (pymcdm, objective-weights-for-mcda and the published
        Tuş & Adalı 2019 numbers).
    correlation : ``"pearson"`` (default, the original), ``"spearman"`` or ``"kendall"``.

    Returns
    -------
    ObjectiveWeights
        ``details``: ``std`` (σ_j of the normalised column, population) , ``conflict`` (Σ_k (1 − r_jk)),
        ``information`` (C_j).

    Formula
    -------
    C_j = σ_j Σ_k (1 − r_jk), w_j = C_j / Σ_k C_k (Diakoulaki et al. 1995, Computers & OR 22(7):763-770).
    """
    func = "critic_weights"
    check_option(correlation, ("pearson", "spearman", "kendall"), name="correlation", func=func)
    X, columns, _ = check_data_matrix(X, func=func)
    m, n = X.shape
    names = _labels(columns, n)
    sign = check_directions(directions, names, func=func).to_numpy(dtype=float) if apply_directions else np.ones(n)
    _check_finite(X, columns, func, X.min(axis=0), X.max(axis=0))
    Z, constant = _minmax(X, sign)
    sd = Z.std(axis=0)
    varying = ~constant
    r = np.ones((n, n))
    Zv = Z[:, varying]
    if varying.sum() >= 2:
        if correlation == "pearson":
            rv = np.corrcoef(Zv, rowvar=False)
        elif correlation == "spearman":
            from scipy import stats  # imported here: scipy.stats is slow to import and rarely needed

            rv = np.atleast_2d(stats.spearmanr(Zv).statistic)
        else:
            from scipy import stats

            k = Zv.shape[1]
            rv = np.eye(k)
            for a in range(k):
                for b in range(a + 1, k):
                    rv[a, b] = rv[b, a] = stats.kendalltau(Zv[:, a], Zv[:, b]).statistic
        r[np.ix_(varying, varying)] = rv
    terms = 1.0 - r
    terms[np.abs(terms) < 1e-12] = 0.0  # perfectly correlated up to round-off: no conflict
    conflict = terms.sum(axis=1)
    info = sd * conflict
    weights = _finish(info, names, "critic", func, constant,
                      "every pair of indicators is perfectly correlated, so no indicator carries independent "
                      "information (C_j = 0 for all j); CRITIC weights are undefined — "
                      "use entropy_weights or std_weights")
    details = pd.DataFrame({"std": sd, "conflict": conflict, "information": info},
                           index=pd.Index(names, name="indicator"))
    options = {"correlation": correlation, "apply_directions": bool(apply_directions),
               "directions": tuple("cost" if s_ < 0 else "benefit" for s_ in sign), "normalization": "minmax"}
    return ObjectiveWeights(weights=weights, method="critic", options=options, details=details,
                            constant=tuple(names[j] for j in np.flatnonzero(constant)), n_objects=m)


def cv_weights(X: Any) -> ObjectiveWeights:
    """Coefficient-of-variation weights: v_j = σ_j / |μ_j| of the raw data, w = v / Σ v.

    The raw data must be on a ratio scale (a meaningful zero); a column with mean 0 raises ``InputError``.
    Directions do not enter (dispersion is direction-free).

    Parameters
    ----------
    X : objects × indicators (array or DataFrame); at least 2 rows.
    """
    func = "cv_weights"
    X, columns, _ = check_data_matrix(X, func=func)
    m, n = X.shape
    names = _labels(columns, n)
    _check_finite(X, columns, func, X.min(axis=0), X.max(axis=0))
    mu = X.mean(axis=0)
    if np.any(np.isclose(mu, 0.0, atol=1e-300)):
        j = int(np.flatnonzero(np.isclose(mu, 0.0, atol=1e-300))[0])
        raise InputError(f"{func}: indicator {names[j]!r} has mean 0, so its coefficient of variation is undefined; "
                         "use std_weights or entropy_weights")
    sd = X.std(axis=0)
    constant = sd <= 1e-12 * np.maximum(np.abs(mu), 1.0)
    v = sd / np.abs(mu)
    weights = _finish(v, names, "cv", func, constant)
    details = pd.DataFrame({"mean": mu, "std": sd, "cv": v}, index=pd.Index(names, name="indicator"))
    return ObjectiveWeights(weights=weights, method="cv", options={"std": "population (ddof=0)"}, details=details,
                            constant=tuple(names[j] for j in np.flatnonzero(constant)), n_objects=m)


def std_weights(X: Any, *, normalization: Literal["minmax", "none"] = "minmax") -> ObjectiveWeights:
    """Standard-deviation weights: w_j = σ_j / Σ_k σ_k.

    Parameters
    ----------
    X : objects × indicators; at least 2 rows.
    normalization : ``"minmax"`` (default; σ of the min–max normalised columns, so units do not matter —
        Jahan & Edwards 2013) or ``"none"`` (σ of the raw columns, as pymcdm's
        ``standard_deviation_weights``; only sensible when indicators share a scale).
    """
    func = "std_weights"
    check_option(normalization, ("minmax", "none"), name="normalization", func=func)
    X, columns, _ = check_data_matrix(X, func=func)
    m, n = X.shape
    names = _labels(columns, n)
    _check_finite(X, columns, func, X.min(axis=0), X.max(axis=0))
    Z, constant = _minmax(X, np.ones(n))
    sd = (Z if normalization == "minmax" else X).std(axis=0)
    weights = _finish(sd, names, "sd", func, constant)
    details = pd.DataFrame({"std": sd}, index=pd.Index(names, name="indicator"))
    return ObjectiveWeights(weights=weights, method="sd", options={"normalization": normalization,
                                                                   "std": "population (ddof=0)"},
                            details=details, constant=tuple(names[j] for j in np.flatnonzero(constant)),
                            n_objects=m)


def cilos_weights(X: Any, *, directions: Sequence[object] | dict[str, object] | None = None) -> ObjectiveWeights:
    """CILOS weights (Criterion Impact LOSs; Zavadskas & Podvezko 2016, IJITDM 15(2):267-283).

    Cost columns become x_min / x; columns are sum-normalised (a_ij = x_ij / Σ_i x_ij); A is the square matrix
    whose row k is the object that maximises criterion k; the relative impact losses are
    P_kj = (a_jj − a_kj) / a_jj; F is P with its diagonal replaced by −Σ_k P_kj; the weights q solve F q = 0,
    Σ q = 1. Combined multiplicatively with entropy weights this is IDOCRIW
    (``combine_weights([cilos, entropy], method="multiplicative")``). Values must be positive.

    Parameters
    ----------
    X : objects × indicators with positive values; at least 2 rows.
    directions : per indicator benefit/cost (see :func:`entropy_weights`); default all benefit.
    """
    from scipy.linalg import null_space

    func = "cilos_weights"
    X, columns, _ = check_data_matrix(X, func=func)
    m, n = X.shape
    names = _labels(columns, n)
    lo, hi = X.min(axis=0), X.max(axis=0)
    _check_finite(X, columns, func, lo, hi)
    if (lo <= 0).any():
        raise InputError(f"{func}: CILOS needs positive values; a value is <= 0",
                         location=first_bad_cell(X, X <= 0, columns))
    sign = check_directions(directions, names, func=func).to_numpy(dtype=float)
    Y = np.where(sign < 0, lo / X, X)
    N = Y / Y.sum(axis=0)
    A = N[np.argmax(N, axis=0)]
    d = np.diag(A)
    P = (d[None, :] - A) / d[None, :]
    F = P.copy()
    np.fill_diagonal(F, -P.sum(axis=0) + np.diag(P))
    ns = null_space(F)
    if ns.shape[1] != 1:
        raise InputError(f"{func}: the impact-loss system has no unique solution (some criteria are maximised by the "
                         "same object in a degenerate way); CILOS weights are undefined for these data")
    q = ns[:, 0] / ns[:, 0].sum()
    weights = pd.Series(q, index=pd.Index(names, name="indicator"), name="weight")
    details = pd.DataFrame({"impact_loss": P.sum(axis=0)}, index=pd.Index(names, name="indicator"))
    return ObjectiveWeights(weights=weights, method="cilos",
                            options={"directions": tuple("cost" if s_ < 0 else "benefit" for s_ in sign)},
                            details=details, constant=(), n_objects=m)


def minmax_normalize(X: Any, *, directions: Sequence[object] | dict[str, object] | None = None) -> pd.DataFrame:
    """Min–max (极差法) normalisation with directions, as step 1 of the entropy method (Mozinapig/Math_module
    ``熵权法.py``).

    benefit x' = (x − min)/(max − min); cost x' = (max − x)/(max − min); a constant column becomes 0 (with a
    :class:`DataQualityWarning`). Returns a DataFrame (the input's labels, or ``x1`` … and ``0`` …) of values in
    [0, 1], e.g. the indicator scores that :func:`perfmethods.weighting.perturb_weights` weights.

    Parameters
    ----------
    X : objects × indicators (array or DataFrame); at least 2 rows.
    directions : per indicator benefit/cost, a list in column order or a mapping {column: direction}.
    """
    func = "minmax_normalize"
    arr, columns, index = check_data_matrix(X, func=func)
    n = arr.shape[1]
    names = _labels(columns, n)
    sign = check_directions(directions, names, func=func).to_numpy(dtype=float)
    _check_finite(arr, columns, func, arr.min(axis=0), arr.max(axis=0))
    Z, constant = _minmax(arr, sign)
    Z = np.where(constant, 0.0, Z)
    if constant.any():
        warnings.warn(f"{func}: indicator(s) {[names[j] for j in np.flatnonzero(constant)]} are constant and "
                      "normalise to 0", DataQualityWarning, stacklevel=2)
    return pd.DataFrame(Z, index=index if index is not None else pd.RangeIndex(arr.shape[0]), columns=names)
