"""Benchmark: difference-in-differences estimators of perfmethods.impact against their floors and peers.

What is measured (wall time, median of ``--runs`` runs, same process, warm):

1. **TWFE** on 1,000,000 rows (10,000 units × 100 periods, staggered binary treatment, clustered SEs):
   ``perfmethods.impact.twfe`` from a DataFrame (validation, copying, factorising the keys, demeaning,
   OLS, CR1 covariance) against a *floor*: plain numpy alternating demeaning on pre-factorised integer
   codes (demean by unit, then by time, until the largest unit mean is below 1e-10 — two sweeps on a
   balanced panel), OLS and the CR1 covariance by ``np.bincount``. Target: ratio ≤ 2.
2. **Callaway & Sant'Anna** on 10,000 units × 20 periods (cohorts in periods 5–17 and never treated):
   analytic SEs, and the multiplier bootstrap with 1,000 draws. Peer: csdid (``ATTgt(...).fit(est_method=
   "reg", bstrap=False/True)``) when it is importable (it is not a perfmethods dependency; see
   tests/impact/data/make_csdid_reference.py for how it was installed outside the virtualenv). Target:
   at most half of csdid's time.

Usage::

    .venv/bin/python benchmarks/impact_did.py [--runs 5] [--peers] [--max-ratio 2.0]

Prints the timings and ratios; exits 1 when the TWFE ratio exceeds ``--max-ratio``. Timings on the shared
2-core machine are noisy: use several runs.

BLAS threads: the script pins OpenBLAS/MKL/OpenMP to one thread (unless the variables are already set) before
numpy is imported, for every contender alike. On the shared 2-core machine under load, multi-threaded
OpenBLAS made a 117 × 117 ``eigh`` take 0.6 s instead of 0.01 s and a 10,000 × 117 Gram matrix 0.8 s
instead of 0.02 s (measured while writing this benchmark).
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from collections.abc import Callable  # noqa: E402

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402


def _median_time(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm-up (imports, caches)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def twfe_data(n_units: int = 10_000, n_periods: int = 100, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(n_units), n_periods)
    period = np.tile(np.arange(n_periods), n_units)
    start = rng.choice([0, 30, 50, 70], n_units)  # 0 = never treated
    d = ((start[unit] > 0) & (period >= start[unit])).astype(float)
    y = rng.normal(size=n_units)[unit] + 0.02 * period + 1.5 * d + rng.normal(size=n_units * n_periods)
    return pd.DataFrame({"unit": unit, "period": period, "d": d, "y": y})


def numpy_floor(y: np.ndarray, d: np.ndarray, u: np.ndarray, t: np.ndarray, n_u: int, n_t: int) -> tuple[float, float]:
    """Alternating demeaning + OLS + CR1 covariance on integer codes: the irreducible work."""
    cu = np.bincount(u, minlength=n_u).astype(float)
    ct = np.bincount(t, minlength=n_t).astype(float)
    out = []
    for v in (y, d):
        v = v - (np.bincount(u, v, n_u) / cu)[u]
        while True:
            v = v - (np.bincount(t, v, n_t) / ct)[t]
            mu = np.bincount(u, v, n_u) / cu
            v = v - mu[u]
            if np.abs(mu).max() < 1e-10 * max(1.0, np.abs(v).max()):
                break
        out.append(v)
    yt, dt = out
    dd = dt @ dt
    b = (dt @ yt) / dd
    e = yt - dt * b
    s = np.bincount(u, dt * e, n_u)
    n = len(y)
    c = n_u / (n_u - 1) * (n - 1) / (n - 1 - n_t)
    return b, float(np.sqrt(c * (s @ s)) / dd)


def cs_data(n_units: int = 10_000, n_periods: int = 20, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(1, n_units + 1), n_periods)
    period = np.tile(np.arange(1, n_periods + 1), n_units)
    g = rng.choice(np.r_[0, np.arange(5, 18)], n_units)
    e = period - g[unit - 1]
    treated = (g[unit - 1] > 0) & (e >= 0)
    y = rng.normal(size=n_units)[unit - 1] + 0.1 * period + np.where(treated, 1.0 + 0.1 * e, 0.0) + rng.normal(
        size=n_units * n_periods)
    return pd.DataFrame({"id": unit, "period": period, "g": g[unit - 1], "y": y})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--peers", action="store_true", help="also time csdid if it is importable")
    parser.add_argument("--max-ratio", type=float, default=2.0)
    args = parser.parse_args(argv)

    from perfmethods.impact import callaway_santanna, twfe
    from perfmethods.impact.did import StaggeredAdoptionWarning

    warnings.simplefilter("ignore", StaggeredAdoptionWarning)
    df = twfe_data()
    u = df["unit"].to_numpy()
    t = df["period"].to_numpy()
    y, d = df["y"].to_numpy(), df["d"].to_numpy()
    ours = twfe(df, outcome="y", unit="unit", time="period", treated="d")
    fb, fse = numpy_floor(y, d, u, t, 10_000, 100)
    assert abs(ours.estimate - fb) < 1e-8 and abs(ours.se / fse - 1) < 1e-6, (ours.estimate, fb, ours.se, fse)
    t_floor = _median_time(lambda: numpy_floor(y, d, u, t, 10_000, 100), args.runs)
    t_ours = _median_time(lambda: twfe(df, outcome="y", unit="unit", time="period", treated="d"), args.runs)
    ratio = t_ours / t_floor
    print(f"TWFE 1,000,000 rows (10,000 x 100), clustered SEs: perfmethods {t_ours:.3f} s, numpy floor "
          f"{t_floor:.3f} s, ratio {ratio:.2f} (target <= {args.max_ratio})")

    cs = cs_data()
    t_cs = _median_time(lambda: callaway_santanna(cs, "y", "id", "period", "g"), args.runs)
    t_cs_b = _median_time(lambda: callaway_santanna(cs, "y", "id", "period", "g", se="bootstrap", n_boot=1000),
                          max(1, args.runs // 2))
    print(f"Callaway-Sant'Anna 10,000 x 20: analytic {t_cs:.3f} s; multiplier bootstrap (1,000 draws) "
          f"{t_cs_b:.3f} s")
    if args.peers:
        try:
            from csdid.att_gt import ATTgt
        except ImportError:
            print("csdid is not importable: peer timing skipped (install it outside the virtualenv and put it on "
                  "PYTHONPATH)")
        else:
            def peer(bstrap: bool) -> object:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    return ATTgt(yname="y", tname="period", idname="id", gname="g", data=cs,
                                 control_group="nevertreated", biters=1000).fit(est_method="reg", bstrap=bstrap)

            t_p = _median_time(lambda: peer(False), 1)
            t_pb = _median_time(lambda: peer(True), 1)
            print(f"  csdid analytic {t_p:.3f} s (ours / csdid = {t_cs / t_p:.2f}); csdid bootstrap {t_pb:.3f} s "
                  f"(ours / csdid = {t_cs_b / t_pb:.2f})")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
