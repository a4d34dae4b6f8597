"""Issue 12, item 1: published self-evaluation table layouts load and re-score to their printed totals.

The tables are the synthetic examples of data/examples/self_evaluation_tables (one file per layout).
"""

from __future__ import annotations

import datetime
import math
import warnings
from pathlib import Path

import pytest

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.evaluation import compare_printed, evaluate
from perfmethods.io import read_framework_table, read_self_evaluation_table
from perfmethods.io.framework import POINTS_ONLY_REASON
from perfmethods.model.framework import Direction

FOLDER = data_root() / "examples" / "self_evaluation_tables"


def _read(name: str):
    return read_self_evaluation_table(FOLDER / name)


def _rescore(table):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = evaluate(table.framework, table.actuals, budget=table.budget, mode="self")
    return result, compare_printed(table, result)


@pytest.mark.parametrize(
    "name",
    ["01_points_only_target_in_name.csv", "02_target_in_name_with_actuals.csv", "03_not_applicable_rows.csv",
     "04_direction_glyphs.csv", "05_amounts_in_yuan.xlsx"],
)
def test_each_layout_rescores_to_its_printed_total(name):
    table = _read(name)
    result, frame = _rescore(table)
    assert frame["agrees"].all(), frame[~frame["agrees"]]
    assert result.total == pytest.approx(table.printed_total)
    assert sum(i.points for i in table.framework) == pytest.approx(100)


def test_points_only_rows_take_the_target_from_the_name_and_keep_the_printed_points():
    table = _read("01_points_only_target_in_name.csv")
    fw = table.framework
    by_name = {ind.name: ind for ind in fw}
    assert "项目验收合格率" in by_name and "项目验收合格率100%" not in by_name
    accepted = by_name["项目验收合格率"]
    assert accepted.target.value == 100 and accepted.target.unit == "%"
    assert by_name["每公里改造成本"].target.operator == "≤" and by_name["每公里改造成本"].direction is Direction.REVERSE
    assert by_name["完成农村公路改造"].target.text == "12公里"
    assert set(table.points_only) == {ind.id for ind in fw if ind.id != "B01"}
    value = next(v for v in table.actuals.values if v.indicator_id == accepted.id)
    assert value.reviewer_score == 15 and value.reviewer_reason == POINTS_ONLY_REASON
    result, frame = _rescore(table)
    overrides = [f for f in result.findings if f.code == "reviewer_override"]
    assert len(overrides) == len(table.points_only)
    assert all("无法按数值重新计分" in f.message_zh for f in overrides)
    assert frame.set_index("id").loc[by_name["沿线群众出行时间缩短"].id, "recomputed"] == 18


