"""Analytic hierarchy process (层次分析法): priorities and consistency of pairwise comparison matrices.

One function, :func:`ahp`, takes one matrix (n × n) or a stack (k × n × n) and computes, without a Python
loop over matrices:

* **priorities** by the principal eigenvector (特征根法, Saaty 1977), the row geometric mean (方根法, RGMM /
  LLSM, Crawford & Williams 1985) or the normalised column arithmetic mean (和积法, additive normalisation);
* **λmax**: the Perron root for the eigenvector method; for the other two the textbook estimate
  λmax = (1/n) Σ_i (A w)_i / w_i, which equals the Perron root when w is the eigenvector;
* **CI** = (λmax − n)/(n − 1) and **CR** = CI / RI(n), with the Random Index table *named* (peers use six
  different tables without saying so — pyDecision, AHPy, pyanp, pymcdm and ahpsurvey each print their own;
  see :data:`RI_TABLES`) and reported with the result;
* **GCI**, the geometric consistency index of Aguarón & Moreno-Jiménez (2003),
  GCI = 2 / ((n − 1)(n − 2)) · Σ_{i<j} ln²(a_ij w_j / w_i), with its thresholds 0.31 (n = 3), 0.35 (n = 4),
  0.37 (n ≥ 5) — the consistency measure that belongs to the geometric method;
* **diagnostics** (single matrices): the judgments that contribute most to inconsistency, ordered by
  |ln(a_ij w_j / w_i)| (largest first), each with the Saaty-scale value that most lowers CR if that judgment
  alone were revised (``cr_if_revised``). The first row is the most inconsistent judgment, not necessarily
  the revision that lowers CR most: sort by ``cr_if_revised`` for that.

Why hand-written: no maintained library computes batched AHP with named RI tables. The principal eigenpair
of a whole stack is found by repeated squaring (Perron–Frobenius: A^(2^m) 1 converges to the Perron vector),
checked matrix by matrix by its residual ‖A w − λ w‖∞ ≤ 1e-12 λ, with ``numpy.linalg.eig`` (LAPACK) for any
matrix that fails the check; a stack then costs a few batched small matrix products instead of one ``geev``
call per matrix (``benchmarks/weighting.py`` measures it against bare batched eig).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import ConsistencyWarning, InputError
from perfmethods.i18n import translator
from perfmethods.progress import progress_bar
from perfmethods.provenance import Provenance, Rule
from perfmethods.results import Result
from perfmethods.validation import check_language, check_number, check_option
from perfmethods.weighting._checks import SAATY_SCALE, check_pairwise

__all__ = [
    "CR_THRESHOLD",
    "GCI_THRESHOLDS",
    "RI_TABLES",
    "AHPResult",
    "ahp",
    "consistency_ratio",
    "geometric_consistency_index",
    "priority_vector",
    "random_index",
    "revise_judgments",
]

Method = Literal["eigenvector", "geometric", "arithmetic"]
METHODS: tuple[str, ...] = ("eigenvector", "geometric", "arithmetic")

#: Random Index tables, n → RI. Each carries its source; choose one with ``ri=`` and it is reported.
RI_TABLES: dict[str, Rule[dict[int, float]]] = {
    "saaty": Rule(
        {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49, 11: 1.51,
         12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59},
        Provenance.SECONDARY,
        "Saaty's classic table as used by most software (pyDecision ahp.py; mame0521/2019CUMCM AHP.m; "
        "ArcGIS Pro 'Calculate the consistency ratio'); n = 11–15 extension as in pyDecision",
        "the non-monotone 1.48 at n = 12 is reproduced as printed",
    ),
    "saaty2005": Rule(
        {1: 0.0, 2: 0.0, 3: 0.52, 4: 0.89, 5: 1.11, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49, 11: 1.52,
         12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59},
        Provenance.SECONDARY,
        "Saaty (2005) Theory and Applications of the Analytic Network Process, p. 31, as in AHPy "
        "(PhilipGriffith/AHPy@d818996 ahpy.py::_compute_consistency_ratio, random_index='saaty')",
    ),
    "pyanp": Rule(
        {1: 0.0, 2: 0.0, 3: 0.52, 4: 0.89, 5: 1.12, 6: 1.25, 7: 1.35, 8: 1.40, 9: 1.45, 10: 1.49, 11: 1.51,
         12: 1.54, 13: 1.56, 14: 1.57, 15: 1.58},
        Provenance.SECONDARY,
        "the Saaty variant in pyanp (wjladams/pyanp@7ad3585 pyanp/priority.py::inconsistency_divisor), n = 3…15",
    ),
    "cn_sim": Rule(
        {1: 0.0, 2: 0.0, 3: 0.52, 4: 0.89, 5: 1.12, 6: 1.26, 7: 1.36, 8: 1.41, 9: 1.46, 10: 1.49, 11: 1.52,
         12: 1.54, 13: 1.56, 14: 1.58, 15: 1.59},
        Provenance.SECONDARY,
        "simulation table common in Chinese 数学建模 texts (FergieLigaLlj/Mathematical-Statistical-Modeling-"
        "Techniques ccfx.m)",
    ),
    "donegan_dodd": Rule(
        {1: 0.0, 2: 0.0, 3: 0.4914, 4: 0.8286, 5: 1.0591, 6: 1.1797, 7: 1.2519, 8: 1.3171, 9: 1.3733,
         10: 1.4055, 11: 1.4213, 12: 1.4497, 13: 1.4643, 14: 1.4822, 15: 1.4969, 16: 1.5078, 17: 1.5153,
         18: 1.5262, 19: 1.5313, 20: 1.5371, 25: 1.5619, 30: 1.5772, 40: 1.5976, 50: 1.6102, 60: 1.6178,
         70: 1.6237, 80: 1.6277, 90: 1.6213, 100: 1.6339},
        Provenance.SECONDARY,
        "Donegan & Dodd (1991) Math. Comput. Modelling 15(10):135-137, as in AHPy (default table); "
        "values between listed n are interpolated linearly, as AHPy does",
        "the n = 90 entry (1.6213 < 1.6277 at n = 80) is kept as AHPy prints it",
    ),
    "tummala_ling": Rule(
        {1: 0.0, 2: 0.0, 3: 0.5799, 4: 0.8921, 5: 1.1159, 6: 1.2358, 7: 1.3322, 8: 1.3952, 9: 1.4537,
         10: 1.4882, 11: 1.5117, 12: 1.5356, 13: 1.5571, 14: 1.5714, 15: 1.5831},
        Provenance.SECONDARY,
        "Tummala & Ling (1998) Theory and Decision 44:221-230, as in pymcdm "
        "(kotbaton/pymcdm@76e7735 pymcdm/weights/subjective/ahp.py)",
    ),
    "ahpsurvey": Rule(
        {1: 0.0, 2: 0.0, 3: 0.5251686, 4: 0.8836651, 5: 1.1081014, 6: 1.2492774, 7: 1.3415514, 8: 1.4048466,
         9: 1.4507197, 10: 1.4857266, 11: 1.5141022, 12: 1.5356638, 13: 1.5545925, 14: 1.5703498,
         15: 1.5839958},
        Provenance.SECONDARY,
        "ahpsurvey's own simulation of 500,000 matrices (frankiecho/ahpsurvey@70be66d R/ahp_cr.R)",
    ),
}

#: The usual CR acceptance threshold: CR < 0.10 (Saaty 1980; verified in the ArcGIS Pro documentation,
#: https://pro.arcgis.com/zh-cn/pro-app/3.5/tool-reference/analysis/calculate-the-consistency-ratio.htm).
CR_THRESHOLD: Rule[float] = Rule(
    0.10, Provenance.VERIFIED,
    "Saaty (1980); CR < 0.10 acceptance as stated in ArcGIS Pro 'Calculate the consistency ratio' (zh-cn docs)",
    "Saaty also suggests 0.05 for n = 3 and 0.08 for n = 4; pass cr_threshold to use them",
)

#: GCI thresholds of Aguarón & Moreno-Jiménez (2003), EJOR 147:137-145, by n (n ≥ 5 → 0.37).
GCI_THRESHOLDS: Rule[dict[int, float]] = Rule(
    {3: 0.31, 4: 0.35, 5: 0.37}, Provenance.SECONDARY,
    "Aguarón & Moreno-Jiménez (2003) The geometric consistency index: approximated thresholds, EJOR 147(1):137-145",
)


def random_index(n: int, ri: str | Mapping[int, float] = "saaty") -> float:
    """The Random Index RI(n) of a named table or of a mapping ``{n: RI}``.

    Parameters
    ----------
    n : matrix size (number of criteria compared).
    ri : a name of :data:`RI_TABLES` (``"saaty"`` default, ``"saaty2005"``, ``"pyanp"``, ``"cn_sim"``,
        ``"donegan_dodd"``, ``"tummala_ling"``, ``"ahpsurvey"``), ``"alonso_lamata"`` for the linear fit
        RI(n) = (1.7699 n − 4.3513)/(n − 1) (Alonso & Lamata 2006, n ≥ 3), or a mapping.

    Raises
    ------
    InputError : unknown table name, or ``n`` outside the table (the message gives its range).
    """
    n = int(n)
    if n <= 2:
        return 0.0
    if isinstance(ri, str):
        if ri == "alonso_lamata":
            return (1.7699 * n - 4.3513) / (n - 1)
        if ri not in RI_TABLES:
            raise InputError(f"The 'ri' parameter must be one of {sorted([*RI_TABLES, 'alonso_lamata'])} or a mapping "
                             f"{{n: RI}}; got {ri!r} instead.")
        table = RI_TABLES[ri].value
        name = ri
    elif isinstance(ri, Mapping):
        table = {int(k): float(v) for k, v in ri.items()}
        name = "custom"
    else:
        raise InputError(f"The 'ri' parameter must be a table name or a mapping {{n: RI}}; got {ri!r} instead.")
    if n in table:
        return float(table[n])
    keys = sorted(table)
    if name == "donegan_dodd" and keys[0] < n < keys[-1]:
        return float(np.interp(n, keys, [table[k] for k in keys]))
    raise InputError(f"the Random Index table {name!r} has no entry for n = {n} (it covers n = {keys[0]}…{keys[-1]}); "
                     "choose another table (ri='donegan_dodd' goes to 100) or pass a mapping")


def _ri_name(ri: str | Mapping[int, float]) -> str:
    return ri if isinstance(ri, str) else "custom"


# --- the batched core ------------------------------------------------------------------------------------
#: Matrices per block of a large stack: a progress bar moves once per block (each matrix's result does not
#: depend on the blocks: every step is per matrix).
_STACK_BLOCK = 16_384


def _priorities(a: np.ndarray, method: str, progress: bool | None = False) -> tuple[np.ndarray, np.ndarray]:
    """Weights (k, n) and λmax (k,) of a stack of reciprocal positive matrices (k, n, n), in blocks of matrices.

    ``progress`` : a progress bar over the blocks (see :func:`perfmethods.progress.progress_bar`).
    """
    k = a.shape[0]
    if k <= _STACK_BLOCK:
        return _priorities_block(a, method)
    w, lam = np.empty(a.shape[:-1]), np.empty(k)
    with progress_bar(k, show=progress, desc="层次分析 AHP", unit="个矩阵") as bar:
        for start in range(0, k, _STACK_BLOCK):  # blocks of matrices; each block is batched
            part = slice(start, start + _STACK_BLOCK)
            w[part], lam[part] = _priorities_block(a[part], method)
            bar.update(len(lam[part]))
    return w, lam


def _priorities_block(a: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray]:
    """Weights (k, n) and λmax (k,) of one block of the stack."""
    n = a.shape[-1]
    if n == 1:
        return np.ones(a.shape[:-1]), np.ones(a.shape[0])
    if method == "eigenvector":
        return _perron(a)
    if method == "geometric":
        g = np.exp(np.log(a).mean(axis=-1))
        w = g / g.sum(axis=-1, keepdims=True)
    elif method == "arithmetic":
        col = a / a.sum(axis=-2, keepdims=True)
        w = col.mean(axis=-1)
        w = w / w.sum(axis=-1, keepdims=True)
    else:  # pragma: no cover - checked by the caller
        raise InputError(f"unknown method {method!r}")
    aw = np.einsum("kij,kj->ki", a, w)
    lam = (aw / w).mean(axis=-1)
    return w, lam


#: Squarings of the matrix before the residual check: A^(2^8) = A^256.
_SQUARINGS = 8
#: Largest accepted relative residual ‖A w − λ w‖∞ / λ of the Perron pair; matrices above it are re-solved
#: by LAPACK (``numpy.linalg.eig``).
_RESIDUAL_TOL = 1e-12


def _eig_perron(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    vals, vecs = np.linalg.eig(a)
    idx = np.argmax(vals.real, axis=-1)
    lam = np.take_along_axis(vals.real, idx[:, None], axis=-1)[:, 0]
    vec = np.abs(np.take_along_axis(vecs.real, idx[:, None, None], axis=-1)[..., 0])
    return vec / vec.sum(axis=-1, keepdims=True), lam


def _perron(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Perron vector (Σ w = 1) and root of a stack of positive matrices, by repeated squaring.

    A positive matrix has a simple dominant eigenvalue with a positive eigenvector (Perron–Frobenius), so
    A^(2^m) 1 / ‖·‖ converges to it; each squaring is renormalised to avoid overflow. With Σ w = 1,
    λ = Σ_i (A w)_i. Every result is checked by its residual ‖A w − λ w‖∞ ≤ 1e-12 λ, and the (rare) matrices
    that fail are solved by ``numpy.linalg.eig`` instead — so accuracy is LAPACK's, and a stack costs a few
    batched 7 × 7 products rather than one ``geev`` call per matrix (``benchmarks/weighting.py``).
    """
    b = a / a.sum(axis=(-1, -2), keepdims=True)
    for _ in range(_SQUARINGS):
        b = b @ b
        b /= b.sum(axis=(-1, -2), keepdims=True)
    w = b.sum(axis=-1)
    w /= w.sum(axis=-1, keepdims=True)
    aw = (a @ w[..., None])[..., 0]
    lam = aw.sum(axis=-1)
    w = aw / lam[:, None]  # one more power step
    aw = (a @ w[..., None])[..., 0]
    lam = aw.sum(axis=-1)
    resid = np.abs(aw - lam[:, None] * w).max(axis=-1) / lam
    bad = ~(resid <= _RESIDUAL_TOL)
    if bad.any():
        w[bad], lam[bad] = _eig_perron(a[bad])
    return w, lam


