"""``perfmethods lint FILE`` imports no pandas, matplotlib, scipy or notebook library, and says the same as before.

The command must answer within a second on the shared 2-core machine (``benchmarks/cli_startup.py`` times it);
what keeps it there is the set of modules it imports, which this test checks without timing anything: each run
is a fresh interpreter, the way the console script starts, and must print what the same command prints when
run in this process and exit with the code that the file's findings call for.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from perfmethods.indicators.linting import run_lint_cli

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("pandas", "matplotlib", "scipy", "statsmodels", "seaborn", "nbformat", "nbconvert", "papermill",
         "jupyter_client", "IPython", "distributed")

#: A fresh interpreter runs the CLI's ``main`` on one file and reports its exit code, its output and which heavy
#: top-level packages it imported.
PROBE = """
import contextlib, io, json, sys
from perfmethods.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    code = main(["lint", sys.argv[1], *sys.argv[3:]])
heavy = sorted({m.split(".")[0] for m in sys.modules} & set(json.loads(sys.argv[2])))
print(json.dumps({"code": code, "heavy": heavy, "out": out.getvalue()}))
"""

CASES = [
    # (file, extra options, exit code): a plain framework, a draft with errors (points that do not sum to 100,
    # which prints the level-1 breakdown), 附件2 self-evaluation tables as CSV and XLSX (their year is read), a
    # framework YAML, and the self-evaluation split in English
    ("data/examples/culture_program/indicators.csv", [], 0),
    ("data/examples/indicator_design/draft.csv", [], 1),
    ("data/examples/self_evaluation_tables/02_target_in_name_with_actuals.csv", [], 0),
    ("data/examples/self_evaluation_table/self_evaluation.xlsx", [], 0),
    ("data/examples/review_batch/16_points_110.xlsx", ["--language", "en"], 1),
    ("tests/io/fixtures/framework.yaml", ["--mode", "finance"], 0),
]


def probe(path: str, options: list[str]) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-c", PROBE, path, json.dumps(HEAVY), *options], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.parametrize(("path", "options", "code"), CASES, ids=[Path(c[0]).name for c in CASES])
def test_lint_command_imports_no_heavy_library(path: str, options: list[str], code: int) -> None:
    result = probe(path, options)
    assert result["heavy"] == [], (
        f"perfmethods lint {path} imported {result['heavy']}; the modules on its path import pandas inside the "
        "functions that build a frame (docs/architecture.md, 'Where the time goes')")
    assert result["code"] == code
    here = io.StringIO()
    language = options[options.index("--language") + 1] if "--language" in options else "zh"
    mode = options[options.index("--mode") + 1] if "--mode" in options else None
    assert run_lint_cli(str(ROOT / path), mode=mode, language=language, stream=here) == code
    assert result["out"] == here.getvalue().replace(str(ROOT / path), path)