def test_a_points_only_row_without_a_target_anywhere_loads_as_qualitative(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(
        "一级指标,二级指标,三级指标,分值,得分\n产出指标,质量指标,工程质量情况,40,36\n效益指标,社会效益,群众认可程度,60,60\n"
        "总分,,,100,96\n",
        encoding="utf-8",
    )
    table = read_self_evaluation_table(path)
    assert [i.direction for i in table.framework] == [Direction.QUALITATIVE] * 2
    assert all(i.direction_inferred for i in table.framework)
    assert table.points_only == ("I01", "I02")
    assert [v.reviewer_score for v in table.actuals.values] == [36, 60]
    # no budget block: the self-evaluation's 10-point budget row scores 0 and the rows are kept on 90 points
    assert _rescore(table)[0].total == pytest.approx(96 * 0.9)
    # the framework reader still asks for a direction or a target
    with pytest.raises(InputError, match="direction .* cannot be inferred"):
        read_framework_table(path)


def test_target_in_name_with_actual_values_is_rescored_from_the_values():
    table = _read("02_target_in_name_with_actuals.csv")
    assert table.points_only == ()
    ind = next(i for i in table.framework if i.name == "学员业务能力提升率")
    assert ind.target.text == "≥80%" and ind.direction is Direction.POSITIVE
    frame = _rescore(table)[1].set_index("id")
    assert frame.loc[ind.id, "recomputed"] == pytest.approx(19.0)  # 76 / 80 × 20


def test_not_applicable_rows_are_listed_and_excluded():
    table = _read("03_not_applicable_rows.csv")
    names = [name for _, name in table.not_applicable]
    assert names == ["项目资金拨付及时率", "带动社会投资", "生态效益", "托育服务长效机制"]
    assert all(isinstance(row, int) and row > 7 for row, _ in table.not_applicable)
    assert not set(names) & {i.name for i in table.framework}
    assert math.isclose(sum(i.points for i in table.framework), 100)


def test_a_slash_weight_in_a_framework_table_says_the_row_is_not_applicable(tmp_path: Path):
    path = tmp_path / "f.csv"
    path.write_text("一级指标,三级指标,年度指标值,分值\n产出指标,场次,≥50场,100\n产出指标,及时率,/,/\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="marks the row not applicable") as info:
        read_framework_table(path)
    assert info.value.location["row"] == 3


def test_every_direction_glyph_and_word():
    table = _read("04_direction_glyphs.csv")
    got = {i.name: i.direction for i in table.framework}
    assert got["图书馆年接待读者人次"] is Direction.POSITIVE  # ≧
    assert got["图书外借册次"] is Direction.POSITIVE  # ＞=
    assert got["公共电子阅览室开放时长"] is Direction.POSITIVE  # 不低于
    assert got["数字资源访问量"] is Direction.POSITIVE  # 大于等于
    assert got["读者有效投诉次数"] is Direction.REVERSE  # ≤
    assert got["设备故障停机时长"] is Direction.REVERSE  # ≦
    assert got["单位读者服务成本"] is Direction.REVERSE  # 不高于
    assert got["免费开放率"] is Direction.EQUAL  # ═
    assert got["公益讲座场次"] is Direction.EQUAL  # 等于
    assert got["借阅图书按期归还率"] is Direction.RANGE
    assert got["服务规范化水平"] is Direction.QUALITATIVE


@pytest.mark.parametrize(
    ("glyph", "direction"),
    [("≥", Direction.POSITIVE), ("≧", Direction.POSITIVE), ("＞=", Direction.POSITIVE),
     ("＞＝", Direction.POSITIVE), ("⩾", Direction.POSITIVE), ("大于等于", Direction.POSITIVE),
     ("不低于", Direction.POSITIVE), ("不少于", Direction.POSITIVE), ("正向", Direction.POSITIVE),
     ("≤", Direction.REVERSE), ("≦", Direction.REVERSE),
     ("＜＝", Direction.REVERSE), ("小于等于", Direction.REVERSE), ("不高于", Direction.REVERSE),
     ("不超过", Direction.REVERSE), ("反向", Direction.REVERSE), ("＝", Direction.EQUAL), ("═", Direction.EQUAL),
     ("=", Direction.EQUAL), ("等于", Direction.EQUAL), ("﹦", Direction.EQUAL), ("区间", Direction.RANGE),
     ("区间型", Direction.RANGE), ("定性", Direction.QUALITATIVE), (" 定 性 ", Direction.QUALITATIVE)],
)
def test_direction_cells(tmp_path: Path, glyph, direction):
    target = {Direction.RANGE: "80-90%", Direction.QUALITATIVE: "明显改善"}.get(direction, "90%")
    path = tmp_path / "f.csv"
    path.write_text(f"一级指标,三级指标,指标性质,年度指标值,分值\n产出指标,合格率,{glyph},{target},100\n", encoding="utf-8")
    assert read_framework_table(path)["I01"].direction is direction


def test_unknown_direction_words_are_still_refused(tmp_path: Path):
    path = tmp_path / "f.csv"
    path.write_text("一级指标,三级指标,指标性质,年度指标值,分值\n产出指标,合格率,越快越好,90%,100\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown indicator direction"):
        read_framework_table(path)


def test_amounts_in_the_header_currency_are_converted_to_the_rows_unit():
    table = _read("05_amounts_in_yuan.xlsx")
    assert table.budget is not None and table.budget.unit == "元" and table.budget.adjusted == 2_000_000
    cost = next(i for i in table.framework if i.name == "单台设备采购成本")
    assert cost.target.value == 4.5 and cost.target.unit == "万元" and cost.unit == "万元"
    actual = next(v for v in table.actuals.values if v.indicator_id == cost.id).value
    assert actual.text == "43000" and actual.value == pytest.approx(4.3) and actual.unit == "万元"
    saving = next(v for v in table.actuals.values if v.indicator_id == "I04").value
    assert saving.value == pytest.approx(8.0)
    rate = next(i for i in table.framework if i.name == "设备验收合格率")
    assert rate.target.value == 100 and rate.target.unit == ""  # a % row keeps its numbers


def test_header_currency_with_a_row_in_another_prefix(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text(
        "一级指标,三级指标,年度指标值（元）,计量单位,实际完成值（万元）,分值,得分\n产出指标,人均补助标准,≤12000,万元,1.1,100,100\n",
        encoding="utf-8",
    )
    table = read_self_evaluation_table(path)
    ind = table.framework["I01"]
    assert ind.target.value == pytest.approx(1.2) and ind.target.unit == "万元"
    assert table.actuals.values[0].value.value == pytest.approx(1.1)
    assert _rescore(table)[0].total == pytest.approx(90)  # full points; no budget block: its 10 points are 0


def test_date_targets_and_completion_dates_are_read_with_the_tables_year():
    table = _read("06_date_targets.csv")
    by_name = {i.name: i for i in table.framework}
    assert table.year == 2025
    assert by_name["竣工验收时间"].target.kind == "date"
    assert by_name["竣工验收时间"].target.deadline == datetime.date(2025, 6, 30)
    assert by_name["设备安装调试"].target.deadline == datetime.date(2025, 9, 30)  # 第三季度前, year from the title
    assert by_name["项目开工"].target.kind == "date" and by_name["项目开工"].target.deadline is None
    actual = {v.indicator_id: v.value for v in table.actuals.values}
    assert actual[by_name["竣工验收时间"].id].date == datetime.date(2025, 5, 20)
    assert actual[by_name["设备安装调试"].id].date == datetime.date(2025, 9, 15)
    assert actual[by_name["项目开工"].id].kind == "date"


def test_a_deadline_written_as_the_indicator_name(tmp_path: Path):
    path = tmp_path / "t.csv"
    path.write_text("（2026年度）\n一级指标,三级指标,实际完成值,分值,得分\n产出指标,2026年6月底前完成竣工验收,2026年5月20日完成,100,100\n",
                    encoding="utf-8")
    ind = read_self_evaluation_table(path).framework["I01"]
    assert ind.name == "2026年6月底前完成竣工验收" and ind.target.deadline == datetime.date(2026, 6, 30)