def _gci(a: np.ndarray, w: np.ndarray) -> np.ndarray:
    """GCI (Aguarón & Moreno-Jiménez 2003) of a stack; 0 for n < 3."""
    n = a.shape[-1]
    if n < 3:
        return np.zeros(a.shape[0])
    lw = np.log(w)
    e = np.log(a) + lw[:, None, :] - lw[:, :, None]  # ln(a_ij w_j / w_i)
    total = (e**2).sum(axis=(-1, -2)) / 2.0  # the full matrix counts each pair twice (e_ji = -e_ij)
    return 2.0 * total / ((n - 1) * (n - 2))


def _gci_threshold(n: int) -> float:
    if n < 3:
        return np.inf
    return GCI_THRESHOLDS.value[min(n, 5)]


def _ci_cr(lam: np.ndarray, n: int, ri_value: float) -> tuple[np.ndarray, np.ndarray]:
    if n <= 2:
        return np.zeros_like(lam), np.zeros_like(lam)
    ci = (lam - n) / (n - 1)
    ci = np.where(np.abs(ci) < 1e-12, 0.0, ci)  # a consistent matrix gives CI = 0, not -1e-16
    cr = ci / ri_value if ri_value > 0 else np.zeros_like(ci)
    return ci, cr


def _diagnostics(a: np.ndarray, w: np.ndarray, method: str, ri_value: float, labels: tuple[str, ...],
                 top: int) -> pd.DataFrame:
    """The pairs with the largest |ln(a_ij w_j / w_i)| and, for each, the Saaty value minimising CR."""
    n = a.shape[-1]
    cols = ["row", "column", "judgment", "consistent_value", "log_error", "revised_judgment", "cr_if_revised"]
    if n < 3:
        return pd.DataFrame(columns=cols)
    iu, ju = np.triu_indices(n, 1)
    err = np.log(a[iu, ju]) + np.log(w[ju]) - np.log(w[iu])
    order = np.argsort(-np.abs(err), kind="stable")[:top]
    rows = []
    for p in order:
        i, j = int(iu[p]), int(ju[p])
        trial = np.repeat(a[None], SAATY_SCALE.size, axis=0)
        trial[:, i, j] = SAATY_SCALE
        trial[:, j, i] = 1.0 / SAATY_SCALE
        _, lam = _priorities(trial, method)
        _, cr = _ci_cr(lam, n, ri_value)
        best = int(np.argmin(cr))
        rows.append({"row": labels[i], "column": labels[j], "judgment": float(a[i, j]),
                     "consistent_value": float(w[i] / w[j]), "log_error": float(err[p]),
                     "revised_judgment": float(SAATY_SCALE[best]), "cr_if_revised": float(cr[best])})
    return pd.DataFrame(rows, columns=cols)


