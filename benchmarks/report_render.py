"""Benchmark: time ``perfmethods.reporting.rendering`` against the floor of executing any notebook.

The floor is papermill executing a one-cell notebook that only imports the libraries a report uses
(perfmethods, pandas, numpy, matplotlib.pyplot, seaborn, scipy.stats, statsmodels.api) with the same
kernel manager: kernel start-up plus imports, which no renderer can avoid. The ratio render/floor is
what the rest of the pipeline (validation, the report's own computation, normalisation, HTML export,
manifest, atomic writes) costs on top. Target: at most 1.5x.

Usage::

    .venv/bin/python benchmarks/report_render.py                       # the default report
    .venv/bin/python benchmarks/report_render.py --notebook N --params P --runs 5 --max-ratio 1.5

Prints both medians and the ratio; exits 1 when the ratio exceeds ``--max-ratio``. The start-up of the command
line (``perfmethods --version``, ``perfmethods lint FILE``) is timed by ``benchmarks/cli_startup.py``. Without the
default report notebook (``notebooks/reports/project_evaluation.ipynb``) it falls back to the test fixture
``tests/reporting/notebooks/good.ipynb``. Timings on a shared 2-core machine are noisy: use several runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_NOTEBOOK = "notebooks/reports/project_evaluation.ipynb"
DEFAULT_PARAMS = "data/examples/culture_program/report.yaml"
FALLBACK_NOTEBOOK = "tests/reporting/notebooks/good.ipynb"
FALLBACK_PARAMS = "tests/reporting/notebooks/good.yaml"

FLOOR_SOURCE = """\
import numpy
import pandas
import matplotlib.pyplot
import seaborn
import scipy.stats
import statsmodels.api
import perfmethods
import perfmethods.reporting
"""


def floor_notebook():
    """A notebook whose only cell imports the report libraries (with an empty parameters cell)."""
    import nbformat

    parameters = nbformat.v4.new_code_cell("")
    parameters.metadata["tags"] = ["parameters"]
    nb = nbformat.v4.new_notebook(cells=[parameters, nbformat.v4.new_code_cell(FLOOR_SOURCE)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def run_floor(work: Path) -> None:
    """Execute the import-only notebook with papermill and the render's kernel manager."""
    import papermill

    from perfmethods.reporting.kernel import kernel_manager_class

    papermill.execute_notebook(
        floor_notebook(),
        None,
        kernel_name="python3",
        language="python",
        progress_bar=False,
        request_save_on_cell_execute=False,
        kernel_manager_class=kernel_manager_class(cwd=work, log_path=work / "kernel.log", ipc_dir=work),
        record_timing=False,
    )


def timed(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--notebook", default=DEFAULT_NOTEBOOK, help=f"report notebook (default {DEFAULT_NOTEBOOK})"
    )
    parser.add_argument(
        "--params", default=DEFAULT_PARAMS, help=f"parameters YAML (default {DEFAULT_PARAMS})"
    )
    parser.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE")
    parser.add_argument(
        "--runs", type=int, default=3, help="timed runs of each (default 3); the median counts"
    )
    parser.add_argument("--warmup", type=int, default=1, help="untimed runs of each first (default 1)")
    parser.add_argument("--max-ratio", type=float, default=1.5, help="fail above this render/floor ratio")
    args = parser.parse_args(argv)

    os.chdir(ROOT)
    notebook, params = args.notebook, args.params
    if notebook == DEFAULT_NOTEBOOK and not Path(notebook).exists():
        print(f"note: {DEFAULT_NOTEBOOK} not found; using the test fixture {FALLBACK_NOTEBOOK}")
        notebook, params = FALLBACK_NOTEBOOK, FALLBACK_PARAMS
    if params and not Path(params).exists():
        print(f"note: {params} not found; rendering with the notebook's defaults")
        params = None

    from perfmethods.errors import PerfMethodsError
    from perfmethods.reporting.params import parse_assignment
    from perfmethods.reporting.rendering import render

    overrides = dict(parse_assignment(text) for text in args.overrides)
    floor_times: list[float] = []
    render_times: list[float] = []
    with tempfile.TemporaryDirectory(prefix="perfmethods-bench-") as tmp:
        work = Path(tmp)
        try:
            for index in range(args.warmup + args.runs):
                # alternate, so that load from other jobs on the machine hits both alike
                floor = timed(lambda: run_floor(work))
                out = work / f"render-{index}"
                rendered = timed(lambda out=out: render(notebook, params, out, overrides=overrides))
                if index >= args.warmup:
                    floor_times.append(floor)
                    render_times.append(rendered)
        except PerfMethodsError as error:
            print(f"benchmark failed: {error}", file=sys.stderr)
            return 2

    floor_median = statistics.median(floor_times)
    render_median = statistics.median(render_times)
    ratio = render_median / floor_median
    print(f"notebook: {notebook}" + (f"  params: {params}" if params else ""))
    print(f"floor  (papermill, imports only): median {floor_median:6.2f} s  runs {_fmt(floor_times)}")
    print(f"render (perfmethods render):      median {render_median:6.2f} s  runs {_fmt(render_times)}")
    verdict = "ok" if ratio <= args.max_ratio else "TOO SLOW"
    print(f"ratio render/floor: {ratio:.2f}x (max {args.max_ratio:g}x) {verdict}")
    return 0 if ratio <= args.max_ratio else 1


def _fmt(times: list[float]) -> str:
    return ", ".join(f"{t:.2f}" for t in times)


if __name__ == "__main__":
    sys.exit(main())
