"""Indicator frameworks from YAML, CSV/XLSX and the official self-evaluation table; errors; round trips."""

from __future__ import annotations

import dataclasses
import math
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from iotest_helpers import FIXTURES, sha256

from perfmethods.errors import InputError, SchemaError
from perfmethods.io import (
    framework_from_records,
    read_framework_table,
    read_framework_yaml,
    read_self_evaluation_table,
    write_framework_table,
)
from perfmethods.model.framework import Computed, Direction, EvaluationStandard, Indicator, IndicatorFramework
from perfmethods.model.inputs import Budget
from perfmethods.model.values import ParsedValue, parse_value

P, R, Q = Direction.POSITIVE, Direction.REVERSE, Direction.QUALITATIVE
# id, level1, level2, name, weight, direction, inferred, target, unit, standard, computed
EXPECTED = [
    ("C1", "产出指标", "数量指标", "社区文化活动场次", 20, P, False, "≥50场", "场", "计划标准", None),
    ("C2", "产出指标", "数量指标", "参与市民人次", 15, P, True, "5万人次以上", "万人次", "计划标准", None),
    ("C3", "产出指标", "质量指标", "活动验收合格率", 10, P, True, "≥95%", "%", "行业标准", None),
    ("C4", "产出指标", "时效指标", "活动按计划完成率", 5, P, False, "100%", "%", "计划标准", None),
    (
        "C5",
        "成本指标",
        "经济成本指标",
        "单场活动平均成本",
        10,
        R,
        False,
        "≤1.2万元",
        "万元",
        "历史标准",
        None,
    ),
    (
        "C6",
        "效益指标",
        "社会效益指标",
        "群众文化生活改善情况",
        15,
        Q,
        False,
        "明显改善",
        "",
        "其他标准",
        "panel",
    ),
    (
        "C7",
        "满意度指标",
        "服务对象满意度指标",
        "参与群众满意率",
        15,
        P,
        True,
        "≥90%",
        "%",
        "其他标准",
        "survey_rate",
    ),
    ("C8", "过程指标", "资金管理", "预算执行率", 10, P, True, "≥95%", "%", "计划标准", "budget_execution"),
]


def _check_expected(fw: IndicatorFramework, ids: list[str] | None = None) -> None:
    ids = ids or [row[0] for row in EXPECTED]
    assert fw.ids == tuple(ids)
    for ind, (_, l1, l2, name, w, d, inferred, target, unit, standard, computed) in zip(
        fw, EXPECTED, strict=True
    ):
        assert (ind.level1, ind.level2, ind.name, ind.points) == (l1, l2, name, w)
        assert ind.direction is d and ind.direction_inferred is inferred, ind.id
        assert ind.target == parse_value(target) and ind.unit == unit
        assert ind.standard is EvaluationStandard(standard)
        assert (ind.computed.value if ind.computed else None) == computed
    assert fw.points().sum() == 100


def _strip(fw: IndicatorFramework) -> list[Indicator]:
    """Indicators without ids (to compare a table with generated ids against one with given ids)."""
    return [dataclasses.replace(ind, id="x") for ind in fw]


def test_yaml() -> None:
    path = FIXTURES / "framework.yaml"
    digest = sha256(path)
    fw = read_framework_yaml(path)
    assert sha256(path) == digest
    _check_expected(fw)
    assert fw.name == "文化惠民工程绩效指标" and fw.total == 100 and fw.source == str(path)
    assert fw["C1"].grading == "完成值/指标值×分值" and fw["C1"].data_source == "活动台账"


def test_english_csv_without_bom() -> None:
    fw = read_framework_table(FIXTURES / "framework_en.csv")
    _check_expected(fw)
    assert fw.indicators == read_framework_yaml(FIXTURES / "framework.yaml").indicators


@pytest.mark.parametrize("name", ["framework_zh.csv", "framework_gb18030.csv"])
def test_chinese_csv_generates_ids_and_fills_merged_levels(name: str) -> None:
    path = FIXTURES / name
    digest = sha256(path)
    fw = read_framework_table(path)
    assert sha256(path) == digest
    _check_expected(fw, [f"I0{k}" for k in range(1, 9)])
    assert fw.name == Path(name).stem
    assert _strip(fw) == _strip(read_framework_yaml(FIXTURES / "framework.yaml"))