# --- result --------------------------------------------------------------------------------------------
@dataclass(frozen=True, repr=False)
class AHPResult(Result):
    """Priorities and consistency of one pairwise matrix, or of a stack of them.

    For one matrix the numbers are scalars and ``weights`` is a Series indexed by the labels (``c1``,
    ``c2``, … when none were given); for a stack of k matrices they are arrays of length k and
    ``weights`` is an array (k, n).

    Attributes
    ----------
    weights : priorities, positive, summing to 1.
    lambda_max : principal eigenvalue (eigenvector method) or the textbook estimate (other methods).
    ci, cr : consistency index (λmax − n)/(n − 1) and ratio CI/RI (0 when n ≤ 2).
    gci : geometric consistency index (Aguarón & Moreno-Jiménez 2003).
    is_consistent : CR < ``cr_threshold``.
    method : priority method. ri_table : name of the RI table (``"custom"`` for a mapping). ri : RI(n).
    cr_threshold : the threshold used. gci_threshold : the GCI threshold for this n.
    n : matrix size. labels : criterion names. matrix : the validated (exactly reciprocal, completed)
    matrix or stack. diagnostics : for a single matrix, the most inconsistent judgments (largest |log error|
    first), each with the Saaty value that most lowers CR when that judgment alone is revised and the CR it
    gives (``cr_if_revised``; sort by it for the listed revision that lowers CR most); ``None`` for a
    stack. filled : for a completed incomplete matrix, what was
    filled with what (``None`` otherwise). completion : the completion method or ``None``.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("cr", "is_consistent", "lambda_max", "ci", "gci", "method")

    weights: Any
    lambda_max: Any
    ci: Any
    cr: Any
    gci: Any
    is_consistent: Any
    method: str
    ri_table: str
    ri: float
    cr_threshold: float
    gci_threshold: float
    n: int
    labels: tuple[str, ...]
    matrix: np.ndarray = field(repr=False)
    batched: bool = False
    diagnostics: pd.DataFrame | None = field(default=None, repr=False)
    filled: pd.DataFrame | None = field(default=None, repr=False)
    completion: str | None = None

    @property
    def k(self) -> int:
        """Number of matrices (1 for a single matrix)."""
        return int(np.shape(self.matrix)[0]) if self.batched else 1

    def summary(self) -> pd.DataFrame:
        """Tidy table: one row per criterion (single) or per (matrix, criterion) (stack)."""
        if not self.batched:
            return pd.DataFrame({"criterion": list(self.labels), "weight": np.asarray(self.weights, dtype=float),
                                 "rank": pd.Series(np.asarray(self.weights)).rank(ascending=False, method="min")
                                 .astype(int).to_numpy()})
        k, n = np.shape(self.weights)
        return pd.DataFrame({
            "matrix": np.repeat(np.arange(k), n),
            "criterion": np.tile(np.array(self.labels, dtype=object), k),
            "weight": np.asarray(self.weights).ravel(),
            "cr": np.repeat(np.asarray(self.cr), n),
        })

    def consistency(self) -> pd.DataFrame:
        """One row per matrix: λmax, CI, CR, GCI and whether CR is below the threshold."""
        return pd.DataFrame({
            "lambda_max": np.atleast_1d(self.lambda_max), "ci": np.atleast_1d(self.ci),
            "cr": np.atleast_1d(self.cr), "gci": np.atleast_1d(self.gci),
            "is_consistent": np.atleast_1d(self.is_consistent),
        })

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe dictionary (lists and floats; NaN → None)."""
        def _clean(x: Any) -> Any:
            arr = np.asarray(x)
            if arr.dtype == bool:
                return arr.tolist()
            out = arr.astype(float).tolist()
            if isinstance(out, float):
                return None if not np.isfinite(out) else out
            return _nan_none(out)

        out: dict[str, Any] = {
            "method": self.method, "ri_table": self.ri_table, "ri": float(self.ri),
            "cr_threshold": float(self.cr_threshold), "gci_threshold": _finite(self.gci_threshold),
            "n": self.n, "k": self.k, "batched": self.batched, "labels": list(self.labels),
            "weights": (dict(zip(self.labels, np.asarray(self.weights, dtype=float).tolist(), strict=True))
                        if not self.batched else _clean(self.weights)),
            "lambda_max": _clean(self.lambda_max), "ci": _clean(self.ci), "cr": _clean(self.cr),
            "gci": _clean(self.gci), "is_consistent": _clean(self.is_consistent),
            "completion": self.completion,
        }
        if self.diagnostics is not None:
            out["diagnostics"] = self.diagnostics.to_dict(orient="records")
        if self.filled is not None:
            out["filled"] = self.filled.to_dict(orient="records")
        return out

    def plot(self, ax: Any = None, language: str = "zh") -> Any:
        """Bar chart of the weights (single matrix) with CR in the title; fonts are set by the caller."""
        import matplotlib.pyplot as plt

        if self.batched:
            raise InputError("plot() draws one matrix's weights; select one with result.weights[i] and plot that")
        tr = translator(check_language(language, func="plot"), "plot.weighting.ahp.")
        if ax is None:
            _, ax = plt.subplots(figsize=(6.0, 0.45 * self.n + 1.2))
        w = np.asarray(self.weights, dtype=float)
        order = np.argsort(w)
        ax.barh(np.array(self.labels)[order], w[order], color="#4C72B0")
        for y, v in enumerate(w[order]):
            ax.annotate(f"{v:.3f}", (v, y), textcoords="offset points", xytext=(3, 0), va="center",
                        fontsize="small")
        ax.set_title(tr("title", cr=float(self.cr), ri=self.ri_table))
        ax.set_xlim(0, float(w.max()) * 1.18)
        return ax


