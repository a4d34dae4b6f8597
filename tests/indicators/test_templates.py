"""Bundled framework templates: every template loads, validates, lints clean and round-trips through the readers.

Structures checked against the documents: 10号 附件1, the self-evaluation split (10号 单位自评), 101号
categories (101号), science-and-technology waves (GB/T 41621-2022) and the package's follow-up design.
"""

from __future__ import annotations

import json

import pytest

from perfmethods.errors import InputError
from perfmethods.findings import Severity
from perfmethods.indicators.profiles import canonical_level1
from perfmethods.indicators.templates import (
    Formula,
    list_templates,
    load_template,
    templates_frame,
)
from perfmethods.io import framework_from_records, read_framework_table, write_framework_table
from perfmethods.provenance import Provenance

NAMES = ["reference_10", "self_evaluation", "categories_101", "st_basic_research", "st_technology_development",
         "st_application_demonstration"]
WAVES = [(n, w) for n in NAMES for w in load_template(n).wave_ids]


def test_all_templates_listed():
    assert list_templates() == NAMES
    frame = templates_frame("en")
    assert list(frame["name"]) == NAMES and (frame["n_indicators"] > 0).all()


@pytest.mark.parametrize("alias, name", [("10号", "reference_10"), ("附件2", "self_evaluation"),
                                         ("101号", "categories_101"), ("基础研究", "st_basic_research"),
                                         ("技术开发", "st_technology_development"),
                                         ("应用示范", "st_application_demonstration")])
def test_aliases(alias, name):
    assert load_template(alias).name == name


def test_unknown_template():
    with pytest.raises(InputError, match="unknown framework template"):
        load_template("no_such")
    with pytest.raises(InputError, match="wave"):
        load_template("st_basic_research").framework("final")


@pytest.mark.parametrize("name, wave", WAVES)
def test_every_template_wave_validates_and_lints_without_errors_or_warnings(name, wave):
    template = load_template(name)
    fw = template.framework(wave)
    assert abs(fw.points().sum() - 100) < 1e-9
    findings = template.lint(wave)
    assert not [f for f in findings if f.severity is not Severity.INFO], [(f.code, f.message_en) for f in findings]


@pytest.mark.parametrize("name, wave", WAVES)
def test_round_trip_through_the_readers(name, wave, tmp_path):
    fw = load_template(name).framework(wave)
    path = write_framework_table(fw, tmp_path / "fw.csv")
    back = read_framework_table(path)
    assert back.indicators == fw.indicators
    again = framework_from_records([i.to_dict() for i in fw])
    assert again.indicators == fw.indicators


@pytest.mark.parametrize("name", NAMES)
def test_every_rule_has_provenance_and_the_template_is_json_safe(name):
    template = load_template(name)
    assert template.rules
    for rule in template.rules.values():
        assert isinstance(rule.provenance, Provenance) and rule.source
    json.dumps(template.to_dict())
    assert set(template.rules_frame()["provenance"]) <= {"verified", "secondary", "unverified"}
    summary = template.summary("en")
    assert len(summary) == sum(len(w.framework) for w in template.waves)


@pytest.mark.reference
def test_reference_10_structure():
    """财预〔2020〕10号 附件1 项目支出绩效评价指标体系框架（参考）."""
    t = load_template("10号")
    fw = t.framework()
    assert fw.level1 == ("决策", "过程", "产出", "效益")
    assert fw.level2("决策") == ("项目立项", "绩效目标", "资金投入")
    assert fw.level2("过程") == ("资金管理", "组织实施")
    assert fw.level2("产出") == ("产出数量", "产出质量", "产出时效", "产出成本")
    names = {i.name for i in fw}
    assert {"资金到位率", "预算执行率", "实际完成率", "质量达标率", "成本节约率", "立项依据充分性", "可持续影响",
            "服务对象满意度"} <= names
    assert t.mode == "finance"
    # the illustrative weights satisfy 产出 + 效益 >= 60 %
    assert fw.level_points(1)[["产出", "效益"]].sum() >= 60