def test_xlsx_with_title_rows_merged_cells_and_total_row() -> None:
    path = FIXTURES / "framework.xlsx"
    digest = sha256(path)
    fw = read_framework_table(path)  # skips the 说明 sheet
    assert sha256(path) == digest
    _check_expected(fw)
    assert fw.indicators == read_framework_yaml(FIXTURES / "framework.yaml").indicators


@pytest.mark.parametrize(("name", "sheet"), [("framework.xlsx", "两行表头"), ("framework_two_row.csv", None)])
def test_two_row_headers(name: str, sheet: str | None) -> None:
    fw = read_framework_table(FIXTURES / name, sheet=sheet)
    assert fw.ids == tuple(f"I0{k}" for k in range(1, 9))
    assert [ind.direction for ind in fw] == [row[5] for row in EXPECTED]
    assert [ind.target.text for ind in fw] == [row[7] for row in EXPECTED]
    assert fw["I01"].data_source == "活动台账" and fw["I05"].unit == "万元"
    assert fw["I06"].standard is EvaluationStandard.PLAN  # no 评价标准 column: the default


# -- the official self-evaluation table (附件2) -----------------------------------------------------


@pytest.mark.parametrize("name", ["self_evaluation.xlsx", "self_evaluation.csv"])
def test_self_evaluation_table(name: str) -> None:
    path = FIXTURES / name
    digest = sha256(path)
    table = read_self_evaluation_table(path)
    assert sha256(path) == digest
    assert table.project_name == "社区文化惠民工程" and table.year == 2024
    assert table.department == "某市文化和旅游局" and table.implementing_unit == "某市群众艺术馆"
    assert table.goal.startswith("一年内举办至少50场") and table.goal_result.startswith("全年举办52场")
    fw = table.framework
    assert fw.name == "社区文化惠民工程"
    assert fw.ids == ("B01", "I01", "I02", "I03", "I04", "I05", "I06", "I07", "I08")
    budget_row = fw["B01"]
    assert (budget_row.name, budget_row.level1, budget_row.points, budget_row.computed) == (
        "预算执行率",
        "预算执行",
        10.0,
        Computed.BUDGET_EXECUTION,
    )
    assert fw.points().sum() == 100
    assert fw.level1 == ("预算执行", "产出指标", "效益指标", "满意度指标")
    assert fw.level2("产出指标") == ("数量指标", "质量指标", "时效指标", "成本指标")
    assert fw["I02"].target == ParsedValue("5万人次以上", "≥", 5.0, None, "万人次")
    assert fw["I05"].direction is Direction.REVERSE and fw["I06"].direction is Direction.QUALITATIVE
    assert all(fw[i].direction_inferred for i in fw.ids[1:])
    assert table.budget == Budget(600, 580, 571.3, unit="万元", source=str(path))
    assert table.printed_execution_rate == ParsedValue("98.5%", None, 98.5, None, "%")
    assert table.printed_total == 98.35 and table.printed_total_weight == 100
    assert table.printed_points.to_dict() == {
        "B01": 9.85,
        "I01": 20,
        "I02": 15,
        "I03": 10,
        "I04": 4.5,
        "I05": 10,
        "I06": 14,
        "I07": 5,
        "I08": 10,
    }
    assert table.actuals.ids == fw.ids[1:]
    assert table.actuals.get("I02").value == ParsedValue("5.23万人次", None, 5.23, None, "万人次")
    assert table.actuals.get("I04").note == "两场活动因天气延期"
    assert table.actuals.get("I06").tier == "达成" and table.actuals.get("I07").tier is None
    assert table.rows["I01"] == 13 and table.rows["B01"] == 6
    assert table.sheet == ("自评表" if name.endswith("xlsx") else None)


def test_from_excel_on_the_self_evaluation_table_equals_its_framework() -> None:
    path = FIXTURES / "self_evaluation.xlsx"
    assert (
        read_framework_table(path).indicators
        == read_self_evaluation_table(path).framework.indicators
    )