def _finite(x: float) -> float | None:
    return float(x) if np.isfinite(x) else None


def _nan_none(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_nan_none(v) for v in obj]
    if isinstance(obj, float) and not np.isfinite(obj):
        return None
    return obj


# --- public functions ------------------------------------------------------------------------------------
def _check_options(method: str, cr_threshold: float, func: str) -> None:
    check_option(method, METHODS, name="method", func=func)
    check_number(cr_threshold, name="cr_threshold", func=func, low=0.0, high=1.0, closed="neither")


def ahp(
    matrix: Any,
    *,
    method: Method = "eigenvector",
    ri: str | Mapping[int, float] = "saaty",
    labels: Sequence[object] | None = None,
    cr_threshold: float = CR_THRESHOLD.value,
    missing: Literal["error", "optimal", "harker"] = "error",
    diagnostics: int = 3,
    warn: bool = True,
    progress: bool | None = None,
) -> AHPResult:
    """AHP priorities with consistency, for one pairwise matrix or a stack of them.

    Parameters
    ----------
    matrix : reciprocal pairwise comparison matrix A (a_ij = importance of i over j on Saaty's 1–9 scale,
        a_ji = 1/a_ij, a_ii = 1): an (n, n) array or DataFrame (labels from its index), or a stack — an
        array (k, n, n) or a list/dict of matrices — computed at once, without a Python loop.
    method : ``"eigenvector"`` (default; principal right eigenvector, Saaty), ``"geometric"`` (row
        geometric mean, normalised; RGMM/LLSM, 方根法) or ``"arithmetic"`` (columns normalised to sum 1,
        then row means; 和积法). For n = 3 the eigenvector and the geometric mean coincide.
    ri : the Random Index table (see :func:`random_index`); default ``"saaty"`` (the classic table most
        software uses). Its name is kept in the result.
    labels : criterion names (checked against a DataFrame's labels).
    cr_threshold : CR at or above which the matrix is flagged inconsistent (default 0.10).
    missing : what to do with NaN judgments: ``"error"`` (default) raises; ``"optimal"`` completes them by
        minimising λmax (Bozóki, Fülöp & Rónyai 2010); ``"harker"`` uses Harker's (1987) method. See
        :func:`perfmethods.weighting.complete_matrix`; the result's ``filled`` lists what was filled.
    diagnostics : how many of the most inconsistent judgments to report (single matrix only; 0: none).
    warn : emit :class:`ConsistencyWarning` when CR ≥ ``cr_threshold`` (the flag is set regardless).
    progress : show a progress bar over a large stack (see :func:`perfmethods.progress.progress_bar`; ``None``:
        on a terminal or in JupyterLab, not in CI); the result is the same either way.

    Returns
    -------
    AHPResult

    Formulas
    --------
    eigenvector: A w = λmax w, w > 0, Σ w = 1. geometric: w_i ∝ (Π_j a_ij)^(1/n).
    arithmetic: w_i = (1/n) Σ_j a_ij / Σ_l a_lj. CI = (λmax − n)/(n − 1), CR = CI/RI(n).
    GCI = 2/((n − 1)(n − 2)) Σ_{i<j} ln²(a_ij w_j / w_i).

    Raises
    ------
    InputError : non-square, non-reciprocal, zero, negative or missing judgments (with ``missing="error"``),
        a diagonal not 1, or labels that do not match — naming the matrix, row and column.

    Warns
    -----
    ConsistencyWarning : CR ≥ ``cr_threshold``. DataQualityWarning : a judgment outside 1/9 … 9.

    References
    ----------
    Saaty (1977) J. Math. Psych. 15:234-281; Crawford & Williams (1985) J. Math. Psych. 29:387-405;
    Aguarón & Moreno-Jiménez (2003) EJOR 147:137-145.
    """
    _check_options(method, cr_threshold, "ahp")
    check_option(missing, ("error", "optimal", "harker"), name="missing", func="ahp")
    a, lab, batched = check_pairwise(matrix, labels, allow_missing=missing != "error")
    k, n, _ = a.shape
    labels_t = lab or tuple(f"c{i + 1}" for i in range(n))
    filled = None
    completion = None
    if missing != "error" and np.isnan(a).any():
        from perfmethods.weighting.incomplete import _complete_stack

        a, filled = _complete_stack(a, missing, labels_t, batched)
        completion = missing
    ri_value = random_index(n, ri)
    w, lam = _priorities(a, method, progress)
    ci, cr = _ci_cr(lam, n, ri_value)
    gci = _gci(a, w)
    ok = cr < cr_threshold
    if warn and not ok.all():
        bad = np.flatnonzero(~ok)
        where = "" if not batched else f" in {bad.size} of {k} matrices (first: matrix {bad[0] + 1})"
        warnings.warn(
            f"the pairwise judgments are inconsistent{where}: CR = {cr[bad[0]]:.3f} ≥ {cr_threshold:g} "
            f"(RI table {_ri_name(ri)!r}, n = {n}); revise the judgments listed in result.diagnostics",
            ConsistencyWarning,
            stacklevel=2,
        )
    diag = None
    if not batched:
        diag = _diagnostics(a[0], w[0], method, ri_value, labels_t, int(diagnostics)) if diagnostics else None
        weights: Any = pd.Series(w[0], index=pd.Index(labels_t, name="criterion"), name="weight")
        return AHPResult(weights=weights, lambda_max=float(lam[0]), ci=float(ci[0]), cr=float(cr[0]),
                         gci=float(gci[0]), is_consistent=bool(ok[0]), method=method, ri_table=_ri_name(ri),
                         ri=ri_value, cr_threshold=float(cr_threshold), gci_threshold=_gci_threshold(n), n=n,
                         labels=labels_t, matrix=a[0], batched=False, diagnostics=diag, filled=filled,
                         completion=completion)
    return AHPResult(weights=w, lambda_max=lam, ci=ci, cr=cr, gci=gci, is_consistent=ok, method=method,
                     ri_table=_ri_name(ri), ri=ri_value, cr_threshold=float(cr_threshold),
                     gci_threshold=_gci_threshold(n), n=n, labels=labels_t, matrix=a, batched=True,
                     diagnostics=None, filled=filled, completion=completion)


