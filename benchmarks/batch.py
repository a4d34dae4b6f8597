"""Benchmark: a portfolio rendered by ``perfmethods render-batch`` against one ``perfmethods render`` call per project.

The baseline is what a bureau did before: a shell loop running ``perfmethods render NOTEBOOK -p PARAMS --set
project_dir=PORTFOLIO/<folder> -o OUT/<folder>`` once per project, each call a new process paying the imports
(papermill, nbconvert, nbformat: about 3 s) again. The batch runs ``perfmethods render-batch NOTEBOOK PORTFOLIO -o
OUT --workers N``: N worker processes that import once, renders in parallel, and an index. Both are timed as
commands (process start-up included), into fresh output folders (nothing skipped), and every report of the batch is
checked to be byte-identical to the loop's. Target on the 2-core machine: batch / loop at most 0.5.

Usage::

    .venv/bin/python benchmarks/batch.py                    # the 20 projects of data/examples/portfolio, 2 workers
    .venv/bin/python benchmarks/batch.py --projects 6 --workers 2 --max-ratio 0.5

Prints both times and the ratio; exits 1 when the ratio exceeds ``--max-ratio`` or a report differs. Timings on
a shared machine are noisy: the loop and the batch run one after the other, so load from other jobs hits both.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "notebooks/reports/project_evaluation.ipynb"
PORTFOLIO = "data/examples/portfolio"
SCRIPT = Path(sys.executable).with_name("perfmethods")
FILES = ("report.html", "executed.ipynb", "manifest.json")


def run(command: list[str]) -> float:
    """Run a command in the repository root; return its wall time (raise when it fails)."""
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=20, help="how many projects of the portfolio (default 20)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes of the batch (default 2)")
    parser.add_argument("--max-ratio", type=float, default=0.5, help="fail above this batch/loop ratio")
    args = parser.parse_args(argv)

    folders = sorted(p for p in (ROOT / PORTFOLIO).iterdir() if (p / "project.yaml").is_file())[: args.projects]
    with tempfile.TemporaryDirectory(prefix="perfmethods-bench-batch-") as tmp:
        work = Path(tmp)
        portfolio = work / "portfolio"
        portfolio.mkdir()
        for folder in folders:
            shutil.copytree(folder, portfolio / folder.name)
        loop = 0.0
        for folder in folders:
            loop += run([str(SCRIPT), "render", NOTEBOOK, "--set", f"project_dir={portfolio / folder.name}",
                         "-o", str(work / "loop" / folder.name)])
        batch = run([str(SCRIPT), "render-batch", NOTEBOOK, str(portfolio), "-o", str(work / "batch"),
                     "--workers", str(args.workers), "--no-progress"])
        different = [
            f"{folder.name}/{name}" for folder in folders for name in FILES
            if (work / "loop" / folder.name / name).read_bytes() != (work / "batch" / folder.name / name).read_bytes()
        ]
    ratio = batch / loop
    n = len(folders)
    print(f"projects: {n}  workers: {args.workers}")
    print(f"loop  ({n} x perfmethods render):    {loop:7.1f} s  ({loop / n:5.2f} s a report)")
    print(f"batch (perfmethods render-batch):   {batch:7.1f} s  ({batch / n:5.2f} s a report)")
    verdict = "ok" if ratio <= args.max_ratio else "TOO SLOW"
    print(f"ratio batch/loop: {ratio:.2f} (max {args.max_ratio:g}) {verdict}")
    if different:
        print(f"reports that differ from the single renders: {', '.join(different)} (a commit or an edit in the "
              "checkout while the benchmark ran changes the footer and the manifest's git state)", file=sys.stderr)
        return 1
    print("every report of the batch is byte-identical to its single render")
    return 0 if ratio <= args.max_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
