"""read_project: the project directory, project.yaml validation and the errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from iotest_helpers import FIXTURES, tree_hashes

from perfmethods.errors import InputError, SchemaError
from perfmethods.io import Project, read_project
from perfmethods.model.values import ParsedValue

PROJECT = FIXTURES / "project"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A writable copy of the fixture project, for the error cases."""
    return Path(shutil.copytree(PROJECT, tmp_path / "project"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8-sig")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8-sig" if path.suffix == ".csv" else "utf-8")


def test_read_project() -> None:
    before = tree_hashes(PROJECT)
    project = read_project(PROJECT)
    assert tree_hashes(PROJECT) == before
    assert isinstance(project, Project)
    meta = project.meta
    assert (meta["name"], meta["year"], meta["code"], meta["evaluation_mode"]) == (
        "文化惠民工程",
        2025,
        "WH-2025-017",
        "finance",
    )
    assert meta["synthetic"] is True and meta["currency_unit"] == "万元" and meta["profile"] == "central"
    assert meta["description"] == "测试用合成项目。\n第二行说明。\n"
    assert project.name == "文化惠民工程" and project.year == 2025
    assert project.framework.ids == tuple(f"C{k}" for k in range(1, 9))
    assert project.framework.name == "文化惠民工程"
    actual = project.actuals.get("C4")
    assert actual.value == ParsedValue("96%", None, 96.0, None, "%")
    assert (actual.reviewer_score, actual.reviewer_reason) == (4.5, "两场活动延期，评价组酌情扣分")
    c6 = project.actuals.get("C6")
    assert (c6.tier, c6.tier_score) == ("达成", 13.0)
    assert project.actuals.get("C1").note == "新增2场"
    budget = project.budget
    assert (budget.original, budget.adjusted, budget.executed, budget.unit) == (600, 580, 571.3, "万元")
    assert budget.periods.to_dict(orient="list") == {
        "period": ["第一季度", "第二季度", "第三季度", "第四季度"],
        "month": [3, 6, 9, 12],
        "executed_cum": [120.0, 260.0, 410.0, 571.3],
    }
    assert project.panel.group_weights == {"财政部门": 0.4, "专家": 0.4, "主管部门": 0.2}
    assert project.panel.data[["group", "evaluator", "indicator_id"]].iloc[0].tolist() == [
        "财政部门",
        "F1",
        "C6",
    ]
    assert project.panel.data["score"].tolist() == [13.0, 14.0, 12.0, 14.0]
    assert project.survey.items == ("Q1", "Q2", "Q3") and project.survey.n == 12
    assert project.survey.population == 50000
    assert project.root == PROJECT.resolve()
    assert project.files == {
        "project": PROJECT / "project.yaml",
        "indicators": PROJECT / "indicators.csv",
        "actuals": PROJECT / "actuals.csv",
        "budget": PROJECT / "budget.csv",
        "evaluators": PROJECT / "evaluator_scores.csv",
        "survey": PROJECT / "survey.csv",
    }
    assert all(p.is_absolute() and p.is_file() for p in project.files.values())


def test_read_project_from_the_yaml_file() -> None:
    assert read_project(PROJECT / "project.yaml").framework.ids == read_project(PROJECT).framework.ids


def test_mixed_formats_project() -> None:
    root = FIXTURES / "project_mixed"
    before = tree_hashes(root)
    project = read_project(root)
    assert tree_hashes(root) == before
    assert project.framework.name == "文化惠民工程绩效指标"  # the YAML framework keeps its own name
    assert project.actuals.ids == ("C1", "C6")
    assert project.actuals.get("C6").tier == "部分达成"
    assert (
        project.budget.executed == 571.3 and project.budget.adjusted == 600 and project.budget.periods is None
    )
    # documented default: every column except the respondent id is an item (街道 included)
    assert project.survey.items == ("街道", "Q1", "Q2", "Q3") and project.survey.population is None
    assert project.panel is None and project.meta["evaluation_mode"] is None
    assert set(project.files) == {"project", "indicators", "actuals", "survey"}


# -- project.yaml errors -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "key", "pattern"),
    [
        (
            "budget:\n  original",
            "bugdet:\n  original",
            "bugdet",
            "unknown key 'bugdet' \\(did you mean 'budget'\\?\\)",
        ),
        (
            "  code: WH",
            "  cdoe: WH",
            "project.cdoe",
            "unknown key 'project.cdoe' \\(did you mean 'code'\\?\\)",
        ),
        ("  actuals: actuals.csv", "  actual: actuals.csv", "files.actual", "unknown key 'files.actual'"),
        ("  name: 文化惠民工程\n", "", "project.name", "'project.name' is missing; it is required"),
        ("  year: 2025", "  year: 二〇二五", "project.year", "must be a year such as 2025; got '二〇二五'"),
        (
            "  evaluation_mode: finance",
            "  evaluation_mode: audit",
            "project.evaluation_mode",
            "self \\(单位自评\\)",
        ),
        ("  synthetic: true", "  synthetic: maybe", "project.synthetic", "must be true or false"),
        ("  actuals: actuals.csv\n", "", "files.actuals", "'files.actuals' is missing"),
        (
            "  original: 600",
            "  original: lots",
            "budget.original",
            "must be an amount >= 0 \\(in 万元\\); got 'lots'",
        ),
        ("  items: [Q1, Q2, Q3]", "  items: [Q1, Q9]", "survey.items", "survey item 'Q9' .* is not a column"),
        (
            "{财政部门: 0.4, 专家: 0.4, 主管部门: 0.2}",
            "{财政部门: 0.4, 专家: -1}",
            "evaluators.group_weights",
            ">= 0",
        ),
    ],
)
def test_yaml_errors_name_the_key_and_file(
    project_dir: Path, old: str, new: str, key: str, pattern: str
) -> None:
    _edit(project_dir / "project.yaml", old, new)
    with pytest.raises(InputError) as info:
        read_project(project_dir)
    assert re.search(pattern, str(info.value)), str(info.value)
    assert info.value.location["key"] == key
    assert info.value.location["file"] == str(project_dir / "project.yaml")
    line = info.value.location.get("line")
    at = f", line {line}" if line is not None else ""
    assert str(info.value).startswith(f"file '{project_dir / 'project.yaml'}'{at}, parameter '{key}': ")
    if line is not None:  # the line named is the line of the key that is wrong
        text = (project_dir / "project.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
        assert text.strip().startswith(key.split(".")[-1] + ":"), text


def test_population_smaller_than_the_sample(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  population: 50000", "  population: 5")
    with pytest.raises(InputError, match="smaller than the number of responses") as info:
        read_project(project_dir)
    assert info.value.location["file"] == str(project_dir / "survey.csv")


def test_missing_file_names_key_and_resolved_path(project_dir: Path) -> None:
    (project_dir / "actuals.csv").unlink()
    with pytest.raises(InputError) as info:
        read_project(project_dir)
    message = str(info.value)
    assert "'files.actuals'" in message and "does not exist" in message
    assert str((project_dir / "actuals.csv").resolve()) in message
    assert info.value.location == {"file": str(project_dir / "project.yaml"), "key": "files.actuals", "line": 19}


def test_no_project_yaml(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no project\.yaml found"):
        read_project(tmp_path)


def test_budget_table_without_budget_section(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "budget:\n  original: 600\n  adjusted: 580\n", "")
    with pytest.raises(
        InputError, match=r"'files\.budget' is given but there is no 'budget' section"
    ) as info:
        read_project(project_dir)
    assert info.value.location["key"] == "budget"


def test_budget_computed_indicator_needs_a_budget(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "budget:\n  original: 600\n  adjusted: 580\n", "")
    _edit(project_dir / "project.yaml", "  budget: budget.csv\n", "")
    with pytest.raises(
        InputError, match="indicator 'C8' \\(预算执行率\\) is computed from 'budget_execution'"
    ) as info:
        read_project(project_dir)
    assert info.value.location == {
        "file": str(project_dir / "indicators.csv"),
        "indicator": "C8",
        "key": "budget",
    }


def test_survey_computed_indicator_needs_a_survey(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  survey: survey.csv\n", "")
    _edit(project_dir / "project.yaml", "survey:\n  items: [Q1, Q2, Q3]\n  population: 50000\n", "")
    with pytest.raises(InputError, match=r"indicator 'C7' .* survey table"):
        read_project(project_dir)


def test_executed_defaults_need_a_source(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  budget: budget.csv\n", "")
    with pytest.raises(InputError, match=r"'budget\.executed' .* is missing"):
        read_project(project_dir)


# -- table errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "old", "new", "row", "column", "indicator", "pattern"),
    [
        (
            "actuals.csv",
            "C3,98%",
            "C33,98%",
            4,
            "指标编码",
            "C33",
            "no indicator of the framework has the id 'C33'",
        ),
        ("actuals.csv", "C3,98%", "C2,98%", 4, "指标编码", "C2", "given twice \\(first at row 3\\)"),
        (
            "actuals.csv",
            "明显改善,达成",
            "明显改善,很好",
            7,
            "定性等级",
            "C6",
            "unknown qualitative tier '很好'",
        ),
        (
            "actuals.csv",
            "明显改善,达成,13",
            "明显改善,达成,十三",
            7,
            "等级得分",
            "C6",
            "the '等级得分' column must hold points",
        ),
        (
            "actuals.csv",
            "4.5,两场活动延期，评价组酌情扣分",
            "4.5,",
            5,
            "复核说明",
            "C4",
            "needs a written reason",
        ),
        ("budget.csv", "第二季度,6,", "第二季度,13,", 3, "月份", None, "month must be a number 1–12"),
        ("budget.csv", "第三季度,9,", "第三季度,5,", 4, "月份", None, "calendar order"),
        ("budget.csv", "410", "四百一十", 4, "累计执行数", None, "cumulative spending"),
        (
            "evaluator_scores.csv",
            "E1,C6,14",
            "E1,C6,高",
            3,
            "得分",
            "C6",
            "score must be points >= 0; got '高'",
        ),
        (
            "evaluator_scores.csv",
            "E1,C6,14",
            "E1,C6,40",
            3,
            "得分",
            "C6",
            "above the indicator's points \\(15\\)",
        ),
        (
            "evaluator_scores.csv",
            "E1,C6,14",
            "E1,C9,14",
            3,
            "指标编码",
            "C9",
            "no indicator of the framework has the id",
        ),
        (
            "evaluator_scores.csv",
            "E2,C6",
            "E1,C6",
            4,
            "评价人",
            "C6",
            "scored indicator 'C6' twice \\(first at row 3\\)",
        ),
        ("indicators.csv", "20,≥,≥50场", "20,≥,≥50人次", 2, "计量单位", "C1", "does not match"),
    ],
)
def test_table_errors_name_file_row_column_and_indicator(
    project_dir: Path,
    file: str,
    old: str,
    new: str,
    row: int,
    column: str,
    indicator: str | None,
    pattern: str,
) -> None:
    _edit(project_dir / file, old, new)
    with pytest.raises(InputError, match=pattern) as info:
        read_project(project_dir)
    location = info.value.location
    assert location["file"] == str(project_dir / file)
    assert location["row"] == row and location["column"] == column
    assert location.get("indicator") == indicator
    assert str(info.value).startswith(f"file '{project_dir / file}', row {row}, column '{column}'")


def test_actuals_table_missing_column(project_dir: Path) -> None:
    _edit(project_dir / "actuals.csv", "指标编码,实际完成值", "编号x,实际完成值")
    with pytest.raises(SchemaError, match="'indicator_id' \\(指标编码 / 指标编号") as info:
        read_project(project_dir)
    assert info.value.location == {
        "file": str(project_dir / "actuals.csv"),
        "sheet": None,
        "column": "indicator_id",
    }


def test_evaluator_group_without_weight(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", ", 主管部门: 0.2}", "}")
    with pytest.raises(InputError, match="groups \\['主管部门'\\] have no weight") as info:
        read_project(project_dir)
    assert info.value.location["file"] == str(project_dir / "evaluator_scores.csv")


def test_inputs_are_not_modified_by_failed_reads(project_dir: Path) -> None:
    _edit(project_dir / "actuals.csv", "C3,98%", "C33,98%")
    before = tree_hashes(project_dir)
    with pytest.raises(InputError):
        read_project(project_dir)
    assert tree_hashes(project_dir) == before


def test_amounts_in_yuan_are_converted_to_the_currency_unit(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "  original: 600", "  original: 6000000元")
    assert read_project(project_dir).budget.original == 600


@pytest.mark.parametrize(
    ("old", "new", "key", "pattern"),
    [
        ("  evaluators: evaluator_scores.csv\n", "", "evaluators.group_weights", "'files.evaluators'"),
        ("  survey: survey.csv\n", "", "survey", "'files.survey'"),
    ],
)
def test_settings_without_their_table(project_dir: Path, old: str, new: str, key: str, pattern: str) -> None:
    _edit(project_dir / "project.yaml", old, new)
    with pytest.raises(InputError, match=pattern) as info:
        read_project(project_dir)
    assert info.value.location["key"] == key


def test_survey_items_match_loosely_and_the_respondent_column_is_renamed(project_dir: Path) -> None:
    _edit(project_dir / "project.yaml", "items: [Q1, Q2, Q3]", "items: [q1, Ｑ2]")
    survey = read_project(project_dir).survey
    assert survey.items == ("Q1", "Q2")
    assert list(survey.data.columns) == ["respondent", "街道", "Q1", "Q2", "Q3"]
    assert survey.data.loc[4, "Q3"] is None  # item non-response stays missing


def test_bundled_example_reads() -> None:
    root = Path(__file__).resolve().parents[2] / "data" / "examples" / "culture_program"
    if not (root / "project.yaml").is_file():
        pytest.skip("the bundled example is not in this checkout")
    before = tree_hashes(root)
    project = read_project(root)
    assert tree_hashes(root) == before
    assert project.meta["synthetic"] is True
    assert set(project.actuals.ids) <= set(project.framework.ids)


@pytest.mark.parametrize("spelling", ["self", "Self-Evaluation", "单位自评", "自评", "department", "部门评价",
                                      "部门自评", "部门", " finance ", "财政评价", "财政重点评价", "财政"])
def test_project_yaml_accepts_every_mode_spelling(project_dir: Path, spelling: str) -> None:
    from perfmethods.model.modes import normalise_mode

    _edit(project_dir / "project.yaml", "  evaluation_mode: finance", f"  evaluation_mode: {spelling}")
    assert read_project(project_dir).meta["evaluation_mode"] == normalise_mode(spelling)


# -- one panel validator for a DataFrame and for a file -------------------------------------------------
def test_panel_duplicate_names_evaluator_and_indicator_from_frame_and_file(project_dir: Path) -> None:
    import pandas as pd

    from perfmethods.model.inputs import PanelScores

    frame = pd.DataFrame({"group": ["专家", "专家", "专家"], "evaluator": ["E1", "E2", "E1"],
                          "indicator_id": ["C6", "C6", "C6"], "score": [14, 12, 13]})
    duplicate = r"evaluator 'E1' scored indicator 'C6' twice \(first at row {}\)"
    with pytest.raises(InputError, match=duplicate.format(2)) as a:
        PanelScores(frame)
    assert a.value.location["indicator"] == "C6" and a.value.location["row"] == 4
    _edit(project_dir / "evaluator_scores.csv", "E2,C6,12", "E1,C6,12")
    with pytest.raises(InputError, match=duplicate.format(3)) as b:
        read_project(project_dir)
    assert b.value.location["indicator"] == "C6" and b.value.location["column"] == "评价人"


@pytest.mark.parametrize(("column", "value", "pattern"), [
    ("evaluator", "", "the 'evaluator' cell is empty"),
    ("score", "高", "the score must be points >= 0; got '高'"),
    ("score", -1, "the score must be points >= 0; got -1"),
])
def test_panel_frame_and_file_share_the_cell_checks(project_dir: Path, column: str, value: object,
                                                    pattern: str) -> None:
    import pandas as pd

    from perfmethods.model.inputs import PanelScores

    frame = pd.DataFrame({"group": ["专家"], "evaluator": ["E1"], "indicator_id": ["C6"], "score": [14]})
    frame[column] = frame[column].astype(object)
    frame.loc[0, column] = value
    with pytest.raises(InputError, match=re.escape(pattern)):
        PanelScores(frame)
    old = "专家,E1,C6,14"
    new = {"evaluator": f"专家,{value},C6,14", "score": f"专家,E1,C6,{value}"}[column]
    _edit(project_dir / "evaluator_scores.csv", old, new)
    with pytest.raises(InputError, match=re.escape(pattern)):
        read_project(project_dir)


def test_check_panel_scores_with_points_rejects_unknown_ids_and_scores_above_points() -> None:
    import pandas as pd

    from perfmethods.model.inputs import check_panel_scores

    frame = pd.DataFrame({"group": ["专家"], "evaluator": ["E1"], "indicator_id": ["C1-7"], "score": [9.0]})
    with pytest.raises(InputError, match=r"has the id 'C1-7' \(did you mean 'C1-1'\?\)"):
        check_panel_scores(frame, points={"C1-1": 15.0})
    with pytest.raises(InputError, match=r"the score 9 is above the indicator's points \(8\)"):
        check_panel_scores(frame, points={"C1-7": 8.0})
    out = check_panel_scores(frame.assign(evaluator=" E1 "), points={"C1-7": 10.0})
    assert out["evaluator"].tolist() == ["E1"] and out["score"].dtype == float