def priority_vector(matrix: Any, *, method: Method = "eigenvector") -> np.ndarray:
    """Priorities only (array (n,) or (k, n)), validated like :func:`ahp`, without consistency warnings.

    Parameters
    ----------
    matrix : one pairwise matrix (n, n) or a stack (k, n, n).
    method : ``"eigenvector"`` (default), ``"geometric"`` or ``"arithmetic"`` (see :func:`ahp`).
    """
    _check_options(method, 0.1, "priority_vector")
    a, _, batched = check_pairwise(matrix)
    w, _ = _priorities(a, method)
    return w if batched else w[0]


def consistency_ratio(matrix: Any, *, ri: str | Mapping[int, float] = "saaty") -> float | np.ndarray:
    """CR = (λmax − n)/((n − 1) RI(n)) with the Perron root λmax, for one matrix or a stack.

    Parameters
    ----------
    matrix : one pairwise matrix (n, n) or a stack (k, n, n).
    ri : the Random Index table (see :func:`random_index`); default ``"saaty"``.
    """
    a, _, batched = check_pairwise(matrix)
    n = a.shape[-1]
    _, lam = _priorities(a, "eigenvector")
    _, cr = _ci_cr(lam, n, random_index(n, ri))
    return cr if batched else float(cr[0])


def geometric_consistency_index(
    matrix: Any,
    weights: Any = None,
    *,
    divisor: Literal["aguaron", "pairs"] = "aguaron",
) -> float | np.ndarray:
    """GCI of one matrix or a stack, against ``weights`` (default: the row geometric mean).

    ``divisor="aguaron"`` (default) is the published index, 2/((n − 1)(n − 2)) Σ_{i<j} ln² e_ij
    (Aguarón & Moreno-Jiménez 2003); ``"pairs"`` averages over the n(n − 1)/2 pairs instead — pyanp's
    ``incon_gci`` default (wjladams/pyanp@7ad3585 pyanp/priority.py), which is (n − 2)/n times smaller.

    Parameters
    ----------
    matrix : one pairwise matrix (n, n) or a stack (k, n, n).
    weights : priorities to test the judgments against (default: the row geometric mean).
    divisor : ``"aguaron"`` (default) or ``"pairs"``.
    """
    check_option(divisor, ("aguaron", "pairs"), name="divisor", func="geometric_consistency_index")
    a, _, batched = check_pairwise(matrix)
    n = a.shape[-1]
    if weights is None:
        w, _ = _priorities(a, "geometric")
    else:
        w = np.atleast_2d(np.asarray(weights, dtype=float))
        if w.shape[-1] != n or np.any(w <= 0):
            raise InputError(f"The 'weights' parameter must hold {n} positive numbers per matrix; got {weights!r}.")
        w = np.broadcast_to(w, a.shape[:-1])
    g = _gci(a, w)
    if divisor == "pairs" and n >= 3:
        g = g * (n - 2) / n
    return g if batched else float(g[0])


