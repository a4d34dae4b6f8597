"""The warning rules as a reader reads them (LightThresholds.describe), and quantities shown with their unit."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from perfmethods.monitoring import get_thresholds
from perfmethods.monitoring.quantities import quantity_text, whole_units

#: What must never reach the reader of a rules table: Python reprs and codes (and, in Chinese, English light names).
CODES = {
    "zh": re.compile(r"\[|\]|\(0\.|None|True|False|nan|green|yellow|red|blue|budget_system|sichuan|digest|'|[A-Za-z]"),
    "en": re.compile(r"\[\(|\(0\.|None|True|False|\bnan\b|budget_system|sichuan|digest|'(green|red|yellow)'|\{"),
}


@pytest.mark.parametrize("name", ["budget_system", "sichuan"])
@pytest.mark.parametrize("language", ["zh", "en"])
def test_rules_table_is_words_not_reprs(name, language):
    table = get_thresholds(name).describe(language)
    assert list(table.columns) == ["rule", "value", "provenance", "source"]
    assert table.notna().all().all() and (table.map(len) > 0).all().all()
    for text in table.to_numpy().ravel():
        assert not CODES[language].search(text), text
    assert table["rule"].is_unique


def test_budget_system_rules_in_chinese():
    table = get_thresholds("budget_system").describe("zh").set_index("rule")
    assert table.loc["预算执行灯（执行进度 ÷ 时间进度）", "value"] == "≥ 80% 绿；60%–80% 黄；< 60% 红"
    positive = "正向指标灯（累计型：累计完成值 ÷ 按月分摊的计划值；水平类：当前值 ÷ 年度目标，达标即绿灯）"
    assert table.loc[positive, "value"] == "≥ 120% 蓝（超进度）；80%–120% 绿；60%–80% 黄；< 60% 红"
    assert table.loc["累计执行底线", "value"] == "不使用"
    assert "未达执行底线的灯色" not in table.index and "差异超限的灯色" not in table.index  # colours of unused rules
    assert table.loc["预计超支红灯", "value"] == "预计全年支出超过全年预算的 110% 为红"
    assert table.loc["预计超支红灯", "source"].startswith("本工具的本地设定")
    assert "预算法》第十三条" in table.loc["预计超支预警", "source"]


def test_sichuan_floors_and_a_caller_setting():
    rules = get_thresholds("sichuan").replace(overspend_red=1.2)
    table = rules.describe("zh").set_index("rule")
    assert table.loc["累计执行底线", "value"] == "1–4月 25%；1–6月 40%；1–8月 60%；1–10月 80%"
    assert table.loc["目标进度与执行进度差异", "value"] == "相差超过 10 个百分点"
    assert table.loc["预计超支红灯", "value"] == "预计全年支出超过全年预算的 120% 为红"
    assert table.loc["预计超支红灯", "source"] == "由报告编制人设定"
    assert rules.rule_set_label("zh") == "四川省规则（川财绩〔2025〕10号）"


@pytest.mark.parametrize(("value", "unit", "text"), [
    (9.1, "场", "9 场"), (9.5, "场", "10 场"), (12000, "人次", "12,000 人次"), (97.0, "%", "97%"),
    (2.53, "万元/场", "2.53 万元/场"), (322.2667, "万元", "322.3 万元"), (3200, "元/平方米", "3,200 元/平方米"),
    (float("nan"), "场", "—"), (1.5, "", "1.5"), (2.3, "万人次", "2.3 万人次"),
])
def test_quantity_text(value, unit, text):
    assert quantity_text(value, unit) == text


@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=20))
@pytest.mark.property
def test_whole_units_bracket_counts_and_leave_measures(values):
    v = np.array(values)
    down, up = whole_units(v, "场", "down"), whole_units(v, "场", "up")
    assert (down == np.floor(down)).all() and (up == np.ceil(up)).all()
    assert (down <= v + 1e-6).all() and (up >= v - 1e-6).all() and (up - down <= 1).all()
    assert (whole_units(v, "万元") == v).all()
