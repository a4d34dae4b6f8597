"""The linear programmes of radial DEA, solved for many units at once with ``scipy.optimize.linprog`` (HiGHS).

Envelopment form (Charnes, Cooper & Rhodes 1978; Banker, Charnes & Cooper 1984), for the unit o under
evaluation against reference units j = 1 … n with inputs X (n × m) and outputs Y (n × s):

* input orientation:  min θ  s.t.  Σ_j λ_j x_j ≤ θ x_o,  Σ_j λ_j y_j ≥ y_o,  λ ≥ 0;
* output orientation: max φ  s.t.  Σ_j λ_j x_j ≤ x_o,    Σ_j λ_j y_j ≥ φ y_o, λ ≥ 0;
* returns to scale: ``"crs"`` (CCR) as written; ``"vrs"`` (BCC) adds Σ λ_j = 1; ``"nirs"`` adds Σ λ_j ≤ 1.

Second phase (Cooper, Seiford & Tone 2007, ch. 3, the two-phase procedure): with θ* (or φ*) fixed, maximise the sum of
the slacks, Σ s⁻ + Σ s⁺ subject to Σ λ_j x_j + s⁻ = θ* x_o and Σ λ_j y_j − s⁺ = y_o (output orientation:
= x_o and = φ* y_o). The sum is taken in the units of the data, as Cooper, Seiford & Tone, R ``Benchmarking``
and Julia ``DataEnvelopmentAnalysis.jl`` do; when the maximal slacks are unique (the usual case) the choice of
units does not matter.

Super-efficiency (Andersen & Petersen 1993): the same programme without unit o in the reference set
(its λ_o is fixed at 0).

Why hand-built rather than a DEA package: no maintained Python DEA package is a dependency, and the
programmes are a few sparse matrices; what matters is how they are solved. Solving the n programmes one
``linprog`` call at a time spends most of its time in per-call overhead. Here the programmes of
:data:`BLOCK_UNITS` units are stacked into one block-diagonal sparse LP (the blocks share no variable, so the
stacked optimum is every unit's optimum), built with vectorised COO indices; on 500 units × 5 inputs × 5
outputs both phases take about 1.7 times less CPU time than a per-unit loop with the same options
(``benchmarks/efficiency.py`` measures both in one run). Block sizes from 10 to 100 units performed alike; one
unit per LP pays the per-call overhead, all units in one LP more simplex work (it grows faster than linearly),
and the interior-point solver was about ten times slower than dual simplex.

Each variable is divided by its mean over the reference units before solving (radial scores and λ do not
change; slacks are scaled back), so budgets in 元 and counts in 人 are equally well conditioned. When the units
are evaluated against themselves, the units already found inefficient leave the reference set of the later
blocks (see :func:`radial_scores`): the same frontier from fewer columns.

If a stacked LP is infeasible (a super-efficiency programme under variable returns to scale can be), the
units of that block are solved one at a time so that exactly the infeasible units are reported.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.optimize import linprog

__all__ = ["BLOCK_UNITS", "HIGHS_OPTIONS", "RTS", "Phase", "max_slacks", "radial_scores"]

#: Units whose programmes are stacked into one sparse LP.
BLOCK_UNITS = 25

#: Returns-to-scale assumptions the programmes know.
RTS = ("crs", "vrs", "nirs")

#: HiGHS presolve finds nothing to remove in these programmes and costs about 40 % of the solve time
#: (measured by ``benchmarks/efficiency.py``), so it is switched off.
HIGHS_OPTIONS = {"presolve": False}

#: HiGHS status codes (``scipy.optimize.OptimizeResult.status``).
OPTIMAL, INFEASIBLE, UNBOUNDED = 0, 2, 3


@dataclass(frozen=True)
class Phase:
    """Solutions of one phase for k evaluated units: ``values`` (k × variables), ``status`` (k,)."""

    values: np.ndarray
    status: np.ndarray


def _scales(ref: np.ndarray) -> np.ndarray:
    scale = np.abs(ref).mean(axis=0)
    return np.where(scale > 0, scale, 1.0)


def _stack(units: np.ndarray, block: Callable[[np.ndarray], tuple], n_vars: int) -> Phase:
    """Solve the programmes of ``units`` in stacked blocks; an infeasible block is re-solved unit by unit."""
    values = np.full((units.size, n_vars), np.nan)
    status = np.full(units.size, -1, dtype=int)
    todo = [np.arange(i, min(i + BLOCK_UNITS, units.size)) for i in range(0, units.size, BLOCK_UNITS)]
    while todo:
        pos = todo.pop()
        c, a_ub, b_ub, a_eq, b_eq, bounds = block(units[pos])
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs",
                      options=HIGHS_OPTIONS)
        if res.status == OPTIMAL:
            values[pos] = res.x.reshape(pos.size, n_vars)
            status[pos] = OPTIMAL
        elif pos.size > 1:
            todo.extend(np.array([p]) for p in pos)
        else:
            status[pos] = res.status
    return Phase(values=values, status=status)


def _coo_blocks(k: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, n_rows: int, n_cols: int,
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices of ``k`` copies of one block's entries on the diagonal; ``vals`` is (entries,) or (k, entries)."""
    shift = np.arange(k)[:, None]
    r = (rows[None, :] + n_rows * shift).ravel()
    c = (cols[None, :] + n_cols * shift).ravel()
    v = np.broadcast_to(vals, (k, rows.size)).ravel()
    return r, c, v


