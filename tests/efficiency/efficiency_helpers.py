"""Helpers of the efficiency tests: the reference cases (tests/efficiency/data, sources in its README), a plain
per-unit ``linprog`` formulation of DEA to cross-check against, and random data."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.optimize import linprog

DATA = Path(__file__).resolve().parent / "data"


def _load_cases() -> dict[str, dict]:
    with (DATA / "efficiency_cases.json").open(encoding="utf-8") as fh:
        return {case["name"]: case for case in json.load(fh)}


CASES = _load_cases()


def case_frames(name: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The inputs and outputs of a cross-section case as DataFrames indexed by unit."""
    given = CASES[name]["input"]
    x = pd.DataFrame(np.asarray(given["x"], float), index=given["units"], columns=given["inputs"])
    y = pd.DataFrame(np.asarray(given["y"], float), index=given["units"], columns=given["outputs"])
    return x, y


def dense_lambdas(sparse: dict[str, dict[str, float]], units: list[str]) -> np.ndarray:
    """A units × units matrix from ``{unit: {peer: λ}}``."""
    out = np.zeros((len(units), len(units)))
    pos = {u: i for i, u in enumerate(units)}
    for unit, row in sparse.items():
        for peer, value in row.items():
            out[pos[unit], pos[peer]] = value
    return out


def quiet(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the small cases trip the units-per-variable rule of thumb
        return func(*args, **kwargs)


def plain_dea(x: np.ndarray, y: np.ndarray, rts: str, orientation: str, exclude_self: bool = False):
    """θ or φ of each unit, solved one unit at a time from the textbook envelopment form (no scaling, no
    stacking), then the phase-2 maximal sum of slacks at that score."""
    n, m = x.shape
    s = y.shape[1]
    scores, slack_sums = [], []
    for o in range(n):
        # phase 1: variables [score, λ_1..λ_n]
        c = np.r_[1.0 if orientation == "input" else -1.0, np.zeros(n)]
        if orientation == "input":
            a_ub = np.block([[-x[o][:, None], x.T], [np.zeros((s, 1)), -y.T]])
            b_ub = np.r_[np.zeros(m), -y[o]]
        else:
            a_ub = np.block([[np.zeros((m, 1)), x.T], [y[o][:, None], -y.T]])
            b_ub = np.r_[x[o], np.zeros(s)]
        a_eq = np.r_[0.0, np.ones(n)][None] if rts == "vrs" else None
        b_eq = [1.0] if rts == "vrs" else None
        bounds = [(0, None)] + [(0, 0) if exclude_self and j == o else (0, None) for j in range(n)]
        res = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
        if res.status != 0:
            scores.append(np.nan)
            slack_sums.append(np.nan)
            continue
        score = res.x[0]
        scores.append(score)
        if exclude_self:
            continue
        # phase 2: variables [λ (n), s- (m), s+ (s)], maximise the sum of slacks at the score found
        rhs = np.r_[score * x[o], y[o]] if orientation == "input" else np.r_[x[o], score * y[o]]
        a2 = np.block([[x.T, np.eye(m), np.zeros((m, s))], [y.T, np.zeros((s, m)), -np.eye(s)]])
        if rts == "vrs":
            a2 = np.vstack([a2, np.r_[np.ones(n), np.zeros(m + s)]])
            rhs = np.r_[rhs, 1.0]
        rhs = rhs * np.r_[np.full(m, 1 + 1e-9 if orientation == "input" else 1.0),
                          np.full(s, 1.0 if orientation == "input" else 1 - 1e-9), np.ones(a2.shape[0] - m - s)]
        res2 = linprog(np.r_[np.zeros(n), -np.ones(m + s)], A_eq=a2, b_eq=rhs, bounds=(0, None), method="highs")
        slack_sums.append(-res2.fun)
    return np.array(scores), np.array(slack_sums)


def random_case(seed: int, n: int = 30, m: int = 3, s: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.uniform(1, 100, (n, m)), index=[f"d{i}" for i in range(n)],
                     columns=[f"x{j}" for j in range(m)])
    y = pd.DataFrame(rng.uniform(1, 100, (n, s)), index=x.index, columns=[f"y{j}" for j in range(s)])
    return x, y


def plain_theta(x_o: np.ndarray, y_o: np.ndarray, x_ref: np.ndarray, y_ref: np.ndarray, rts: str = "crs") -> float:
    """Input-oriented θ of one unit (x_o, y_o) against reference units, from the textbook envelopment form;
    ``rts`` is ``"crs"``, ``"vrs"`` (Σλ = 1) or ``"nirs"`` (Σλ ≤ 1). NaN when infeasible."""
    n, m = x_ref.shape
    s = y_ref.shape[1]
    a_ub = np.block([[-x_o[:, None], x_ref.T], [np.zeros((s, 1)), -y_ref.T]])
    b_ub = np.r_[np.zeros(m), -y_o]
    a_eq = b_eq = None
    if rts == "vrs":
        a_eq, b_eq = np.r_[0.0, np.ones(n)][None], [1.0]
    elif rts == "nirs":
        a_ub, b_ub = np.vstack([a_ub, np.r_[0.0, np.ones(n)]]), np.r_[b_ub, 1.0]
    res = linprog(np.r_[1.0, np.zeros(n)], A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None),
                  method="highs")
    return float(res.x[0]) if res.status == 0 else float("nan")
