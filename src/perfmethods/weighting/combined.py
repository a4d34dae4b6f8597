"""Combined (subjective + objective) weights, 组合赋权.

Given weight vectors over the same indicators — typically AHP (subjective) and entropy or CRITIC
(objective) — four combination rules are in use in Chinese evaluation practice (an AHP weight corrected
by entropy, as modelling texts teach it: http://download.cucdc.com/wenku/page/eef06d5e5fb9496a953596c110635ebf.html):

``"linear"``          w = α w_s + (1 − α) w_o (α = 0.5 by default); more than two vectors take a weight each.
``"multiplicative"``  w_j = Π_l w_lj / Σ_k Π_l w_lk — IDOCRIW's rule (Zavadskas & Podvezko 2016).
``"mdi"``             minimum discrimination information: the w minimising Σ_l Σ_j w_j ln(w_j / w_lj) under
                      Σ w = 1 is the normalised geometric mean, w_j = (Π_l w_lj)^(1/L) / Σ_k (Π_l w_lk)^(1/L);
                      for two vectors √(w_sj w_oj) / Σ √(w_sk w_ok).
``"game_theory"``     game-theory combination: find α minimising ‖Σ_k α_k w_k − w_l‖² for every l, i.e. solve
                      Σ_k α_k (w_l · w_k) = w_l · w_l (l = 1 … L); then α* = |α| / Σ |α| and w = Σ α*_k w_k.
                      The absolute value and renormalisation are the convention of the Chinese literature
                      (the raw solution can have a negative coefficient); the raw α is kept in the result.

Why hand-written: each rule is a line of numpy; what matters is validating that the vectors describe the
same indicators (labels aligned, not positions assumed) and naming the rule in the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language, check_option

__all__ = ["CombinedWeights", "combine_weights"]

METHODS = ("linear", "multiplicative", "mdi", "game_theory")


@dataclass(frozen=True, repr=False)
class CombinedWeights(Result):
    """Combined weights and the inputs they came from.

    Attributes
    ----------
    weights : Series by indicator, summing to 1.
    method : the combination rule. alpha : the coefficients applied to the input vectors (linear and game
        theory; ``None`` otherwise). alpha_raw : game theory's unnormalised solution.
    inputs : DataFrame, one column per input vector (normalised to sum 1).
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("method",)

    weights: pd.Series
    method: str
    inputs: pd.DataFrame = field(repr=False)
    alpha: tuple[float, ...] | None = None
    alpha_raw: tuple[float, ...] | None = None

    def summary(self) -> pd.DataFrame:
        out = self.inputs.copy()
        out["combined"] = self.weights
        return out.reset_index()

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "weights": {str(k): float(v) for k, v in self.weights.items()},
                "inputs": {str(c): {str(k): float(v) for k, v in self.inputs[c].items()} for c in self.inputs},
                "alpha": list(self.alpha) if self.alpha is not None else None,
                "alpha_raw": list(self.alpha_raw) if self.alpha_raw is not None else None}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Grouped bars: each input vector and the combined weights, by indicator."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.weighting.combined.")
        frame = self.summary().set_index(self.inputs.index.name or "indicator")
        frame = frame.rename(columns={"combined": tr("combined")})
        if ax is None:
            _, ax = plt.subplots(figsize=(7.0, 3.6))
        frame.plot.bar(ax=ax, rot=0, width=0.8)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncols=len(frame.columns), frameon=False,
                  fontsize="small")
        ax.set_xlabel("")
        ax.set_ylabel(tr("y"))
        return ax