def _self_eval_csv(tmp_path: Path, body: str, budget_points: str = "10") -> Path:
    text = (
        "项目支出绩效自评表\n（2023年度）\n项目名称,测试项目\n"
        f"项目资金（万元）,,年初预算数,全年预算数,全年执行数,分值,执行率,得分\n,年度资金总额,100,90,90,{budget_points},100%,10\n"
        "绩效指标,一级指标,二级指标,三级指标,年度指标值,实际完成值,分值,得分,偏差原因分析及改进措施\n"
        f"{body}总分,,,,,,100,95\n"
    )
    path = tmp_path / "se.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_self_evaluation_points_must_be_numbers(tmp_path: Path) -> None:
    path = _self_eval_csv(tmp_path, ",产出指标,数量指标,场次,≥50场,52场,90,满分,\n")
    with pytest.raises(InputError) as info:
        read_self_evaluation_table(path)
    assert info.value.location == {
        "file": str(path),
        "sheet": None,
        "row": 7,
        "column": "得分",
        "indicator": "I01",
    }
    assert "got '满分' instead" in str(info.value)


def test_self_evaluation_without_budget_points_has_no_budget_indicator(tmp_path: Path) -> None:
    path = _self_eval_csv(tmp_path, ",产出指标,数量指标,场次,≥50场,52场,100,95,\n", budget_points="")
    table = read_self_evaluation_table(path)
    assert table.framework.ids == ("I01",) and table.budget is not None and table.year == 2023
    assert table.printed_points.to_dict() == {"I01": 95}


def test_self_evaluation_requires_the_actual_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("一级指标,二级指标,三级指标,年度指标值,分值\n产出,数量,场次,≥50场,10\n", encoding="utf-8")
    with pytest.raises(SchemaError, match="'actual' \\(实际完成值"):
        read_self_evaluation_table(path)


# -- row handling -------------------------------------------------------------------------------------


def _write(tmp_path: Path, text: str, name: str = "fw.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_subtotal_heading_and_note_rows_are_not_indicators(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "一级指标,二级指标,三级指标,分值,年度指标值\n"
        "产 出 指 标,,,,\n"  # a heading row with only the level label
        ",数量指标,场次,10,≥50场\n"
        ",,小计,10,\n"
        "效益指标,社会效益,满意度,5 分,≥90%\n"
        "注：本表为示例。,,,,\n"
        "不是指标,x,y,1,1\n",
    )
    fw = read_framework_table(path)
    assert [(i.level1, i.level2, i.name, i.points) for i in fw] == [
        ("产出指标", "数量指标", "场次", 10),
        ("效益指标", "社会效益", "满意度", 5),
    ]


def test_without_level2_column_level2_repeats_level1(tmp_path: Path) -> None:
    fw = read_framework_table(_write(tmp_path, "一级指标,指标名称,权重,目标值\n产出,场次,10%,50\n"))
    ind = fw["I01"]
    assert (ind.level1, ind.level2, ind.points, ind.direction, ind.direction_inferred) == (
        "产出",
        "产出",
        10,
        P,
        True,
    )


@pytest.mark.parametrize(
    ("target", "direction"),
    [
        ("≥50", Direction.POSITIVE),
        ("≤5%", Direction.REVERSE),
        ("=0起", Direction.EQUAL),
        ("80-90%", Direction.RANGE),
        ("按时完成", Direction.QUALITATIVE),
        ("735 人次", Direction.POSITIVE),
    ],
)
def test_direction_inference(tmp_path: Path, target: str, direction: Direction) -> None:
    fw = read_framework_table(
        _write(tmp_path, f"一级指标,二级指标,三级指标,分值,年度指标值\n产出,数量,x,10,{target}\n")
    )
    assert fw["I01"].direction is direction and fw["I01"].direction_inferred


# -- errors name file, row, column and indicator ----------------------------------------------------

HEAD = "指标编码,一级指标,二级指标,三级指标,分值,指标性质,年度指标值,计量单位,评价标准,计算方式\n"
GOOD = "C1,产出,数量,场次,10,≥,≥50场,场,计划,\n"


