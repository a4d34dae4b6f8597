"""Benchmark: Monte Carlo uncertainty and Sobol sensitivity of a composite index, batched against a per-run loop.

Workload (issue 15): 1,000 units × 30 indicators in 3 dimensions of 10; the uncertain choices are the
normalisation (min–max onto 1–100, or ranks), the aggregation (arithmetic or geometric mean at every
level), leaving out no indicator or one, and the three dimension weights (±25 %, COINr's noisy weights).

Timed, in one process:

A. ``uncertainty_analysis`` with 10,000 replications of the whole pipeline (normalise → aggregate → rank, rank
   intervals and shifts) — gate: ≤ 2 s. Reported against (i) the loop an analyst writes with the library's
   one-index functions (``CompositeIndex(...).normalise(...).aggregate(...)`` per run, timed on 20 runs and
   compared per run), and (ii) a floor: ranking an already computed 10,000 × 1,000 score matrix (one argsort per
   run), which any implementation must do.
B. ``sensitivity_analysis`` with N = 4,096 on the 6 uncertain choices (N (D + 2) = 32,768 runs, SALib's Sobol'
   design and estimators, bootstrap intervals for R̄_S) — gate: ≤ 10 s.

Correctness: for the 20 looped runs, the batched scores equal the one-index pipeline's to 1e-9 (relative).
Timings are medians of ``--runs`` runs on the shared machine; exit status 1 when a gate is missed.

Usage::

    .venv/bin/python benchmarks/composite.py [--draws 10000] [--sobol-n 4096] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from perfmethods.composite import ChoiceModel, CompositeIndex, rank_units, sensitivity_analysis, uncertainty_analysis


def workload(units: int = 1000, indicators: int = 30, seed: int = 0) -> tuple[CompositeIndex, dict]:
    rng = np.random.default_rng(seed)
    quality = rng.normal(size=(units, 1))
    data = pd.DataFrame(np.exp(0.5 * quality + rng.normal(0, 0.7, size=(units, indicators))) * 10 + 1,
                        index=[f"unit{i}" for i in range(units)], columns=[f"i{j}" for j in range(indicators)])
    groups = {f"i{j}": f"d{j % 3}" for j in range(indicators)}
    index = CompositeIndex(data, framework=groups).normalise("minmax", range=(1, 100)).aggregate()
    # both normalisations give values > 0 (min-max onto 1-100, ranks 1-1000), so both means apply
    choices = {"normalisation": [{"method": "minmax", "range": (1, 100)}, {"method": "rank"}],
               "aggregation": ["arithmetic", "geometric"], "exclude": True, "weight_noise": 0.25}
    return index, choices


def timed(func: Callable[[], object], runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def loop_runs(index: CompositeIndex, choices: dict, design: np.ndarray) -> np.ndarray:
    """The per-run loop: rebuild the index with each run's choices through the one-index pipeline."""
    model = ChoiceModel.from_index(index, **choices)
    frame = model.choices_frame(design)
    groups = {i: index.tree.parent[i] for i in index.tree.indicators}
    specs = {model.normalisations[k]: spec for k, spec in enumerate(choices["normalisation"])}
    out = np.empty((len(design), index.n_units))
    for r, row in frame.iterrows():
        kept = [c for c in index.tree.indicators if c != row["excluded"]]
        weights = {g: row[f"weight:{g}"] for g in ("d0", "d1", "d2")}
        rebuilt = CompositeIndex(index.data[kept], framework={k: groups[k] for k in kept}, weights=weights) \
            .normalise(**specs[row["normalisation"]]).aggregate(row["aggregation"])
        out[r] = rebuilt.scores.to_numpy()
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--sobol-n", type=int, default=4096)
    parser.add_argument("--loop-runs", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    index, choices = workload()
    checks: list[tuple[str, float, float, str]] = []

    print(f"A. Monte Carlo, {args.draws:,} replications, {index.n_units:,} units x {index.n_indicators} indicators")
    t_mc, res = timed(lambda: uncertainty_analysis(index, draws=args.draws, seed=0, **choices), args.runs)
    print(f"  uncertainty_analysis (batched)     {t_mc:8.3f} s   R_S = {res.mean_abs_shift:.2f}")
    scores = np.asarray(res.scores, dtype=float)
    t_floor, _ = timed(lambda: rank_units(scores), args.runs)
    print(f"  floor: rank the score matrix       {t_floor:8.3f} s   ratio ours / floor {t_mc / t_floor:6.2f}")
    model = ChoiceModel.from_index(index, **choices)
    design = np.random.default_rng(7).random((args.loop_runs, len(model.factors)))
    t_loop, looped = timed(lambda: loop_runs(index, choices, design), 1)
    batched = model.scores(design)
    agree = bool(np.allclose(looped, batched, rtol=1e-9))
    per_loop, per_ours = t_loop / args.loop_runs, t_mc / args.draws
    print(f"  per-run loop (one-index pipeline)  {t_loop:8.3f} s on {args.loop_runs}   {per_loop * 1e3:8.2f} ms/run"
          f"   (scores agree: {agree})")
    print(f"  speed-up per run                   {per_loop / per_ours:8.0f}x")
    checks.append((f"Monte Carlo {args.draws:,} runs <= 2 s", t_mc, 2.0, "max"))
    checks.append(("batched scores equal the one-index pipeline", float(agree), 1.0, "min"))

    print(f"B. Sobol, N = {args.sobol_n:,}, {len(model.factors)} factors ({', '.join(model.factors)})")
    t_sobol, sob = timed(lambda: sensitivity_analysis(index, n=args.sobol_n, seed=0, **choices), max(1, args.runs - 1))
    print(f"  sensitivity_analysis               {t_sobol:8.3f} s   {sob.n_runs:,} runs   "
          f"{t_sobol / sob.n_runs * 1e6:6.1f} us/run")
    print(sob.first_output()[["factor", "S1", "S1_conf", "ST", "ST_conf"]].round(3).to_string(index=False))
    checks.append((f"Sobol N = {args.sobol_n:,} on {len(model.factors)} choices <= 10 s", t_sobol, 10.0, "max"))

    print()
    failed = 0
    for name, value, target, kind in checks:
        ok = value <= target if kind == "max" else value >= target
        failed += not ok
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value:.2f} ({'<=' if kind == 'max' else '>='} {target:g})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
