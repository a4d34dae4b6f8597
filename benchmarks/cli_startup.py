"""Benchmark: the wall time of ``perfmethods --version`` and ``perfmethods lint FILE`` as fresh processes.

Both answer a person at a terminal (or a pre-commit hook) and must finish in at most 1 s on the 2-core machine,
also while the other core is busy. Start-up is import time: ``--version`` imports only the CLI module, and
``lint`` reads the framework without pandas (``perfmethods.io.tables.Table.body``; the DataFrame is built only
when a caller asks for ``Table.data``), so it pays for numpy, PyYAML and the package's own modules, not for
pandas. ``tests/indicators/test_lint_imports.py`` checks the import set without timing anything; this script
times it.

Usage::

    .venv/bin/python benchmarks/cli_startup.py                  # quiet, then with one core kept busy
    .venv/bin/python benchmarks/cli_startup.py --runs 9 --max-seconds 1.0 --file data/examples/.../x.csv

Each command runs ``--warmup`` times untimed, then ``--runs`` times; the median counts. With ``--busy`` (the
default) the runs are repeated while a second process spins on one core, as another job on the shared machine
would. Exits 1 when a median exceeds ``--max-seconds``. The commands run with Python's bytecode cache, as an
installed package does (``PYTHONDONTWRITEBYTECODE`` is removed from their environment, and the warm-up run writes
the cache of an editable install): compiling the package's own modules from source on every start would add
about 0.2 s that no user pays.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The bundled framework that the lint command is timed on.
LINT_FILE = "data/examples/culture_program/indicators.csv"
SPIN = "while True:\n    pass\n"
#: The commands' environment: this one, with the bytecode cache on.
ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def command_line() -> list[str]:
    """How to start the console script: ``perfmethods`` beside this Python, else ``python -m perfmethods.cli``."""
    script = Path(sys.executable).with_name("perfmethods")
    return [str(script)] if script.exists() else [sys.executable, "-m", "perfmethods.cli"]


def median_seconds(command: list[str], runs: int, warmup: int) -> tuple[float, list[float]]:
    """The median wall time of ``command`` run as a new process ``runs`` times (after ``warmup`` untimed runs),
    and every timed run."""
    times: list[float] = []
    for index in range(warmup + runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False, env=ENV)
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):  # lint exits 1 when the framework has errors
            raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        if index >= warmup:
            times.append(elapsed)
    return statistics.median(times), times


def measure(commands: dict[str, list[str]], runs: int, warmup: int) -> dict[str, tuple[float, list[float]]]:
    return {label: median_seconds(command, runs, warmup) for label, command in commands.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", default=LINT_FILE, help=f"framework to lint (default {LINT_FILE})")
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command (default 7)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs first (default 1)")
    parser.add_argument("--max-seconds", type=float, default=1.0, help="fail above this median (default 1.0)")
    parser.add_argument("--busy", action=argparse.BooleanOptionalAction, default=True,
                        help="also time with one core kept busy (default on)")
    args = parser.parse_args(argv)

    base = command_line()
    commands = {"perfmethods --version": [*base, "--version"], f"perfmethods lint {args.file}": [*base, "lint",
                                                                                                 args.file]}
    results = {"quiet": measure(commands, args.runs, args.warmup)}
    if args.busy:
        spinner = subprocess.Popen([sys.executable, "-c", SPIN])
        try:
            results["one core busy"] = measure(commands, args.runs, args.warmup)
        finally:
            spinner.kill()
            spinner.wait()
    slow = False
    for condition, medians in results.items():
        for label, (seconds, times) in medians.items():
            verdict = "ok" if seconds <= args.max_seconds else "TOO SLOW"
            slow = slow or seconds > args.max_seconds
            runs = ", ".join(f"{t:.2f}" for t in times)
            print(f"{label:<60} {condition:<14} median {seconds:5.2f} s (max {args.max_seconds:g} s) {verdict}"
                  f"  runs {runs}")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
