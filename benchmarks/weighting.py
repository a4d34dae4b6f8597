"""Benchmark: batched AHP and entropy weights against peers and floors, measured in one process.

Targets (issue "Weighting", Speed):

1. eigenvector AHP with CR on 100,000 random 7 × 7 reciprocal matrices (judgments drawn from Saaty's scale):
   * at least 10× faster per matrix than pymcdm (``AHP(matrix=...)()`` plus ``get_cr()``, one matrix at a time);
   * within 1.5× of bare batched ``numpy.linalg.eig`` on the same stack (LAPACK ``geev`` per matrix, in C). The
     library finds the Perron pair by repeated squaring with a residual check and LAPACK as the fallback, so
     the ratio is usually below 1.
   AHPy (``ahpy.Compare`` per matrix) is timed too, for information.
2. entropy weights on a 1,000,000 × 50 matrix within 3× of one ``np.log`` pass over it.

The peers are benchmark-only extras (``pip install ahpy pymcdm``); a missing peer is reported and skipped. Peers
are timed on a subset of the matrices (they loop in Python) and compared per matrix.

Usage::

    .venv/bin/python benchmarks/weighting.py                 # full sizes, 3 repeats (median)
    .venv/bin/python benchmarks/weighting.py --k 20000 --rows 200000   # quicker

Prints every time and ratio; exits 1 when a target is missed. Timings on a shared 2-core machine are noisy.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import warnings
from collections.abc import Callable

import numpy as np

from perfmethods.weighting import SAATY_SCALE, ahp, entropy_weights


def random_stack(k: int, n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, SAATY_SCALE.size, size=(k, n * (n - 1) // 2))
    iu, ju = np.triu_indices(n, 1)
    a = np.ones((k, n, n))
    a[:, iu, ju] = SAATY_SCALE[idx]
    a[:, ju, iu] = 1.0 / SAATY_SCALE[idx]
    return a


def timed(func: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def bench_ahp(k: int, n: int, peer_k: int, ahpy_k: int, repeats: int) -> list[tuple[str, float, float, str]]:
    stack = random_stack(k, n)
    checks: list[tuple[str, float, float, str]] = []

    def ours() -> object:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ahp(stack, ri="tummala_ling", warn=False)

    def bare() -> object:
        return np.linalg.eig(stack)

    t_ours = timed(ours, repeats)
    t_bare = timed(bare, repeats)
    per_ours = t_ours / k
    print(f"AHP eigenvector + CR, {k:,} matrices {n}x{n}")
    print(f"  perfmethods.ahp (batched)     {t_ours:8.3f} s   {per_ours * 1e6:9.2f} us/matrix")
    print(f"  bare batched np.linalg.eig    {t_bare:8.3f} s   {t_bare / k * 1e6:9.2f} us/matrix")
    ratio_bare = t_ours / t_bare
    print(f"  ratio perfmethods / bare eig  {ratio_bare:8.2f}   "
          "(target <= 1.5; below 1: the Perron pair is found by squaring)")
    checks.append(("ahp within 1.5x of bare batched eig", ratio_bare, 1.5, "max"))

    res = ours()
    try:
        from pymcdm.weights.subjective import AHP as PymcdmAHP
    except ImportError:
        print("  pymcdm: not installed (pip install pymcdm) - skipped")
    else:
        sub = stack[:peer_k]

        def peer() -> list[tuple[np.ndarray, float]]:
            out = []
            for m in sub:
                model = PymcdmAHP(matrix=m)
                out.append((model(), model.get_cr()))
            return out

        t_peer = timed(peer, max(1, repeats - 1))
        got = peer()
        w_peer = np.array([w for w, _ in got])
        cr_peer = np.array([c for _, c in got])
        agree = np.allclose(w_peer, np.asarray(res.weights)[:peer_k], atol=1e-8) and np.allclose(
            cr_peer, np.asarray(res.cr)[:peer_k], atol=1e-8)
        per_peer = t_peer / peer_k
        ratio_peer = per_peer / per_ours
        print(f"  pymcdm AHP + get_cr (loop)    {t_peer:8.3f} s on {peer_k:,}   {per_peer * 1e6:9.2f} us/matrix"
              f"   (weights and CR agree: {agree})")
        print(f"  speed-up over pymcdm          {ratio_peer:8.1f}x  (target >= 10)")
        checks.append(("ahp >= 10x faster per matrix than pymcdm", ratio_peer, 10.0, "min"))
        if not agree:
            checks.append(("pymcdm and perfmethods agree", 0.0, 1.0, "min"))
    try:
        import ahpy
    except ImportError:
        print("  AHPy: not installed (pip install ahpy) - skipped")
    else:
        sub = stack[:ahpy_k]
        names = [f"c{i}" for i in range(n)]
        iu, ju = np.triu_indices(n, 1)

        def peer_ahpy() -> None:
            for m in sub:
                comps = {(names[i], names[j]): float(m[i, j]) for i, j in zip(iu, ju, strict=True)}
                ahpy.Compare("x", comps, precision=10, random_index="saaty")

        t_ahpy = timed(peer_ahpy, 1)
        print(f"  AHPy Compare (loop)           {t_ahpy:8.3f} s on {ahpy_k:,}   {t_ahpy / ahpy_k * 1e6:9.2f} us/matrix"
              f"   (speed-up {t_ahpy / ahpy_k / per_ours:.0f}x, information only)")
    return checks


def bench_entropy(rows: int, cols: int, repeats: int) -> list[tuple[str, float, float, str]]:
    rng = np.random.default_rng(1)
    X = rng.lognormal(0.0, 1.0, size=(rows, cols))
    t_log = timed(lambda: np.log(X), repeats)
    t_minmax = timed(lambda: entropy_weights(X), repeats)
    t_raw = timed(lambda: entropy_weights(X, normalization="raw"), repeats)
    print(f"entropy weights, {rows:,} x {cols}")
    print(f"  one np.log pass               {t_log:8.3f} s")
    print(f"  entropy_weights (minmax)      {t_minmax:8.3f} s   ratio {t_minmax / t_log:5.2f}  (target <= 3)")
    print(f"  entropy_weights (raw)         {t_raw:8.3f} s   ratio {t_raw / t_log:5.2f}  (target <= 3)")
    return [("entropy (minmax, default) within 3x of one np.log pass", t_minmax / t_log, 3.0, "max"),
            ("entropy (raw) within 3x of one np.log pass", t_raw / t_log, 3.0, "max")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--k", type=int, default=100_000, help="number of 7x7 matrices (default 100,000)")
    parser.add_argument("--n", type=int, default=7, help="matrix size (default 7)")
    parser.add_argument("--peer-k", type=int, default=5_000, help="matrices timed with pymcdm (default 5,000)")
    parser.add_argument("--ahpy-k", type=int, default=300, help="matrices timed with AHPy (default 300)")
    parser.add_argument("--rows", type=int, default=1_000_000, help="entropy rows (default 1,000,000)")
    parser.add_argument("--cols", type=int, default=50, help="entropy columns (default 50)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    checks = bench_ahp(args.k, args.n, min(args.peer_k, args.k), min(args.ahpy_k, args.k), args.repeats)
    checks += bench_entropy(args.rows, args.cols, args.repeats)
    print()
    failed = 0
    for name, value, target, kind in checks:
        ok = value <= target if kind == "max" else value >= target
        failed += not ok
        print(f"  {'PASS' if ok else 'MISS'}  {name}: {value:.2f} ({'<=' if kind == 'max' else '>='} {target:g})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