@pytest.mark.parametrize(
    ("row", "column", "indicator", "pattern"),
    [
        (
            "C2,产出,数量,人次,十分,≥,≥5,,,",
            "分值",
            "C2",
            "weight \\(分值\\) must be a number.*got '十分' instead",
        ),
        ("C2,产出,数量,人次,,≥,≥5,,,", "分值", "C2", "weight \\(分值\\) is empty"),
        ("C2,产出,数量,人次,-3,≥,≥5,,,", "分值", "C2", "must be >= 0"),
        ("C2,产出,数量,,5,≥,≥5,,,", "三级指标", "C2", "indicator name .* is empty"),
        ("C2,产出,数量,人次,5,向上,≥5,,,", "指标性质", "C2", "unknown indicator direction '向上'"),
        ("C2,产出,数量,人次,5,≤,≥5,,,", "指标性质", "C2", "is '≤' \\(反向\\) but the target '≥5' says '≥'"),
        ("C2,产出,数量,人次,5,区间,≥5,,,", "年度指标值", "C2", "needs a target with two bounds"),
        ("C2,产出,数量,人次,5,,,,,", "指标性质", "C2", "cannot be inferred because the target"),
        ("C2,产出,数量,人次,5,≥,≥5场,人次,,", "计量单位", "C2", "unit .*'人次' does not match .*'场'"),
        (
            "C2,产出,数量,人次,5,≥,≥5,,完成得满分,",
            "评价标准",
            "C2",
            "unknown evaluation standard.*name it 评分标准",
        ),
        ("C2,产出,数量,人次,5,≥,≥5,,,问卷", "计算方式", "C2", "unknown computed source '问卷'"),
        ("C1,产出,数量,人次,5,≥,≥5,,,", "指标编码", "C1", "'C1' is used twice \\(first used at row 2\\)"),
        (",产出,数量,人次,5,≥,≥5,,,", "指标编码", None, "indicator id .* is empty"),
    ],
)
def test_row_errors_say_where(
    tmp_path: Path, row: str, column: str, indicator: str | None, pattern: str
) -> None:
    path = _write(tmp_path, HEAD + GOOD + row + "\n")
    with pytest.raises(InputError, match=pattern) as info:
        read_framework_table(path)
    assert info.value.location == {
        "file": str(path),
        "sheet": None,
        "row": 3,
        "column": column,
        "indicator": indicator,
    }
    assert str(info.value).startswith(f"file '{path}', row 3, column '{column}'")


def test_level_labels_must_be_present_at_the_start(tmp_path: Path) -> None:
    path = _write(tmp_path, "一级指标,二级指标,三级指标,分值,年度指标值\n,数量,场次,10,≥50\n")
    with pytest.raises(InputError, match="level-1 label") as info:
        read_framework_table(path)
    assert info.value.location["row"] == 2 and info.value.location["column"] == "一级指标"
    path = _write(
        tmp_path, "一级指标,二级指标,三级指标,分值,年度指标值\n产出,数量,场次,10,≥50\n效益,,满意度,5,≥90%\n"
    )
    with pytest.raises(InputError, match="level-2 label") as info:
        read_framework_table(path)
    assert info.value.location == {
        "file": str(path),
        "sheet": None,
        "row": 3,
        "column": "二级指标",
        "indicator": "I02",
    }