def radial_scores(x_eval: np.ndarray, y_eval: np.ndarray, x_ref: np.ndarray, y_ref: np.ndarray, *, rts: str,
                  orientation: str, exclude: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """θ (input) or φ (output) of each evaluated unit against the reference units, with λ and the status.

    When the evaluated units are the reference units (``x_eval is x_ref``) and none is excluded, a unit found
    inefficient (θ* < 1, φ* > 1) is dropped from the reference set of the blocks solved after it: it is
    dominated by a combination of the other units, so the technology they span is the same (with positive
    inputs every extreme unit of the frontier has score 1), and the later programmes are smaller. The units
    that look least productive (outputs over inputs, on the scaled data) are solved first.

    Parameters
    ----------
    x_eval, y_eval : (k × m), (k × s) inputs and outputs of the units evaluated.
    x_ref, y_ref : (n × m), (n × s) inputs and outputs of the reference units.
    rts : ``"crs"``, ``"vrs"`` or ``"nirs"``.
    orientation : ``"input"`` or ``"output"``.
    exclude : (k,) index of a reference unit left out of each unit's programme (``-1``: none); for
        super-efficiency, the unit itself.

    Returns
    -------
    score (k,), lambdas (k × n), status (k,): NaN where the programme has no optimum.
    """
    cx, cy = _scales(x_ref), _scales(y_ref)
    xe, ye, xr, yr = x_eval / cx, y_eval / cy, x_ref / cx, y_ref / cy
    n, m = xr.shape
    s = yr.shape[1]
    p = m + s
    k_all = xe.shape[0]
    ref_block = np.vstack([xr.T, -yr.T])  # (p, n)
    inputs = orientation == "input"
    prune = exclude is None and x_eval is x_ref and y_eval is y_ref
    active = np.ones(n, dtype=bool)

    def block(units: np.ndarray, ref: np.ndarray) -> tuple:
        k, nr = units.size, ref.size
        nv = nr + 1
        lam_rows = np.repeat(np.arange(p), nr)
        lam_cols = np.tile(np.arange(nr), p) + 1
        score_rows = np.arange(m) if inputs else np.arange(m, p)
        score_vals = -xe[units] if inputs else ye[units]  # (k, m) or (k, s)
        r1, c1, v1 = _coo_blocks(k, lam_rows, lam_cols, ref_block[:, ref].ravel(), p, nv)
        r2, c2, v2 = _coo_blocks(k, score_rows, np.zeros(score_rows.size, int), score_vals, p, nv)
        rows, cols, vals = np.r_[r1, r2], np.r_[c1, c2], np.r_[v1, v2]
        b = np.hstack([np.zeros((k, m)), -ye[units]]) if inputs else np.hstack([xe[units], np.zeros((k, s))])
        b_ub = b.ravel()
        a_ub = sp.csr_matrix((vals, (rows, cols)), shape=(k * p, k * nv))
        a_eq = b_eq = None
        if rts in ("vrs", "nirs"):
            r3, c3, v3 = _coo_blocks(k, np.zeros(nr, int), np.arange(1, nv), np.ones(nr), 1, nv)
            sum_one = sp.csr_matrix((v3, (r3, c3)), shape=(k, k * nv))
            if rts == "vrs":
                a_eq, b_eq = sum_one, np.ones(k)
            else:
                a_ub = sp.vstack([a_ub, sum_one], format="csr")
                b_ub = np.r_[b_ub, np.ones(k)]
        c = np.zeros((k, nv))
        c[:, 0] = 1.0 if inputs else -1.0
        upper = np.full((k, nv), np.inf)
        if exclude is not None:
            position = np.full(n, -1)
            position[ref] = np.arange(nr)
            out = exclude[units]
            rows_out = np.flatnonzero(out >= 0)
            cols_out = position[out[rows_out]]
            upper[rows_out[cols_out >= 0], cols_out[cols_out >= 0] + 1] = 0.0
        bounds = np.c_[np.zeros(k * nv), upper.ravel()]
        return c.ravel(), a_ub, b_ub, a_eq, b_eq, bounds

    score = np.full(k_all, np.nan)
    lambdas = np.zeros((k_all, n))
    status = np.full(k_all, -1, dtype=int)
    order = np.argsort(ye.mean(axis=1) / xe.mean(axis=1), kind="stable") if prune else np.arange(k_all)
    todo = deque(order[i:i + BLOCK_UNITS] for i in range(0, k_all, BLOCK_UNITS))
    while todo:
        units = todo.popleft()
        ref = np.flatnonzero(active)
        c, a_ub, b_ub, a_eq, b_eq, bounds = block(units, ref)
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs",
                      options=HIGHS_OPTIONS)
        if res.status == OPTIMAL:
            solution = res.x.reshape(units.size, ref.size + 1)
            score[units] = solution[:, 0]
            lambdas[np.ix_(units, ref)] = solution[:, 1:]
            status[units] = OPTIMAL
            if prune:
                active[units[solution[:, 0] < 1 - 1e-6 if inputs else solution[:, 0] > 1 + 1e-6]] = False
        elif units.size > 1:
            todo.extendleft(np.array([u]) for u in units[::-1])
        else:
            status[units] = res.status
            lambdas[units] = np.nan
    return score, lambdas, status


