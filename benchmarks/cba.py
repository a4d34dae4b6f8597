"""Benchmark: vectorised Monte Carlo NPV against a per-draw loop calling numpy-financial.

Workload (issue 5): 100,000 draws × 50 years × 10 uncertain inputs with triangular, PERT, normal, log-normal and
uniform distributions, on a 50-year science-facility appraisal at a fixed social discount rate (the rate is a policy
parameter in the Green Book and the EU guide, not a risk variable).

Timed, in one process:

A. ``perfmethods.cba.monte_carlo`` end to end (sampling every input, NPV of every draw) against the loop a
   numpy-financial user writes: for each draw, sample the ten inputs, build the draw's 50 yearly flows, call
   ``numpy_financial.npv``. Gate: ours <= 1 s and peer / ours >= 50.
B. The same with Iman–Conover rank correlations among four inputs (a per-draw loop cannot impose them): gate
   ours <= 1 s.
C. Stricter, reported only: the discount rate is the tenth input (one multiplier fewer), so a
   draws × years matrix of discount factors is formed; ours end to end against the per-draw loop.

Correctness: on the same draws, ``NPVModel.evaluate`` and the per-draw numpy-financial loop agree to 1e-9
(relative); across the two random streams of A the expected NPVs agree within Monte Carlo error.
Timings are medians of ``--runs`` runs (the peer loop: one run) on the shared machine; exit status 1 when a gate
is missed, 2 when numpy-financial is not installed.

Usage::

    .venv/bin/python benchmarks/cba.py [--draws 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from perfmethods.cba import CashFlows
from perfmethods.cba.model import NPVModel
from perfmethods.cba.montecarlo import PERT, LogNormal, Normal, Triangular, Uniform, monte_carlo

YEARS = 50
RATE = 0.06


def lines() -> tuple[dict[str, np.ndarray], dict[str, str]]:
    t = np.arange(YEARS)
    build_years = t < 4
    flows = {
        "civil_works": np.where(build_years, 300.0, 0.0), "equipment": np.where(build_years, 150.0, 0.0),
        "land": np.where(t == 0, 200.0, 0.0), "staff": np.where(t >= 3, 40.0, 0.0),
        "energy": np.where(t >= 3, 25.0, 0.0), "maintenance": np.where(t >= 4, 18.0 * (1 + 0.02 * t), 0.0),
        "users": np.where(t >= 4, 90.0, 0.0), "research_output": np.where(t >= 5, 80.0 * (1 - 0.01 * t), 0.0),
        "spillovers": np.where(t >= 8, 60.0, 0.0), "training": np.where(t >= 4, 20.0, 0.0),
        "residual": np.where(t == YEARS - 1, -400.0, 0.0),
    }
    kinds = {k: ("benefit" if k in ("users", "research_output", "spillovers", "training") else "cost") for k in flows}
    return flows, kinds


DISTRIBUTIONS = {
    "civil_works": PERT(0.95, 1.05, 1.6), "equipment": Triangular(0.9, 1.0, 1.4), "land": Uniform(0.9, 1.2),
    "staff": Normal(1.0, 0.08), "energy": LogNormal.from_mean_sd(1.0, 0.25), "maintenance": PERT(0.8, 1.0, 1.5),
    "users": Triangular(0.6, 1.0, 1.2), "research_output": PERT(0.5, 1.0, 1.3),
    "spillovers": LogNormal.from_mean_sd(1.0, 0.5), "training": Uniform(0.7, 1.1),
}
CORR = {("civil_works", "equipment"): 0.6, ("users", "research_output"): 0.5, ("users", "spillovers"): 0.3,
        ("research_output", "spillovers"): 0.4}


def build(rate_uncertain: bool = False) -> tuple[NPVModel, dict]:
    flows, kinds = lines()
    cf = CashFlows.from_wide(pd.DataFrame(flows, index=range(2026, 2026 + YEARS)), kinds=kinds, price_base=2025,
                             unit="百万元")
    inputs = dict(DISTRIBUTIONS)
    if rate_uncertain:
        inputs.pop("training")
        inputs["rate"] = Uniform(0.04, 0.08)
        variables = {k: k for k in inputs if k != "rate"}
        return NPVModel(cf, variables, rate=RATE, rate_variable="rate"), inputs
    return NPVModel(cf, {k: k for k in inputs}, rate=RATE), inputs


def peer_loop(model: NPVModel, inputs: dict, n: int, seed: int = 1) -> np.ndarray:
    """What a numpy-financial user writes: per draw, sample, build the flows, call npf.npv."""
    import numpy_financial as npf

    rng = np.random.default_rng(seed)
    groups = model._groups  # (K + 1, T): signed flows of each variable's lines, then the rest
    names = list(model.variables)
    rate_var = model.rate_variable
    out = np.empty(n)
    for i in range(n):
        x = np.array([inputs[k].sample(rng, 1)[0] for k in names])
        rate = inputs[rate_var].sample(rng, 1)[0] if rate_var else RATE
        flows = x @ groups[:-1] + groups[-1]
        out[i] = npf.npv(rate, flows)
    return out


def peer_on_draws(model: NPVModel, draws: pd.DataFrame, n: int) -> np.ndarray:
    import numpy_financial as npf

    groups = model._groups
    mult = draws[list(model.variables)].to_numpy()
    rates = draws[model.rate_variable].to_numpy() if model.rate_variable else np.full(n, RATE)
    return np.array([npf.npv(rates[i], mult[i] @ groups[:-1] + groups[-1]) for i in range(n)])


def timed(f: Callable[[], object], runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = f()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--draws", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--max-seconds", type=float, default=1.0)
    ap.add_argument("--min-ratio", type=float, default=50.0)
    args = ap.parse_args(argv)
    try:
        import numpy_financial
    except ImportError:
        print("numpy-financial is not installed: pip install numpy-financial==1.0.0", file=sys.stderr)
        return 2
    n = args.draws
    ok = True
    print(f"numpy {np.__version__}, numpy-financial {numpy_financial.__version__}; {n:,} draws x {YEARS} years x "
          f"10 uncertain inputs")

    model, inputs = build()
    monte_carlo(model, inputs, n_draws=1000, seed=0)  # warm-up
    t_a, res_a = timed(lambda: monte_carlo(model, inputs, n_draws=n, seed=0), args.runs)
    t0 = time.perf_counter()
    peer_a = peer_loop(model, inputs, n)
    t_peer_a = time.perf_counter() - t0
    ratio_a = t_peer_a / t_a
    se = np.hypot(res_a.sd, peer_a.std()) / np.sqrt(n)
    same = peer_on_draws(model, res_a.inputs, 5000)
    err = float(np.max(np.abs(same - res_a.npv[:5000])) / max(1.0, np.abs(same).max()))
    print(f"A  ours {t_a:.3f} s | per-draw numpy-financial loop {t_peer_a:.3f} s | ratio {ratio_a:.0f}x | "
          f"E[NPV] {res_a.expected_npv:,.1f} vs {peer_a.mean():,.1f} (se {se:.1f}); same-draw rel. diff {err:.1e}")
    if t_a > args.max_seconds or ratio_a < args.min_ratio:
        print(f"FAIL A: {t_a:.3f} s (max {args.max_seconds}) / ratio {ratio_a:.1f} (min {args.min_ratio})",
              file=sys.stderr)
        ok = False
    if err > 1e-9 or abs(res_a.expected_npv - peer_a.mean()) > 5 * se:
        print("FAIL A: ours and the peer disagree", file=sys.stderr)
        ok = False

    t_b, res_b = timed(lambda: monte_carlo(model, inputs, n_draws=n, rank_correlation=CORR, seed=0), args.runs)
    print(f"B  ours with Iman-Conover rank correlations ({len(CORR)} pairs) {t_b:.3f} s | ratio to A's peer loop "
          f"{t_peer_a / t_b:.0f}x | P(NPV<0) {res_b.p_negative:.3f}")
    if t_b > args.max_seconds:
        print(f"FAIL B: {t_b:.3f} s > {args.max_seconds} s", file=sys.stderr)
        ok = False

    model_c, inputs_c = build(rate_uncertain=True)
    t_c, res_c = timed(lambda: monte_carlo(model_c, inputs_c, n_draws=n, seed=0), args.runs)
    m = min(n, 20_000)
    t0 = time.perf_counter()
    peer_loop(model_c, inputs_c, m)
    t_peer_c = (time.perf_counter() - t0) * n / m
    same_c = peer_on_draws(model_c, res_c.inputs, 2000)
    err_c = float(np.max(np.abs(same_c - res_c.npv[:2000])) / max(1.0, np.abs(same_c).max()))
    print(f"C  (reported, not gated) discount rate uncertain: ours {t_c:.3f} s | per-draw loop {t_peer_c:.3f} s "
          f"(timed on {m:,} draws, scaled) | ratio {t_peer_c / t_c:.0f}x; same-draw rel. diff {err_c:.1e}")
    if err_c > 1e-9:
        print("FAIL C: ours and the peer disagree", file=sys.stderr)
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