def test_missing_column_in_a_workbook_names_the_sheet(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "指标"
    wb.active.append(["一级指标", "三级指标", "年度指标值"])
    wb.active.append(["产出", "场次", "≥50"])
    wb.save(tmp_path / "fw.xlsx")
    with pytest.raises(SchemaError) as info:
        read_framework_table(tmp_path / "fw.xlsx")
    assert info.value.location == {"file": str(tmp_path / "fw.xlsx"), "sheet": "指标", "column": "weight"}
    assert "'weight' (分值 / 权重" in str(info.value)


def test_errors_in_a_workbook_give_sheet_and_excel_row(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表1"
    ws.append(["某项目绩效指标"])
    ws.append([])
    ws.append(["一级指标", "二级指标", "三级指标", "分值", "年度指标值"])
    ws.append(["产出", "数量", "场次", 10, "≥50场"])
    ws.append([None, None, "人次", "N/A分", "≥5"])
    ws.merge_cells("A4:A5")
    wb.save(tmp_path / "fw.xlsx")
    with pytest.raises(InputError) as info:
        read_framework_table(tmp_path / "fw.xlsx")
    assert info.value.location == {
        "file": str(tmp_path / "fw.xlsx"),
        "sheet": "表1",
        "row": 5,
        "column": "分值",
        "indicator": "I02",
    }


# -- YAML and records ---------------------------------------------------------------------------------


def _yaml(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "fw.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_unknown_top_key_and_field(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown key 'indicator' \\(did you mean 'indicators'\\?\\)"):
        read_framework_yaml(_yaml(tmp_path, "indicator: []\n"))
    path = _yaml(tmp_path, "indicators:\n  - {id: C1, level1: 产出, name: 场次, weigth: 10}\n")
    with pytest.raises(
        InputError, match="unknown indicator field 'weigth' \\(did you mean 'weight'\\?\\)"
    ) as info:
        read_framework_yaml(path)
    assert info.value.location == {"file": str(path), "entry": 1, "indicator": "C1", "field": "weigth", "line": 2}


def test_yaml_field_errors_name_entry_field_and_indicator(tmp_path: Path) -> None:
    path = _yaml(
        tmp_path,
        "indicators:\n  - {id: C1, level1: 产出, name: 场次, weight: 10, target: ≥50}\n"
        "  - {id: C2, level1: 产出, name: 人次, weight: many, target: ≥5}\n",
    )
    with pytest.raises(InputError, match="got 'many' instead") as info:
        read_framework_yaml(path)
    assert info.value.location == {
        "file": str(path), "entry": 2, "indicator": "C2", "field": "weight", "line": 3
    }
    assert (
        "file '" in str(info.value) and "indicator 'C2'" in str(info.value) and "entry 2" in str(info.value)
    )


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be parsed") as info:
        read_framework_yaml(_yaml(tmp_path, "indicators:\n  - id: C1\n   name: [unclosed\n"))
    assert info.value.location["line"] >= 2


def test_yaml_bare_equals_sign_chinese_keys_and_list_form(tmp_path: Path) -> None:
    fw = read_framework_yaml(
        _yaml(
            tmp_path,
            "- {指标编码: C1, 一级指标: 产出, 三级指标: 事故数, 分值: 5, direction: =, target: 0起}\n",
        )
    )
    assert fw["C1"].direction is Direction.EQUAL and fw.name == "fw"


def test_yaml_total_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="'total' must be a number > 0"):
        read_framework_yaml(
            _yaml(tmp_path, "total: 0\nindicators: [{level1: a, name: b, weight: 1, target: 1}]\n")
        )


def test_records_round_trip_through_to_dict() -> None:
    fw = read_framework_yaml(FIXTURES / "framework.yaml")
    again = framework_from_records([ind.to_dict() for ind in fw], name=fw.name, source="mem")
    assert again.indicators == fw.indicators


def test_records_generate_ids_and_wrap_constructor_errors() -> None:
    fw = framework_from_records([{"level1": "产出", "name": "场次", "weight": 10, "target": "≥50"}])
    assert fw.ids == ("I01",)
    with pytest.raises(InputError, match="unknown indicator direction") as info:
        framework_from_records(
            [{"id": "X", "level1": "a", "name": "b", "weight": 1, "direction": "up"}], source="s"
        )
    assert info.value.location == {"file": "s", "entry": 1, "indicator": "X", "field": "direction"}
    with pytest.raises(InputError, match=r"indicator id .* is empty"):
        framework_from_records(
            [
                {"id": "A", "level1": "a", "name": "b", "weight": 1, "target": "1"},
                {"level1": "a", "name": "c", "weight": 1, "target": "1"},
            ]
        )


# -- writing and round trips --------------------------------------------------------------------------


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    fw = read_framework_yaml(FIXTURES / "framework.yaml")
    out = write_framework_table(fw, tmp_path / "fw.csv")
    with pytest.raises(InputError, match="exists already"):
        write_framework_table(fw, out)
    write_framework_table(fw, out, overwrite=True)
    assert read_framework_table(out).indicators == tuple(
        dataclasses.replace(i, direction_inferred=False) for i in fw
    )


LABEL = st.text(
    alphabet="产出效益满意度数量质量时效成本社会经济生态文化活动场次人群众率ABCXYZ", min_size=1, max_size=6
)
FREE = st.text(alphabet="完成值指标分比例扣得满ABC123，。、/()×: -", max_size=20).map(str.strip)
UNITS = ["", "场", "%", "万人次", "人次", "万元", "个"]


@st.composite
def indicators(draw: st.DrawFn, ind_id: str) -> Indicator:
    direction = draw(st.sampled_from(list(Direction)))
    unit = draw(st.sampled_from(UNITS))
    n = draw(st.one_of(st.integers(0, 100000).map(str), st.decimals(0, 1000, places=2).map(str)))
    if direction is Direction.QUALITATIVE:
        target = draw(st.sampled_from(["有效", "按时完成", "明显改善", "达成", "", "≥90%"]))
        unit = ""
    elif direction is Direction.RANGE:
        hi = draw(st.integers(0, 1000))
        target = f"{draw(st.integers(0, hi))}-{hi}{unit}"
    else:
        words = {
            Direction.POSITIVE: ["≥", "不少于", ""],
            Direction.REVERSE: ["≤", "不超过"],
            Direction.EQUAL: ["=", "等于"],
        }
        target = f"{draw(st.sampled_from(words[direction]))}{n}{unit}"
    return Indicator(
        id=ind_id,
        name=draw(LABEL),
        level1=draw(LABEL),
        level2=draw(LABEL),
        points=draw(st.one_of(st.integers(0, 40).map(float), st.floats(0, 40).map(lambda x: round(x, 3)))),
        direction=direction,
        target=parse_value(target),
        unit=unit if draw(st.booleans()) else "",
        category=draw(st.one_of(st.just(""), LABEL)),
        standard=draw(st.sampled_from(list(EvaluationStandard))),
        data_source=draw(FREE),
        grading=draw(FREE),
        computed=draw(st.sampled_from([None, *Computed])),
    )


@st.composite
def frameworks(draw: st.DrawFn) -> IndicatorFramework:
    ids = draw(
        st.lists(
            st.from_regex(r"[A-Z][0-9]{1,2}(-[0-9])?", fullmatch=True), min_size=1, max_size=6, unique=True
        )
    )
    return IndicatorFramework(tuple(draw(indicators(i)) for i in ids), name="p")


@pytest.mark.property
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fw=frameworks(), suffix=st.sampled_from([".csv", ".xlsx"]), language=st.sampled_from(["zh", "en"]))
def test_written_framework_reads_back_equal(fw: IndicatorFramework, suffix: str, language: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = write_framework_table(fw, Path(tmp) / f"fw{suffix}", language=language)
        digest = sha256(path)
        again = read_framework_table(path)
        assert sha256(path) == digest
    assert again.indicators == fw.indicators
    assert math.isclose(again.points().sum(), fw.points().sum())


def test_self_evaluation_budget_figures_must_be_amounts(tmp_path: Path) -> None:
    path = _self_eval_csv(tmp_path, ",产出指标,数量指标,场次,≥50场,52场,90,85,\n")
    text = path.read_text(encoding="utf-8-sig").replace(
        ",年度资金总额,100,90,90,", ",年度资金总额,100,九十,90,"
    )
    path.write_text(text, encoding="utf-8-sig")
    with pytest.raises(InputError, match="budget figure '全年预算数' must be a number") as info:
        read_self_evaluation_table(path)
    assert info.value.location == {"file": str(path), "sheet": None, "row": 5, "column": "全年预算数"}


# -- points (分值): the attribute, the dict key and every accepted column name -------------------------
@pytest.mark.property
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fw=frameworks())
def test_to_dict_writes_points_and_reads_back_equal(fw: IndicatorFramework) -> None:
    records = [ind.to_dict() for ind in fw]
    assert all("points" in r and "weight" not in r for r in records)
    again = framework_from_records(records, name=fw.name)
    assert again.indicators == fw.indicators
    assert fw.points().name == "points"
    assert fw.points().to_dict() == {ind.id: ind.points for ind in fw}


@pytest.mark.parametrize("header", ["weight", "points", "分值", "权重"])
def test_points_column_accepts_every_spelling(tmp_path: Path, header: str) -> None:
    path = tmp_path / "fw.csv"
    path.write_text(f"level1,name,{header},target\n产出,场次,60,≥10场\n效益,满意度,40,≥90%\n", encoding="utf-8")
    fw = read_framework_table(path)
    assert [ind.points for ind in fw] == [60.0, 40.0]


@pytest.mark.parametrize("key", ["weight", "points", "分值"])
def test_points_record_key_accepts_every_spelling(key: str) -> None:
    fw = framework_from_records([{"id": "A", "level1": "产出", "name": "场次", key: 12, "target": "≥10场"}])
    assert fw["A"].points == 12.0
    assert fw.to_frame()["points"].tolist() == [12.0]