def revise_judgments(matrix: Any, changes: Mapping[tuple[str, str], float] | pd.DataFrame,
                     *, labels: Sequence[object] | None = None) -> pd.DataFrame:
    """A copy of a pairwise matrix with some judgments revised (a_ij = value and a_ji = 1/value).

    Parameters
    ----------
    matrix : one (n, n) matrix (labels from a DataFrame or ``labels``).
    changes : ``{(row, column): new a_row_column}``, or a table with columns ``row``, ``column`` and
        ``revised_judgment`` — e.g. ``AHPResult.diagnostics.head(1)``, the best revision of the most
        inconsistent judgment (largest |log error|), or ``diagnostics.nsmallest(1, "cr_if_revised")``, the
        listed revision that lowers CR most (the two are often, not always, the same).

    Returns
    -------
    DataFrame : the revised matrix, labelled. The caller's matrix is not changed.

    Raises
    ------
    InputError : an unknown criterion, a pair on the diagonal, or a value that is not a positive number.
    """
    a, lab, batched = check_pairwise(matrix, labels, allow_missing=True, scale_warning=False)
    if batched:
        raise InputError("revise_judgments takes one matrix")
    n = a.shape[-1]
    names = list(lab or tuple(f"c{i + 1}" for i in range(n)))
    if isinstance(changes, pd.DataFrame):
        items = [((str(r), str(c)), float(v)) for r, c, v in
                 changes[["row", "column", "revised_judgment"]].itertuples(index=False, name=None)]
    else:
        items = [((str(k[0]), str(k[1])), v) for k, v in dict(changes).items()]
    out = a[0].copy()
    for (row, col), value in items:
        for name in (row, col):
            if name not in names:
                raise InputError(f"revise_judgments: {name!r} is not a criterion of the matrix {names}")
        i, j = names.index(row), names.index(col)
        if i == j:
            raise InputError(f"revise_judgments: ({row}, {col}) is on the diagonal, which is always 1")
        v = float(value)
        if not (np.isfinite(v) and v > 0):
            raise InputError(f"revise_judgments: the new judgment for ({row}, {col}) must be a positive number; "
                             f"got {value!r}")
        out[i, j], out[j, i] = v, 1.0 / v
    index = pd.Index(names, name="criterion")
    return pd.DataFrame(out, index=index, columns=index.copy())
