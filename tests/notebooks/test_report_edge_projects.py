"""Valid projects that used to fail to render (issue 11, "valid projects that must render").

Each test renders the default report on a copy of the bundled example, changed in one way a user may
legitimately write it: the optional ``profile`` / ``evaluation_mode`` left out, a data file given by an
absolute path outside the project folder, or a data file symlinked from another folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfmethods.datasets import example_path
from perfmethods.errors import RenderError
from perfmethods.evaluation import evaluate
from perfmethods.io import read_project
from perfmethods.reporting import render

ROOT = Path(__file__).resolve().parents[2]
REPORT = ROOT / "notebooks" / "reports" / "project_evaluation.ipynb"

pytestmark = pytest.mark.notebooks


def _copy(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(example_path("culture_program"), project)
    return project


def test_project_without_optional_profile_and_mode_renders(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    yaml_path = project / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    assert "  profile: central\n" in text and "  evaluation_mode: finance\n" in text
    yaml_path.write_text(
        text.replace("  profile: central\n", "").replace("  evaluation_mode: finance\n", ""), encoding="utf-8"
    )
    result = render(REPORT, {"project_dir": str(project)}, tmp_path / "out")
    read = read_project(project)
    expected = evaluate(
        read.framework,
        read.actuals,
        budget=read.budget,
        panel=read.panel,
        survey=read.survey,
        profile="central",
        mode="finance",
    )
    assert result.records["total"] == pytest.approx(expected.total)
    assert result.records["grade"] == expected.grade
    html = result.report.read_text(encoding="utf-8")
    assert "central" in html  # the profile used is named in the provenance section


def test_data_files_by_absolute_path_and_symlink_render(tmp_path: Path) -> None:
    project = _copy(tmp_path)
    shared = tmp_path / "shared"
    shared.mkdir()
    shutil.move(project / "actuals.csv", shared / "actuals.csv")
    shutil.move(project / "survey.csv", shared / "survey.csv")
    (project / "survey.csv").symlink_to(shared / "survey.csv")
    yaml_path = project / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    yaml_path.write_text(
        text.replace("actuals: actuals.csv", f"actuals: {shared / 'actuals.csv'}"), encoding="utf-8"
    )
    # by default a file outside the project folder is refused, and nothing is written
    with pytest.raises(RenderError, match="outside the project folder"):
        render(REPORT, {"project_dir": str(project)}, tmp_path / "refused")
    assert not (tmp_path / "refused").exists()
    # the user may allow it explicitly: the report then shows where each file was read from
    result = render(REPORT, {"project_dir": str(project), "allow_outside": True}, tmp_path / "out")
    html = result.report.read_text(encoding="utf-8")
    assert (shared / "actuals.csv").resolve().as_posix() in html
    assert (shared / "survey.csv").resolve().as_posix() in html
    assert ">project.yaml<" in html and ">indicators.csv<" in html
