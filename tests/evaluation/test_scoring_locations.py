"""Errors raised while scoring name the project file, the row and the indicator (issue 11, deliverable 9)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate
from perfmethods.io import read_project

PROJECT = Path(__file__).resolve().parents[1] / "io" / "fixtures" / "project"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_negative_actual_names_file_row_and_indicator(project_dir: Path) -> None:
    _edit(project_dir / "actuals.csv", "C3,98%", "C3,-98%")
    project = read_project(project_dir)
    with pytest.raises(InputError) as err:
        evaluate(project.framework, project.actuals, budget=project.budget)
    text = str(err.value)
    assert "actuals.csv" in text and "row 4" in text and "indicator 'C3'" in text
    assert "got -98 instead" in text
    assert err.value.location["row"] == 4 and err.value.location["indicator"] == "C3"


def test_reviewer_score_above_the_points_names_the_row(project_dir: Path) -> None:
    _edit(project_dir / "actuals.csv", "C4,96%,,,4.5,", "C4,96%,,,45,")
    project = read_project(project_dir)
    with pytest.raises(InputError) as err:
        evaluate(project.framework, project.actuals, budget=project.budget)
    assert err.value.location == {"file": str(project.actuals.source), "row": 5, "indicator": "C4"}
    assert "np." not in str(err.value)


def test_negative_target_names_the_framework_file(project_dir: Path) -> None:
    _edit(project_dir / "indicators.csv", "≥95%,%,行业标准", "≥-95%,%,行业标准")
    project = read_project(project_dir)
    with pytest.raises(InputError) as err:
        evaluate(project.framework, project.actuals, budget=project.budget)
    assert "indicators.csv" in str(err.value) and "indicator 'C3'" in str(err.value)
    assert "row" not in err.value.location


def test_falling_spending_in_the_budget_table_names_period_and_row(project_dir: Path) -> None:
    _edit(project_dir / "budget.csv", "第二季度,6,260", "第二季度,6,60")
    with pytest.raises(InputError) as err:
        read_project(project_dir)
    assert "budget.csv" in str(err.value) and "row 3" in str(err.value) and "第二季度" in str(err.value)


def test_a_refund_column_in_the_budget_table_allows_the_fall(project_dir: Path) -> None:
    path = project_dir / "budget.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    lines = [lines[0] + ",退款"] + [line + "," for line in lines[1:]]
    path.write_text("\n".join(lines).replace("第二季度,6,260,", "第二季度,6,60,70") + "\n", encoding="utf-8")
    project = read_project(project_dir)
    assert project.budget.periods["refund"].tolist()[:2] == [0.0, 70.0]



def test_compare_printed_accepts_a_numpy_integer_tolerance() -> None:
    import numpy as np

    from perfmethods.evaluation import compare_printed
    from perfmethods.io import read_self_evaluation_table

    table = read_self_evaluation_table(PROJECT.parent / "self_evaluation.xlsx")
    result = evaluate(table.framework, table.actuals, budget=table.budget, mode="self")
    by_int = compare_printed(table, result, tolerance=np.int64(1))
    assert by_int["agrees"].sum() == 9  # I07 有效 / 有效 states its target met (issue 12)
    assert by_int.equals(compare_printed(table, result, tolerance=1.0))
