"""Fuzzy AHP with triangular fuzzy numbers, Buckley's (1985) geometric mean.

Judgments are triangular fuzzy numbers ã_ij = (l_ij, m_ij, u_ij), l ≤ m ≤ u, with ã_ji = (1/u_ij, 1/m_ij, 1/l_ij)
and ã_ii = (1, 1, 1). Buckley's method (Fuzzy Sets and Systems 17:233-247):

    r̃_i = (Π_j ã_ij)^(1/n) = ((Π_j l_ij)^(1/n), (Π_j m_ij)^(1/n), (Π_j u_ij)^(1/n))
    w̃_i = r̃_i ⊗ (Σ_k r̃_k)^(−1) = (l_i / Σ_k u_k, m_i / Σ_k m_k, u_i / Σ_k l_k)

and the fuzzy weights are defuzzified — the step peers leave unnamed — then normalised to sum 1:

``"centroid"`` (default; centre of area) (l + m + u)/3; ``"graded_mean"`` (l + 4m + u)/6 (Chen & Hsieh's graded
mean integration); ``"modal"`` m.

With crisp judgments (l = m = u) every defuzzification gives the row geometric mean weights of
:func:`perfmethods.weighting.ahp` (``method="geometric"``). :func:`fuzzify` turns a crisp Saaty matrix
into TFNs with a chosen spread. Consistency is reported for the modal (crisp) matrix.

Why hand-written: a few vectorised lines; pyDecision's implementation has no defuzzification choice and no
validation.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.i18n import translator
from perfmethods.results import Result
from perfmethods.validation import check_language, check_option
from perfmethods.weighting._checks import as_labels, check_pairwise
from perfmethods.weighting.analytic_hierarchy import CR_THRESHOLD, ahp

__all__ = ["FuzzyAHPResult", "fuzzify", "fuzzy_ahp"]

DEFUZZIFICATIONS = ("centroid", "graded_mean", "modal")


@dataclass(frozen=True, repr=False)
class FuzzyAHPResult(Result):
    """Fuzzy AHP weights.

    Attributes
    ----------
    weights : crisp weights (defuzzified, normalised), Series by criterion.
    fuzzy_weights : DataFrame with columns ``l``, ``m``, ``u`` (Buckley's w̃_i).
    defuzzification : the rule used. cr : CR of the modal (m) matrix. ri_table : its RI table.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("cr", "defuzzification", "ri_table")

    weights: pd.Series
    fuzzy_weights: pd.DataFrame = field(repr=False)
    defuzzification: str
    cr: float
    ri_table: str

    def summary(self) -> pd.DataFrame:
        out = self.fuzzy_weights.copy()
        out["weight"] = self.weights
        return out.reset_index()

    def to_dict(self) -> dict[str, Any]:
        return {"defuzzification": self.defuzzification, "cr": self.cr, "ri_table": self.ri_table,
                "weights": {str(k): float(v) for k, v in self.weights.items()},
                "fuzzy_weights": {str(k): [float(x) for x in row] for k, row in self.fuzzy_weights.iterrows()}}

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Each criterion's fuzzy weight (l–u as a bar, m as a dot) and the crisp weight (diamond)."""
        import matplotlib.pyplot as plt

        tr = translator(check_language(language, func="plot"), "plot.weighting.fuzzy.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 0.4 * len(self.weights) + 1.2))
        f = self.fuzzy_weights
        y = np.arange(len(f))
        ax.hlines(y, f["l"], f["u"], color="0.6", linewidth=4)
        ax.plot(f["m"], y, "o", color="#4C72B0")
        ax.plot(self.weights.to_numpy(), y, "D", color="#C44E52", label=tr("crisp"))
        ax.set_yticks(y, [str(x) for x in f.index])
        ax.legend(fontsize="small")
        return ax


def fuzzify(matrix: Any, *, spread: float = 1.0, labels: Sequence[object] | None = None) -> np.ndarray:
    """Triangular fuzzy numbers from a crisp Saaty matrix: x ≥ 1 → (max(1, x − spread), x, min(9, x + spread)).

    Judgments below 1 take the reciprocal of their mirror's TFN, (1/u, 1/m, 1/l); 1 (equal) stays (1, 1, 1).

    Parameters
    ----------
    matrix : a crisp reciprocal pairwise matrix (n, n).
    spread : how far l and u lie from m, in scale units (default 1; 0 gives crisp TFNs).
    labels : criterion names (checked against a DataFrame's labels).

    Returns
    -------
    ndarray of shape (n, n, 3): (l, m, u) per pair.
    """
    a, _, batched = check_pairwise(matrix, labels)
    if batched:
        raise InputError("fuzzify takes one matrix")
    if not (np.isfinite(spread) and spread >= 0):
        raise InputError(f"The 'spread' parameter of fuzzify must be a number >= 0; got {spread!r}.")
    x = a[0]
    up = x >= 1
    l_ = np.where(up, np.where(np.isclose(x, 1), 1.0, np.maximum(1.0, x - spread)), 0)
    u_ = np.where(up, np.where(np.isclose(x, 1), 1.0, np.minimum(9.0, x + spread)), 0)
    tfn = np.stack([l_, np.where(up, x, 0), u_], axis=-1)
    low = ~up
    tfn[low] = 1.0 / tfn.transpose(1, 0, 2)[low][:, ::-1]
    return tfn


def _check_tfn(tfn: Any, labels: Sequence[object] | None) -> tuple[np.ndarray, tuple[str, ...] | None]:
    found = None
    if isinstance(tfn, (list, tuple)) and len(tfn) == 3 and all(isinstance(t, pd.DataFrame) for t in tfn):
        found = tuple(str(x) for x in tfn[1].index)
        arr = np.stack([t.to_numpy(dtype=float) for t in tfn], axis=-1)
    else:
        arr = np.asarray(tfn, dtype=float)
    if arr.ndim != 3 or arr.shape[0] != arr.shape[1] or arr.shape[2] != 3:
        raise InputError(f"fuzzy judgments must have shape (n, n, 3) (l, m, u per pair); got {arr.shape}")
    n = arr.shape[0]
    lab = as_labels(labels, n) or found
    if not (np.isfinite(arr).all() and (arr > 0).all()):
        i, j, _ = np.argwhere(~(np.isfinite(arr) & (arr > 0)))[0]
        raise InputError("fuzzy judgments must be positive finite numbers", location={"row": int(i) + 1,
                                                                                      "column": int(j) + 1})
    order = (arr[..., 0] <= arr[..., 1] + 1e-12) & (arr[..., 1] <= arr[..., 2] + 1e-12)
    if not order.all():
        i, j = np.argwhere(~order)[0]
        raise InputError(f"a triangular fuzzy number must have l <= m <= u; got {tuple(arr[i, j])}",
                         location={"row": int(i) + 1, "column": int(j) + 1})
    mirror = 1.0 / arr.transpose(1, 0, 2)[..., ::-1]
    bad = ~np.isclose(arr, mirror, rtol=0.05).all(axis=-1)
    if bad.any():
        i, j = np.argwhere(bad)[0]
        raise InputError(f"fuzzy judgments are not reciprocal: ({i + 1}, {j + 1}) is {tuple(arr[i, j])} but "
                         f"({j + 1}, {i + 1}) is {tuple(arr[j, i])}; expected (1/u, 1/m, 1/l)",
                         location={"row": int(i) + 1, "column": int(j) + 1})
    return arr, lab


def fuzzy_ahp(
    tfn: Any,
    *,
    defuzzification: Literal["centroid", "graded_mean", "modal"] = "centroid",
    labels: Sequence[object] | None = None,
    ri: str = "saaty",
    cr_threshold: float = CR_THRESHOLD.value,
) -> FuzzyAHPResult:
    """Fuzzy AHP weights by Buckley's geometric mean with a named defuzzification.

    Parameters
    ----------
    tfn : fuzzy pairwise judgments, an array (n, n, 3) of (l, m, u) (see :func:`fuzzify`), or three labelled
        DataFrames (l, m, u).
    defuzzification : ``"centroid"`` (default), ``"graded_mean"`` or ``"modal"``.
    labels : criterion names. ri, cr_threshold : for the CR of the modal matrix.

    Returns
    -------
    FuzzyAHPResult

    Raises
    ------
    InputError : wrong shape, non-positive values, l > m or m > u, or judgments not reciprocal.
    """
    check_option(defuzzification, DEFUZZIFICATIONS, name="defuzzification", func="fuzzy_ahp")
    arr, lab = _check_tfn(tfn, labels)
    n = arr.shape[0]
    names = list(lab or tuple(f"c{i + 1}" for i in range(n)))
    r = np.exp(np.log(arr).mean(axis=1))  # (n, 3): geometric mean of l, m, u along each row
    total = r.sum(axis=0)  # (Σl, Σm, Σu)
    w_fuzzy = np.stack([r[:, 0] / total[2], r[:, 1] / total[1], r[:, 2] / total[0]], axis=-1)
    if defuzzification == "centroid":
        crisp = w_fuzzy.mean(axis=1)
    elif defuzzification == "graded_mean":
        crisp = (w_fuzzy[:, 0] + 4 * w_fuzzy[:, 1] + w_fuzzy[:, 2]) / 6.0
    else:
        crisp = w_fuzzy[:, 1]
    crisp = crisp / crisp.sum()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        modal = ahp(arr[..., 1], ri=ri, cr_threshold=cr_threshold, diagnostics=0)
    if not modal.is_consistent:
        warnings.warn(f"the modal (m) judgments are inconsistent: CR = {modal.cr:.3f} ≥ {cr_threshold:g}",
                      ConsistencyWarning, stacklevel=2)
    index = pd.Index(names, name="criterion")
    return FuzzyAHPResult(weights=pd.Series(crisp, index=index, name="weight"),
                          fuzzy_weights=pd.DataFrame(w_fuzzy, index=index, columns=["l", "m", "u"]),
                          defuzzification=defuzzification, cr=float(modal.cr), ri_table=modal.ri_table)
