"""The ``perfmethods`` CLI: exit codes, one-line errors, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from reporting_support import NOTEBOOKS

from perfmethods import __version__
from perfmethods.cli import COMMANDS, main

SCRIPT = Path(sys.executable).with_name("perfmethods")


def one_error_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"perfmethods {__version__}"


def test_no_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "COMMAND" in capsys.readouterr().err


def test_commands_table() -> None:
    assert {"render", "params"} <= set(COMMANDS)


def test_params_lists_types_defaults_help(in_project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["params", f"{NOTEBOOKS}/good.ipynb"]) == 0
    out = capsys.readouterr().out
    header, *rows = out.splitlines()
    assert header.split() == ["name", "type", "default", "help"]
    project_dir = next(row for row in rows if row.startswith("project_dir "))
    assert "str" in project_dir and '"tests/reporting/data/culture"' in project_dir
    assert "项目数据目录 [path]" in project_dir
    assert any(row.startswith("title ") and "str | None" in row for row in rows)


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--set", "yeer=2023"], "unknown parameter 'yeer' (did you mean 'year'?)"),
        (["--set", "year=abc"], "parameter 'year', option '--set': expected int, got str 'abc'"),
        (
            ["--set", "project_dir=nope"],
            "parameter 'project_dir', option '--set': path 'nope' does not exist",
        ),
        (["--set", "year"], "--set expects key=value"),
        (["-p", "missing.yaml"], "parameters file not found"),
        (["--timeout", "-1"], "The '--timeout' parameter must be a number in [0, inf); got -1 instead."),
        (
            ["--set", "language=zh-CN"],
            "parameter 'language', option '--set': The 'language' parameter must be one of 'zh', 'en'; "
            "got 'zh-CN' instead (write 'zh', not 'zh-CN').",
        ),
    ],
)
def test_parameter_errors_exit_2(
    in_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], fragment: str
) -> None:
    out = tmp_path / "out"
    assert main(["render", f"{NOTEBOOKS}/good.ipynb", "-o", str(out), *args]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert line.startswith("perfmethods render: error: ") and fragment in line
    assert not out.exists()


def test_yaml_float_pitfall_message(
    in_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    params = tmp_path / "p.yaml"
    params.write_text("threshold: 1e-3\n", encoding="utf-8")
    assert main(["render", f"{NOTEBOOKS}/good.ipynb", "-p", str(params), "-o", str(tmp_path / "o")]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert f"file '{params}', parameter 'threshold'" in line and "YAML 1.1" in line and "0.001" in line


def test_missing_notebook_and_no_parameters_cell_exit_2(
    in_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", "nope.ipynb", "-o", str(tmp_path / "o")]) == 2
    assert "notebook not found" in one_error_line(capsys.readouterr().err)
    assert main(["render", f"{NOTEBOOKS}/no_params.ipynb", "-o", str(tmp_path / "o")]) == 2
    assert "no cell is tagged 'parameters'" in one_error_line(capsys.readouterr().err)


@pytest.mark.notebooks
def test_render_failure_exits_1(in_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "o"
    assert main(["render", f"{NOTEBOOKS}/failing.ipynb", "-o", str(out), "--set", "n=3"]) == 1
    line = one_error_line(capsys.readouterr().err)
    assert "cell 4 raised ValueError: 坏数据 n=3" in line and "No report was written" in line
    assert not out.exists()


@pytest.mark.notebooks
def test_console_script_renders(in_project: Path, tmp_path: Path) -> None:
    """Once through the installed ``perfmethods`` script, as an analyst runs it."""
    out = tmp_path / "o"
    completed = subprocess.run(
        [str(SCRIPT), "render", f"{NOTEBOOKS}/trivial.py", "-o", str(out), "--set", "count=1", "--show-code"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith(f"Report written to {out / 'report.html'}")
    assert completed.stderr == ""
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'jp-InputArea-editor"' in report  # --show-code shows the code cells
    assert "你好" in report


@pytest.mark.slow
def test_console_script_parameter_error(in_project: Path, tmp_path: Path) -> None:
    completed = subprocess.run(
        [str(SCRIPT), "render", f"{NOTEBOOKS}/trivial.py", "-o", str(tmp_path / "o"), "--set", "count=x"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 2
    assert completed.stdout == ""
    line = one_error_line(completed.stderr)
    assert line == "perfmethods render: error: parameter 'count', option '--set': expected int, got str 'x'"


def test_unknown_format_is_a_usage_error(
    in_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "o"
    assert main(["render", f"{NOTEBOOKS}/trivial.py", "-o", str(out), "--format", "html,odt"]) == 2
    line = one_error_line(capsys.readouterr().err)
    assert "'formats' parameter of render must name some of html, docx, pdf; got html, odt" in line
    assert not out.exists()


@pytest.mark.notebooks
def test_render_writes_word_and_pdf_when_asked(
    in_project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    out = tmp_path / "o"
    assert main(["render", f"{NOTEBOOKS}/trivial.py", "-o", str(out), "--set", "count=1",
                 "--format", "html,docx,pdf"]) == 0
    printed = capsys.readouterr().out
    assert f"docx:              {out / 'report.docx'}" in printed
    assert f"pdf:               {out / 'report.pdf'}" in printed
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert {"report.html", "executed.ipynb", "report.docx", "report.pdf"} == set(manifest["outputs"])
    assert (out / "report.docx").read_bytes()[:2] == b"PK" and (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