@pytest.mark.reference
@pytest.mark.parametrize("formula, values, expected", [
    ("资金到位率", {"实际到位资金": 580, "预算资金": 600}, 96.6666667),
    ("预算执行率", {"实际支出资金": 561.8, "实际到位资金": 580}, 96.862069),
    ("实际完成率", {"实际产出数": 56, "计划产出数": 50}, 112.0),
    ("质量达标率", {"质量达标产出数": 55, "实际产出数": 56}, 98.2142857),
    ("成本节约率", {"计划成本": 100, "实际成本": 92}, 8.0),
])
def test_standard_formulas_of_10号(formula, values, expected):
    """Formulas of 10号 附件1: ratio × 100 %; 成本节约率 = (计划 − 实际) / 计划."""
    f = load_template("reference_10").formulas[formula]
    assert isinstance(f, Formula)
    assert f.compute(values) == pytest.approx(expected, rel=1e-6)


def test_formula_errors_and_lookup():
    t = load_template("reference_10")
    f = t.formulas["成本节约率"]
    assert f.variables == ("计划成本", "实际成本")
    with pytest.raises(InputError, match="needs the values"):
        f.compute({"计划成本": 1})
    with pytest.raises(InputError, match="is 0"):
        f.compute({"计划成本": 0, "实际成本": 1})
    with pytest.raises(InputError, match="finite number"):
        f.compute({"计划成本": "x", "实际成本": 1})
    assert t.formula_for("C4") is f and t.formula_for("A11") is None


@pytest.mark.reference
def test_self_evaluation_split():
    """财预〔2020〕10号 单位自评: 产出 50 / 效益 30 / 满意度 10 / 预算执行率 10 (https://www.fudaoke.com/exam/3256757.html;
    池州市贵池区棠溪镇 2022 自评表)."""
    fw = load_template("自评表").framework()
    by = {}
    for ind in fw:
        budget = ind.computed is not None and ind.computed.value == "budget_execution"
        key = "预算执行率" if budget else canonical_level1(ind.level1)
        by[key] = by.get(key, 0) + ind.points
    assert by == {"预算执行率": 10, "产出": 50, "效益": 30, "满意度": 10}
    assert load_template("self_evaluation").rules["self_eval_split"].provenance is Provenance.VERIFIED


@pytest.mark.reference
def test_101_categories_cost_is_level1():
    """财预〔2021〕101号: 成本 its own level 1 with 经济 / 社会 / 生态环境成本 (restated at
    https://qddinggu.cn/caishui/35371.html)."""
    fw = load_template("101号").framework()
    assert [canonical_level1(l1) for l1 in fw.level1] == ["成本", "产出", "效益", "满意度"]
    assert fw.level2("成本指标") == ("经济成本指标", "社会成本指标", "生态环境成本指标")
    assert fw.level2("产出指标") == ("数量指标", "质量指标", "时效指标")


@pytest.mark.parametrize("name", ["st_basic_research", "st_technology_development", "st_application_demonstration"])
def test_science_templates_have_waves_and_no_four_only_metrics(name):
    t = load_template(name)
    assert [w.name_zh[:2] for w in t.waves] == ["立项", "中期", "验收", "跟踪"]
    assert t.wave("follow_up").years == (1, 2, 3, 4, 5)
    assert t.wave("中期").id == "midterm"
    assert t.domain == "science"
    from perfmethods.indicators.linting import lint

    for w in t.waves:
        assert not [f for f in lint(w.framework, domain="science") if f.code == "science_metric"]


def test_reference_10_without_links_asks_for_them():
    from perfmethods.indicators.linting import lint

    fw = load_template("reference_10").framework()
    assert {f.indicator_id for f in lint(fw, period="年度") if f.code == "outcome_without_output"} == {
        "D1", "D2", "D3", "D4"}