def max_slacks(x_eval: np.ndarray, y_eval: np.ndarray, x_ref: np.ndarray, y_ref: np.ndarray, score: np.ndarray, *,
               rts: str, orientation: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Second phase: the largest sum of input and output slacks at the radial score found in the first phase.

    Parameters
    ----------
    x_eval, y_eval, x_ref, y_ref, rts, orientation : as for :func:`radial_scores`.
    score : (k,) θ* (input) or φ* (output) of each evaluated unit (finite).

    Returns
    -------
    lambdas (k × n), input slacks (k × m), output slacks (k × s) in the units of the data, status (k,).
    """
    cx, cy = _scales(x_ref), _scales(y_ref)
    xe, ye, xr, yr = x_eval / cx, y_eval / cy, x_ref / cx, y_ref / cy
    n, m = xr.shape
    s = yr.shape[1]
    p = m + s
    nv = n + p
    lam_rows = np.repeat(np.arange(p), n)
    lam_cols = np.tile(np.arange(n), p)
    lam_vals = np.vstack([xr.T, yr.T]).ravel()
    slack_rows = np.arange(p)
    slack_cols = n + np.arange(p)
    slack_vals = np.r_[np.ones(m), -np.ones(s)]
    weights = np.r_[cx, cy] / np.r_[cx, cy].mean()  # the objective is the sum of slacks in the data's units
    # The first phase's optimum is met to HiGHS's tolerance; a hair of room keeps the second phase feasible.
    relaxed = score * (1 + 1e-9) if orientation == "input" else score * (1 - 1e-9)

    def block(units: np.ndarray) -> tuple:
        k = units.size
        r1, c1, v1 = _coo_blocks(k, lam_rows, lam_cols, lam_vals, p, nv)
        r2, c2, v2 = _coo_blocks(k, slack_rows, slack_cols, slack_vals, p, nv)
        rows, cols, vals = np.r_[r1, r2], np.r_[c1, c2], np.r_[v1, v2]
        a_eq = sp.csr_matrix((vals, (rows, cols)), shape=(k * p, k * nv))
        t = relaxed[units][:, None]
        if orientation == "input":
            b_eq = np.hstack([t * xe[units], ye[units]]).ravel()
        else:
            b_eq = np.hstack([xe[units], t * ye[units]]).ravel()
        a_ub = b_ub = None
        if rts in ("vrs", "nirs"):
            r3, c3, v3 = _coo_blocks(k, np.zeros(n, int), np.arange(n), np.ones(n), 1, nv)
            sum_one = sp.csr_matrix((v3, (r3, c3)), shape=(k, k * nv))
            if rts == "vrs":
                a_eq = sp.vstack([a_eq, sum_one], format="csr")
                b_eq = np.r_[b_eq, np.ones(k)]
            else:
                a_ub, b_ub = sum_one, np.ones(k)
        c = np.zeros((k, nv))
        c[:, n:] = -weights
        return c.ravel(), a_ub, b_ub, a_eq, b_eq, (0, None)

    phase = _stack(np.arange(x_eval.shape[0]), block, nv)
    lambdas = phase.values[:, :n]
    slack_x = phase.values[:, n:n + m] * cx
    slack_y = phase.values[:, n + m:] * cy
    return lambdas, slack_x, slack_y, phase.status