def _as_frame(weights: Sequence[Any] | Mapping[str, Any]) -> pd.DataFrame:
    if isinstance(weights, Mapping):
        names = [str(k) for k in weights]
        vectors = list(weights.values())
    else:
        vectors = list(weights)
        names = [str(getattr(v, "method", None) if hasattr(v, "weights") else getattr(v, "name", None) or f"w{i + 1}")
                 for i, v in enumerate(vectors)]
        if len(set(names)) < len(names):
            names = [f"w{i + 1}" for i in range(len(vectors))]
    if len(vectors) < 2:
        raise InputError(f"combine_weights needs at least two weight vectors; got {len(vectors)}.")
    series = []
    vectors = [getattr(v, "weights", v) for v in vectors]  # accept result objects (AHPResult, ObjectiveWeights)
    labelled = [isinstance(v, pd.Series) and not isinstance(v.index, pd.RangeIndex) for v in vectors]
    for name, v in zip(names, vectors, strict=True):
        if isinstance(v, pd.Series):
            s = v.astype(float).copy()
            s.index = s.index.map(str)
        else:
            arr = np.asarray(v, dtype=float)
            if arr.ndim != 1:
                raise InputError(f"weight vector {name!r} must be one-dimensional; got shape {arr.shape}.")
            s = pd.Series(arr)
        s.name = name
        series.append(s)
    n = len(series[0])
    for s in series:
        if len(s) != n:
            raise InputError(f"weight vectors must have the same length; {s.name!r} has {len(s)}, "
                             f"{series[0].name!r} has {n}.")
    if all(labelled):  # every vector labelled: align by label, never by position
        first = series[0].index
        for s in series[1:]:
            if set(s.index) != set(first):
                differ = sorted(set(first) ^ set(s.index))
                raise InputError(f"weight vectors {series[0].name!r} and {s.name!r} do not describe the same "
                                 f"indicators; differing labels: {differ}")
        series = [s.reindex(first) for s in series]
    else:  # some unlabelled: positions; labels from the first labelled vector, if any
        index = next((s.index for s, lab in zip(series, labelled, strict=True) if lab), pd.RangeIndex(n))
        series = [pd.Series(s.to_numpy(), index=index, name=s.name) for s in series]
    frame = pd.concat(series, axis=1)
    frame.index.name = "indicator"
    values = frame.to_numpy()
    if not np.isfinite(values).all() or (values < 0).any():
        bad = frame.columns[np.argwhere(~(np.isfinite(values) & (values >= 0)))[0][1]]
        raise InputError(f"weight vector {bad!r} must hold finite numbers >= 0.")
    sums = values.sum(axis=0)
    if (sums <= 0).any():
        raise InputError(f"weight vector {frame.columns[int(np.argmin(sums))]!r} is all zero.")
    return frame / sums


def combine_weights(
    weights: Sequence[Any] | Mapping[str, Any],
    *,
    method: Literal["linear", "multiplicative", "mdi", "game_theory"] = "linear",
    alpha: float | Sequence[float] = 0.5,
) -> CombinedWeights:
    """Combine two or more weight vectors over the same indicators.

    Parameters
    ----------
    weights : the vectors, as a list or a mapping {name: vector}; each a Series (aligned by label), an array
        (aligned by position), or a result with ``.weights`` (AHPResult, ObjectiveWeights). Each is normalised
        to sum 1 first.
    method : ``"linear"`` (default), ``"multiplicative"``, ``"mdi"`` or ``"game_theory"`` (see the module
        docstring for the formulas).
    alpha : linear only: the weight of the first vector (two vectors; the second gets 1 − α), or one
        coefficient per vector (summing to 1).

    Returns
    -------
    CombinedWeights

    Raises
    ------
    InputError : fewer than two vectors, labels that differ, negative or non-finite weights, a bad ``alpha``,
        or (multiplicative / mdi) vectors whose products are all zero.
    """
    check_option(method, METHODS, name="method", func="combine_weights")
    frame = _as_frame(weights)
    W = frame.to_numpy()  # (n, L)
    L = W.shape[1]
    a_used: tuple[float, ...] | None = None
    a_raw: tuple[float, ...] | None = None
    if method == "linear":
        coef = np.atleast_1d(np.asarray(alpha, dtype=float))
        if coef.size == 1 and L == 2:
            coef = np.array([coef[0], 1.0 - coef[0]])
        if coef.size != L or (coef < 0).any() or not np.isclose(coef.sum(), 1.0):
            raise InputError(f"The 'alpha' parameter of combine_weights must be a number in [0, 1] (two vectors) or "
                             f"{L} non-negative coefficients summing to 1; got {alpha!r}.")
        w = W @ coef
        a_used = tuple(float(x) for x in coef)
    elif method == "multiplicative":
        w = np.prod(W, axis=1)
    elif method == "mdi":
        w = np.exp(np.log(np.where(W > 0, W, 1.0)).mean(axis=1)) * (W > 0).all(axis=1)
    else:
        G = W.T @ W  # (L, L) Gram matrix: G[l, k] = w_l · w_k
        try:
            raw = np.linalg.solve(G, np.diag(G))
        except np.linalg.LinAlgError:
            raise InputError("combine_weights(method='game_theory'): the weight vectors are linearly dependent "
                             "(e.g. two identical vectors); drop the duplicate") from None
        coef = np.abs(raw) / np.abs(raw).sum()
        w = W @ coef
        a_used = tuple(float(x) for x in coef)
        a_raw = tuple(float(x) for x in raw)
    total = w.sum()
    if not total > 0:
        raise InputError(f"combine_weights(method={method!r}): every indicator has a zero weight in some vector, so "
                         "the combination is undefined; use method='linear'")
    out = pd.Series(w / total, index=frame.index, name="weight")
    return CombinedWeights(weights=out, method=method, inputs=frame, alpha=a_used, alpha_raw=a_raw)
