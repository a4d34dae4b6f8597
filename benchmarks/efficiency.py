"""Benchmark: DEA of 500 units × 5 inputs × 5 outputs, stacked block LPs against a per-unit ``linprog`` loop.

Workload (issue 15): a Cobb–Douglas technology with 5 inputs and 5 outputs and half-normal inefficiency,
500 units (districts × programmes), CCR input orientation, both phases (radial score, then maximal slacks).

Timed side by side in one process:

A. ``perfmethods.efficiency.dea`` end to end (data checks, both phases, peers, targets, result tables): the
   programmes of ``BLOCK_UNITS`` units are stacked into one block-diagonal sparse LP for HiGHS.
B. The loop a scipy user writes: for each unit, ``scipy.optimize.linprog(method="highs")`` on its phase-1
   envelopment programme, then on its phase-2 slack programme (dense matrices, one call each), with the same
   HiGHS options as A (presolve off), so that the ratio measures the stacking alone.

Gates: A ≤ 5 s and A faster than B (the ratio B / A is printed). Both must agree: every score to 1e-7 and
every maximal slack sum to 1e-5 of the sum of the variables' means (the solvers' feasibility tolerance is 1e-7
per constraint). Also reported, not gated: BCC end to end, and phase 1 alone with other block sizes and with
HiGHS presolve on (so that both defaults are measured choices).

The machine is shared by several processes, so every time is reported twice: wall-clock and the CPU time of
this process (``time.process_time``; HiGHS runs on one thread here). The gates use the CPU time, which other
processes' load does not inflate; on an idle machine the two agree. Times are medians of ``--runs`` runs (the
loop: one run); exit status 1 when a gate is missed.

Usage::

    .venv/bin/python benchmarks/efficiency.py [--units 500] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.optimize import linprog

from perfmethods.efficiency import _programmes, dea


def workload(n: int, m: int = 5, s: int = 5, seed: int = 0) -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(seed)
    x = rng.uniform(10, 1000, (n, m))
    alpha = rng.dirichlet(np.ones(m))
    level = np.exp(np.log(x) @ alpha - np.abs(rng.normal(0, 0.3, n)))
    mix = rng.dirichlet(np.ones(s), size=n)
    y = level[:, None] * mix * s
    units = [f"单位{i:03d}" for i in range(n)]
    return (pd.DataFrame(x, index=units, columns=[f"投入{j + 1}" for j in range(m)]),
            pd.DataFrame(y, index=units, columns=[f"产出{j + 1}" for j in range(s)]))


def per_unit_loop(x: np.ndarray, y: np.ndarray, options: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """CCR input orientation, both phases, one ``linprog`` call per unit and phase."""
    n, m = x.shape
    s = y.shape[1]
    theta = np.empty(n)
    slack_sum = np.empty(n)
    c1 = np.r_[1.0, np.zeros(n)]
    a_lam = np.vstack([x.T, -y.T])
    a2 = np.block([[x.T, np.eye(m), np.zeros((m, s))], [y.T, np.zeros((s, m)), -np.eye(s)]])
    c2 = np.r_[np.zeros(n), -np.ones(m + s)]
    for o in range(n):
        a1 = np.hstack([np.r_[-x[o], np.zeros(s)][:, None], a_lam])
        r1 = linprog(c1, A_ub=a1, b_ub=np.r_[np.zeros(m), -y[o]], bounds=(0, None), method="highs",
                     options=options)
        theta[o] = r1.x[0]
        r2 = linprog(c2, A_eq=a2, b_eq=np.r_[theta[o] * (1 + 1e-9) * x[o], y[o]], bounds=(0, None), method="highs",
                     options=options)
        slack_sum[o] = -r2.fun
    return theta, slack_sum


def timed(func: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """Median wall-clock and CPU seconds of ``runs`` calls, and the last result."""
    wall, cpu, out = [], [], None
    for _ in range(runs):
        w0, c0 = time.perf_counter(), time.process_time()
        out = func()
        wall.append(time.perf_counter() - w0)
        cpu.append(time.process_time() - c0)
    return statistics.median(wall), statistics.median(cpu), out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--units", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    x, y = workload(args.units)
    warnings.simplefilter("ignore")
    n, m, s = len(x), x.shape[1], y.shape[1]
    print(f"DEA, {n} units x {m} inputs x {s} outputs, CCR input orientation, both phases")

    w_ours, c_ours, res = timed(lambda: dea(x, y), args.runs)
    w_loop, c_loop, (theta, slack_sum) = timed(
        lambda: per_unit_loop(x.to_numpy(), y.to_numpy(), _programmes.HIGHS_OPTIONS), 1)
    agree_theta = float(np.max(np.abs(res.score.to_numpy() - theta)))
    ours_sum = res.slacks.to_numpy().sum(axis=1)
    scale = float(x.to_numpy().mean(axis=0).sum() + y.to_numpy().mean(axis=0).sum())
    agree_slack = float(np.max(np.abs(ours_sum - slack_sum)) / scale)
    ratio = c_loop / c_ours
    print("                                              wall      CPU")
    print(f"  perfmethods.efficiency.dea (blocks of {_programmes.BLOCK_UNITS})  {w_ours:7.3f} s {c_ours:7.3f} s"
          "   (gate: CPU <= 5 s)")
    print(f"  per-unit linprog loop (2 x {n} calls)      {w_loop:7.3f} s {c_loop:7.3f} s")
    print(f"  speed-up loop / ours (CPU)                 {ratio:7.2f}x  (gate > 1; wall: {w_loop / w_ours:.2f}x)")
    print(f"  agreement: max |theta diff| {agree_theta:.1e} (<= 1e-7), max slack-sum diff / sum of means "
          f"{agree_slack:.1e} (<= 1e-5)")
    print(f"  {res.n_efficient} DEA-efficient units, mean efficiency {res.mean_efficiency:.3f}")

    w_bcc, c_bcc, _ = timed(lambda: dea(x, y, model="bcc"), args.runs)
    print(f"  BCC end to end (reported)                  {w_bcc:7.3f} s {c_bcc:7.3f} s")

    print("  phase 1 alone by block size and presolve (reported):")
    xa, ya = x.to_numpy(), y.to_numpy()
    defaults = _programmes.BLOCK_UNITS, dict(_programmes.HIGHS_OPTIONS)
    try:
        for size, presolve in ((1, False), (10, False), (25, False), (50, False), (100, False), (n, False),
                               (25, True)):
            _programmes.BLOCK_UNITS = size
            _programmes.HIGHS_OPTIONS["presolve"] = presolve
            w_phase, c_phase, _ = timed(
                lambda: _programmes.radial_scores(xa, ya, xa, ya, rts="crs", orientation="input"), 1)
            print(f"    {size:4d} units per LP, presolve {'on ' if presolve else 'off'}   {w_phase:7.3f} s "
                  f"{c_phase:7.3f} s")
    finally:
        _programmes.BLOCK_UNITS = defaults[0]
        _programmes.HIGHS_OPTIONS.clear()
        _programmes.HIGHS_OPTIONS.update(defaults[1])

    checks = [("dea <= 5 s (CPU)", c_ours <= 5.0), ("faster than the per-unit loop", ratio > 1.0),
              ("scores agree", agree_theta <= 1e-7), ("slack sums agree", agree_slack <= 1e-5)]
    failed = [name for name, ok in checks if not ok]
    print("PASS" if not failed else "FAIL: " + "; ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
