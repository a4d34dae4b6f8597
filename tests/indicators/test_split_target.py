"""Targets written in the indicator name (issue 12): split_target and the ═ glyph."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.model.values import NAME_UNITS, parse_value, split_target, to_halfwidth


@pytest.mark.parametrize(
    ("name", "head", "text", "operator", "value", "unit"),
    [
        ("项目验收合格率100%", "项目验收合格率", "100%", None, 100.0, "%"),
        ("群众满意度≥90%", "群众满意度", "≥90%", "≥", 90.0, "%"),
        ("群众满意度≧９０％", "群众满意度", "≧９０％", "≥", 90.0, "%"),
        ("投诉率≤5%", "投诉率", "≤5%", "≤", 5.0, "%"),
        ("培训人数达到500人次以上", "培训人数", "达到500人次以上", "≥", 500.0, "人次"),
        ("群众满意度不低于90%", "群众满意度", "不低于90%", "≥", 90.0, "%"),
        ("新建道路3.2公里", "新建道路", "3.2公里", None, 3.2, "公里"),
        ("单场活动平均成本≤1.2万元", "单场活动平均成本", "≤1.2万元", "≤", 1.2, "万元"),
        ("受益人口5万人", "受益人口", "5万人", None, 5.0, "万人"),
        ("项目（一期）验收合格率（100%）", "项目（一期）验收合格率", "100%", None, 100.0, "%"),
        ("覆盖率（80-90%）", "覆盖率", "80-90%", "区间", 80.0, "%"),
    ],
)
def test_split_target(name, head, text, operator, value, unit):
    got = split_target(name)
    assert got is not None
    assert got[0] == head
    assert (got[1].text, got[1].operator, got[1].value, got[1].unit) == (text, operator, value, unit)


@pytest.mark.parametrize("name", ["PM2.5年均浓度", "5G基站建设数", "社区文化活动场次", "指标1", "满意度90", "", "   ",
                                  "2026年6月底前完成竣工验收", "第2批次项目验收率", "COD排放量"])
def test_names_without_a_target(name):
    assert split_target(name) is None


def test_bracketed_deadline():
    head, target = split_target("完成竣工验收（2026年6月底前）")
    assert head == "完成竣工验收" and target.date == datetime.date(2026, 6, 30)


def test_box_drawing_equals_is_an_operator():
    assert to_halfwidth("═﹦") == "=="
    parsed = parse_value("═100%")
    assert parsed.operator == "=" and parsed.value == 100


_CJK = st.text(alphabet=st.sampled_from("项目验收合格率群众满意度培训人数道路长度覆盖"), min_size=2, max_size=8)


@given(_CJK, st.sampled_from(["≥", "≤", "不低于", "不超过", ""]), st.integers(1, 10_000),
       st.sampled_from(sorted(u for u in NAME_UNITS if not any(c.isdigit() for c in u))))
def test_a_name_and_its_target_split_back(head, op, number, unit):
    got = split_target(f"{head}{op}{number}{unit}")
    assert got is not None
    assert got[0] == head and got[1].value == number
