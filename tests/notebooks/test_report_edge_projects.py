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
    assert "财预〔2020〕10号 通行口径" in html  # the default profile is named, by its reader's name


def test_missing_narrative_is_generated_or_marked_and_listed(tmp_path: Path) -> None:
    # A project without the narrative section, evaluated as a unit's self-evaluation: the texts the data
    # can give are generated and say so, the others are marked placeholders, section 七 lists them all,
    # and the completed self-evaluation table (附件2 layout) is appended.
    project = _copy(tmp_path)
    yaml_path = project / "project.yaml"
    text = yaml_path.read_text(encoding="utf-8")
    assert "\nnarrative:\n" in text
    yaml_path.write_text(text[: text.index("\nnarrative:\n") + 1], encoding="utf-8")
    result = render(REPORT, {"project_dir": str(project), "mode": "self"}, tmp_path / "out")
    html = result.report.read_text(encoding="utf-8")
    assert "（以下文字由 perfmethods 根据项目数据自动生成，请评价机构核实、修改后使用。）" in html
    assert "本次评价旨在了解文化惠民工程（社区文化活动）2025年度预算资金的使用情况" in html
    assert "（待评价机构补充：项目实施的主要经验及做法）" in html
    assert "（待评价机构补充：其他需要说明的问题）" in html
    # 预算执行率 fell short and neither the actuals table nor narrative.reasons says why
    assert "（待评价机构补充：“预算执行率”失分的原因）" in html
    missing = result.records["missing_narrative"]
    assert missing[:4] == ["评价目的", "评价对象和范围", "评价原则、方法和标准",
                           "评价工作过程（时间安排、现场核查、收集的资料）"]
    assert "项目实施的主要经验及做法" in missing and "“预算执行率”失分的原因" in missing
    assert "本报告中以下内容尚待评价机构补充：评价目的、评价对象和范围" in html
    assert "附件2：项目支出绩效自评表" in html and "偏差原因分析及改进措施" in html
    assert html.index("七、其他需要说明的问题") < html.index("附件2：项目支出绩效自评表")


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
