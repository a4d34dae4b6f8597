"""Incomplete pairwise comparison matrices: fill missing judgments (NaN) before computing priorities.

Two published methods, both named in the result:

``"optimal"`` — Bozóki, Fülöp & Rónyai (2010), Math. Comput. Modelling 52:318-333: choose the missing
    entries x (a_ij = x, a_ji = 1/x) that minimise λmax of the completed matrix. In log coordinates
    λmax is a convex function of the missing values with a unique minimiser when the graph of known
    judgments is connected. BFR solve it by cyclic coordinates (one missing pair at a time); here all
    missing log-judgments are optimised jointly by L-BFGS-B with the analytic gradient of the Perron root,
    which reaches the same optimum with far fewer eigen-solves.
``"harker"`` — Harker (1987), Math. Modelling 9(11):837-848: replace each missing a_ij by 0 and add the
    number of missing entries of row i to the diagonal; the principal eigenvector w of that matrix is
    the priority vector, and a_ij = w_i / w_j fills the gaps. (B w = A w for the completed A, so the
    eigenvector of the completed matrix is exactly Harker's w.)

Why hand-written: no maintained library implements both; each is a few lines over ``numpy.linalg`` and
``scipy.optimize.minimize``. Completion is iterative per matrix; a stack is completed matrix by
matrix (only those with gaps).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import numpy as np
import pandas as pd

from perfmethods.errors import InputError
from perfmethods.results import Result
from perfmethods.weighting._checks import check_pairwise

__all__ = ["CompletionResult", "complete_matrix"]

#: Bounds of the log of a filled judgment (|ln x| ≤ ln 81 = 2 ln 9): wide enough for any optimum of a
#: matrix whose judgments lie on the 1/9 … 9 scale.
_LOG_BOUND = float(np.log(81.0))


@dataclass(frozen=True, repr=False)
class CompletionResult(Result):
    """A completed pairwise matrix and what was filled.

    Attributes
    ----------
    matrix : the completed (n, n) matrix, labelled.
    filled : one row per filled pair (i < j): ``row``, ``column``, ``value`` (a_ij filled; a_ji = 1/value).
    method : ``"optimal"`` or ``"harker"``. iterations : optimiser iterations (0 for Harker).
    lambda_max : Perron root of the completed matrix.
    """

    _headline_fields: ClassVar[tuple[str, ...]] = ("method", "iterations", "lambda_max")

    matrix: pd.DataFrame = field(repr=False)
    filled: pd.DataFrame
    method: str
    iterations: int
    lambda_max: float

    def summary(self) -> pd.DataFrame:
        return self.filled.copy()

    def to_dict(self) -> dict[str, Any]:
        return {"method": self.method, "iterations": self.iterations, "lambda_max": self.lambda_max,
                "filled": self.filled.to_dict(orient="records"),
                "matrix": self.matrix.to_numpy().tolist(), "labels": [str(x) for x in self.matrix.index]}


def _check_connected(a: np.ndarray, labels: tuple[str, ...], k: int | None) -> None:
    from scipy.sparse.csgraph import connected_components  # imported here: slow to import, rarely needed

    known = ~np.isnan(a)
    n_comp, comp = connected_components(known.astype(np.int8), directed=False)
    if n_comp > 1:
        groups = [[labels[i] for i in np.flatnonzero(comp == c)] for c in range(n_comp)]
        raise InputError(
            "the known judgments do not connect all criteria, so the missing ones cannot be inferred; add a "
            f"judgment between these groups: {groups}",
            location={"matrix": k + 1} if k is not None else None,
        )


def _lambda_max(a: np.ndarray) -> float:
    return float(np.max(np.linalg.eigvals(a).real))


def _optimal(a: np.ndarray, tol: float, max_iter: int) -> tuple[np.ndarray, int]:
    """Minimise λmax over the log-judgments of the missing pairs (convex; Bozóki, Fülöp & Rónyai 2010).

    All missing entries are optimised jointly by L-BFGS-B with the analytic gradient of the Perron root,
    ∂λ/∂a_ij = v_i u_j / (vᵀu) (u, v the right and left Perron vectors), so that with x = ln a_ij (a_ji = e^−x)
    ∂λ/∂x = (a_ij v_i u_j − a_ji v_j u_i) / (vᵀu). The optimum is unique when the known judgments connect all
    criteria, so this reaches the point BFR's cyclic coordinates converge to, in far fewer eigen-solves.
    """
    from scipy.optimize import minimize

    iu, ju = np.nonzero(np.triu(np.isnan(a), 1))
    b = a.copy()

    def fill(x: np.ndarray) -> None:
        b[iu, ju] = np.exp(x)
        b[ju, iu] = np.exp(-x)

    def objective(x: np.ndarray) -> tuple[float, np.ndarray]:
        fill(x)
        vals, right = np.linalg.eig(b)
        k = int(np.argmax(vals.real))
        u = np.abs(right[:, k].real)
        lvals, left = np.linalg.eig(b.T)
        v = np.abs(left[:, int(np.argmax(lvals.real))].real)
        scale = float(v @ u)
        grad = (b[iu, ju] * v[iu] * u[ju] - b[ju, iu] * v[ju] * u[iu]) / scale
        return float(vals.real[k]), grad

    res = minimize(objective, np.zeros(iu.size), jac=True, method="L-BFGS-B",
                   bounds=[(-_LOG_BOUND, _LOG_BOUND)] * iu.size,
                   options={"maxiter": max_iter, "gtol": tol, "ftol": 1e-16})
    fill(res.x)
    return b.copy(), int(res.nit)


def _harker(a: np.ndarray) -> np.ndarray:
    nan = np.isnan(a)
    b = np.where(nan, 0.0, a)
    b[np.diag_indices_from(b)] = 1.0 + nan.sum(axis=1)
    vals, vecs = np.linalg.eig(b)
    v = np.abs(vecs[:, np.argmax(vals.real)].real)
    w = v / v.sum()
    out = a.copy()
    out[nan] = (w[:, None] / w[None, :])[nan]
    return out


def _complete_one(a: np.ndarray, method: str, labels: tuple[str, ...], k: int | None,
                  tol: float = 1e-10, max_iter: int = 500) -> tuple[np.ndarray, pd.DataFrame, int]:
    _check_connected(a, labels, k)
    if method == "optimal":
        out, iterations = _optimal(a, tol, max_iter)
    elif method == "harker":
        out, iterations = _harker(a), 0
    else:
        raise InputError(f"The 'method' parameter of complete_matrix must be 'optimal' or 'harker'; got {method!r}.")
    iu, ju = np.nonzero(np.triu(np.isnan(a), 1))
    filled = pd.DataFrame({"row": [labels[i] for i in iu], "column": [labels[j] for j in ju],
                           "value": out[iu, ju].astype(float)})
    if k is not None:
        filled.insert(0, "matrix", k)
    return out, filled, iterations


def _complete_stack(a: np.ndarray, method: str, labels: tuple[str, ...], batched: bool
                    ) -> tuple[np.ndarray, pd.DataFrame]:
    """Complete every matrix of a stack that has gaps; the filled table has a ``matrix`` column for stacks."""
    out = a.copy()
    tables = []
    for kk in np.flatnonzero(np.isnan(a).any(axis=(-1, -2))):
        out[kk], filled, _ = _complete_one(a[kk], method, labels, int(kk) if batched else None)
        tables.append(filled)
    return out, pd.concat(tables, ignore_index=True)


def complete_matrix(
    matrix: Any,
    *,
    method: Literal["optimal", "harker"] = "optimal",
    labels: Sequence[object] | None = None,
    tol: float = 1e-10,
    max_iter: int = 500,
) -> CompletionResult:
    """Fill the missing judgments (NaN) of an incomplete pairwise matrix.

    Parameters
    ----------
    matrix : (n, n) array or DataFrame with NaN for judgments not made (a missing a_ij needs a missing a_ji).
    method : ``"optimal"`` (default; minimise λmax, Bozóki, Fülöp & Rónyai 2010) or ``"harker"`` (Harker 1987).
    labels : criterion names.
    tol : convergence: gradient tolerance of the optimiser (on ∂λmax/∂ ln a_ij).
    max_iter : cap on optimiser iterations.

    Returns
    -------
    CompletionResult

    Raises
    ------
    InputError : invalid judgments (see :func:`perfmethods.weighting.ahp`), or known judgments that do
        not connect all criteria (the message lists the groups).
    """
    a, lab, batched = check_pairwise(matrix, labels, allow_missing=True)
    if batched:
        raise InputError("complete_matrix takes one matrix; for a stack use ahp(stack, missing=...)")
    n = a.shape[-1]
    labels_t = lab or tuple(f"c{i + 1}" for i in range(n))
    out, filled, iterations = _complete_one(a[0], method, labels_t, None, tol, max_iter)
    frame = pd.DataFrame(out, index=pd.Index(labels_t, name="criterion"), columns=pd.Index(labels_t, name="criterion"))
    return CompletionResult(matrix=frame, filled=filled, method=method, iterations=iterations,
                            lambda_max=_lambda_max(out))
