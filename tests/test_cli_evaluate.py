"""CLI: `perfmethods evaluate` and `perfmethods profiles` (the render and params commands: tests/reporting)."""

from __future__ import annotations

import json

import pytest

from perfmethods.cli import main
from perfmethods.datasets import example_path


def test_evaluate_prints_table_total_grade_and_findings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(example_path("culture_program"))]) == 0
    out = capsys.readouterr().out
    assert "文化惠民工程" in out and "C12" in out and "4.12万人次" in out
    assert "total 88.36  grade 良" in out
    assert "[warning]" in out and "参与市民人次" in out


def test_evaluate_json_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(example_path("culture_program"))
    assert main(["evaluate", path, "--json", "--profile", "integer_nearest"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["profile"]["name"] == "integer_nearest"
    assert all(float(row["points"]).is_integer() for row in data["indicators"])
    assert main(["evaluate", path, "--language", "en"]) == 0
    assert "grade good" in capsys.readouterr().out


def test_evaluate_bad_input_is_one_line_and_exit_2(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("perfmethods evaluate: error:") and "project.yaml" in err
    assert "Traceback" not in err


def test_profiles(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for name in ("central", "integer_down", "integer_nearest", "budget_20_80", "no_budget_row"):
        assert name in out
    assert main(["profiles", "central"]) == 0
    out = capsys.readouterr().out
    assert "grade_bands" in out and "优 ≥ 90" in out and "[verified]" in out
    assert main(["profiles", "nope"]) == 2
    assert "unknown locality profile 'nope'" in capsys.readouterr().err


def test_evaluate_without_the_optional_profile_and_mode(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:
    import shutil

    from perfmethods.io import read_project
    from perfmethods.io.project import DEFAULT_MODE, DEFAULT_PROFILE

    project = tmp_path / "project"
    shutil.copytree(example_path("culture_program"), project)
    yaml_path = project / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    text = text.replace("  profile: central\n", "").replace("  evaluation_mode: finance\n", "")
    yaml_path.write_text(text, encoding="utf-8")
    read = read_project(project)
    assert read.meta["profile"] is None and read.meta["evaluation_mode"] is None
    assert (read.profile, read.evaluation_mode) == (DEFAULT_PROFILE, DEFAULT_MODE) == ("central", "finance")
    assert main(["evaluate", str(project)]) == 0
    assert "total 88.36  grade 良" in capsys.readouterr().out
    yaml_path.write_text(text.replace("  year: 2025\n", "  year: 2025\n  profile: integer_nearest\n"
                                      "  evaluation_mode: 单位自评\n"), encoding="utf-8")
    read = read_project(project)
    assert (read.profile, read.evaluation_mode) == ("integer_nearest", "self")
