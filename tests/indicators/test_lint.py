"""Target linting: every rule fires on a bad case and stays silent on a good one (zh and en inputs).

Sources of the rules: 财预〔2015〕88号 (指向明确、细化量化、合理可行、相应匹配), 财预〔2021〕101号 (高度关联、重点突出、
量化易评), 财预〔2020〕10号 weight rules and 绩效改进, the 破四唯 rules, DORA and the Leiden Manifesto (see
``perfmethods.indicators.linting.LINT_CHECKS``).
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.findings import Severity
from perfmethods.indicators.linting import LINT_CHECKS, LintConfig, lint, lint_frame, run_lint_cli
from perfmethods.io import framework_from_records
from perfmethods.model.framework import Direction, Indicator, IndicatorFramework
from perfmethods.model.values import parse_value

GOOD = dict(level1="产出指标", level2="数量指标", direction="≥", unit="场", grading="完成值/指标值×分值")


def make(*records: dict, name: str = "2025年度文化惠民工程") -> IndicatorFramework:
    recs = []
    for k, r in enumerate(records, start=1):
        rec = {"id": f"C{k}", **GOOD, "name": f"指标{k}", "weight": 100 / len(records), "target": "≥50场", **r}
        recs.append({key: v for key, v in rec.items() if v is not None})
    return framework_from_records(recs, name=name)


def codes(findings, code=None):
    found = [f.code for f in findings]
    return found if code is None else [f for f in findings if f.code == code]


def one(findings, code):
    hits = codes(findings, code)
    assert len(hits) == 1, [f.code for f in findings]
    return hits[0]


# -- 细化量化: numeric target, unit, time frame --------------------------------------------------------

def test_missing_target_fires_on_quantitative_text_target():
    fw = make({"name": "社区文化活动场次", "target": "举办若干场", "unit": None})
    f = one(lint(fw), "missing_target")
    assert f.severity is Severity.ERROR and f.indicator_id == "C1"
    assert "举办若干场" in f.message_zh and "not a number" in f.message_en


def test_missing_target_silent_with_numeric_target():
    assert not codes(lint(make({"name": "社区文化活动场次", "target": "≥50场"})), "missing_target")


def test_missing_target_english_input():
    fw = make({"name": "Community events held", "target": "many", "unit": None, "level1": "output"})
    assert one(lint(fw), "missing_target").indicator_id == "C1"


def test_missing_unit_fires_and_not():
    assert one(lint(make({"target": "≥50", "unit": None})), "missing_unit").severity is Severity.WARNING
    assert not codes(lint(make({"target": "≥50场"})), "missing_unit")
    assert not codes(lint(make({"target": "≥50", "unit": "events"})), "missing_unit")


def test_no_time_frame_fires_without_any_period():
    fw = make({"target": "≥50场"}, name="文化惠民工程")
    f = one(lint(fw), "no_time_frame")
    assert f.indicator_id is None and "C1" in f.message_zh


@pytest.mark.parametrize("kwargs, name, target_name", [
    ({"period": "2025年度"}, "文化惠民工程", "指标1"),
    ({}, "2025年度文化惠民工程", "指标1"),
    ({}, "文化惠民工程", "一年内举办社区文化活动场次"),
    ({}, "Culture programme", "Community events held within the year"),
])
def test_no_time_frame_silent_when_a_period_is_stated(kwargs, name, target_name):
    fw = make({"name": target_name}, name=name)
    assert not codes(lint(fw, **kwargs), "no_time_frame")


# -- 指向明确: vague verbs -------------------------------------------------------------------------------

def test_vague_target_fires_on_the_seed_example():
    fw = make({"name": "市民文化素养", "target": "提高市民文化素养", "direction": None, "unit": None})
    f = one(lint(fw), "vague_target")
    assert "提高" in f.message_zh
    assert "50 场社区文化活动" in f.suggestion_zh and "50,000" in f.suggestion_en


def test_vague_target_fires_in_english():
    fw = make({"name": "Cultural literacy", "target": "significantly improve cultural literacy", "direction": None,
               "unit": None, "level1": "outcome"})
    assert one(lint(fw), "vague_target").indicator_id == "C1"


def test_vague_target_silent_with_the_seed_rewrite():
    fw = make({"name": "提高社区文化活动场次", "target": "至少 50 场"})
    assert not codes(lint(fw), "vague_target")


def test_vague_target_silent_for_graded_qualitative():
    fw = make({"name": "制度执行有效性", "direction": "定性", "target": "有效", "unit": None,
               "grading": "达成：4分；部分达成：2.4–3.2分；未达成：0–2.4分"})
    assert not codes(lint(fw), "vague_target")


# -- qualitative tiers ----------------------------------------------------------------------------------

def test_qualitative_no_tiers_fires_and_not():
    bad = make({"name": "长效机制建立情况", "direction": "定性", "target": "建立", "unit": None, "grading": ""})
    assert one(lint(bad), "qualitative_no_tiers").indicator_id == "C1"
    good_zh = make({"name": "长效机制建立情况", "direction": "定性", "target": "建立", "unit": None,
                    "grading": "达成年度指标 4 分；部分达成并具有一定效果 2.4–3.2 分；未达成且效果较差 0–2.4 分"})
    assert not codes(lint(good_zh), "qualitative_no_tiers")
    good_en = make({"name": "Mechanism set up", "direction": "qualitative", "target": "set up", "unit": None,
                    "grading": "achieved: 4; partly achieved: 2.4-3.2; not achieved: 0-2.4"})
    assert not codes(lint(good_en), "qualitative_no_tiers")
    bands = make({"name": "Mechanism", "direction": "定性", "target": "建立", "unit": None,
                  "grading": "完全建立 4 分; 建立但未落实经费 2.4 分; 未建立 0 分"})
    assert not codes(lint(bands), "qualitative_no_tiers")


# -- direction ------------------------------------------------------------------------------------------

def _indicator(**kw) -> Indicator:
    base = dict(id="C1", name="场均活动成本", level1="产出指标", level2="成本指标", points=100.0,
                direction=Direction.POSITIVE, target=parse_value("≤9万元"))
    return Indicator(**{**base, **kw})


def test_direction_conflict_fires_on_python_built_indicator():
    fw = IndicatorFramework((_indicator(),), name="2025年度")
    f = one(lint(fw), "direction_conflict")
    assert f.severity is Severity.ERROR and "≤" in f.message_zh


def test_direction_conflict_silent_when_agreeing():
    fw = IndicatorFramework((_indicator(direction=Direction.REVERSE),), name="2025年度")
    assert not codes(lint(fw), "direction_conflict")


@pytest.mark.parametrize("record", [
    {"name": "项目支出", "target": "不超过预算", "direction": "≥", "unit": None},
    {"name": "群众投诉次数", "target": "≥5次", "unit": "次"},
    {"name": "Complaints received", "target": "≥5", "unit": "complaints"},
    {"name": "参与市民满意度", "target": "≤90%", "direction": "≤", "unit": "%"},
    {"name": "社区文化活动场次", "target": "≥50场", "direction": "定性", "unit": "场"},
])
def test_direction_wording_fires(record):
    assert one(lint(make(record)), "direction_wording").indicator_id == "C1"


@pytest.mark.parametrize("record", [
    {"name": "群众投诉次数", "target": "≤5次", "direction": "≤", "unit": "次"},
    {"name": "成本节约率", "target": "≥5%", "unit": "%"},
    {"name": "参与市民满意度", "target": "≥90%", "unit": "%"},
])
def test_direction_wording_silent(record):
    assert not codes(lint(make(record)), "direction_wording")


# -- weights --------------------------------------------------------------------------------------------

def test_weights_total_fires_and_not():
    bad = make({"weight": 60}, {"weight": 50, "name": "另一个指标"})
    f = one(lint(bad), "weights_total")
    assert f.severity is Severity.ERROR and "110" in f.message_zh
    assert not codes(lint(make({"weight": 50}, {"weight": 50, "name": "另一个指标"})), "weights_total")



@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(["产出指标", "效益指标", "满意度指标"]), st.integers(0, 6000)),
                min_size=1, max_size=8))
def test_weights_total_names_the_points_of_each_level1_as_the_framework_sums_them(rows) -> None:
    fw = framework_from_records([{"id": f"C{k}", "level1": level1, "name": f"指标{k}", "weight": cents / 100,
                                  "target": "≥50场"} for k, (level1, cents) in enumerate(rows)])
    found = codes(lint(fw), "weights_total")
    # the central profile accepts 100, or 90 beside its separate 10-point budget row
    if any(abs(sum(cents for _, cents in rows) / 100 - total) <= 0.01 for total in (100, 90)):
        assert not found
        return

    def shown(x: float) -> str:
        return f"{x:.2f}".rstrip("0").rstrip(".")

    parts = ", ".join(f"{label} {shown(points)}" for label, points in fw.level_points(1).items())
    assert f"({parts})" in found[0].message_en


def _self_eval(points: tuple[float, float, float, float]) -> IndicatorFramework:
    o, b, s, e = points
    return framework_from_records([
        {"id": "B01", "level1": "预算执行", "name": "预算执行率", "weight": e, "target": "100%",
         "computed": "budget_execution"},
        {"id": "C1", "level1": "产出指标", "level2": "数量指标", "name": "社区文化活动场次", "weight": o,
         "target": "≥50场"},
        {"id": "D1", "level1": "效益指标", "level2": "社会效益指标", "name": "社区文化活动参与人次", "weight": b,
         "target": "≥5万人次"},
        {"id": "E1", "level1": "满意度指标", "level2": "服务对象满意度", "name": "参与市民满意度", "weight": s,
         "target": "≥90%"},
    ], name="2025年度自评")


def test_self_eval_split_fires_and_not():
    f = one(lint(_self_eval((60, 20, 10, 10)), mode="self"), "self_eval_split")
    assert "产出 60" in f.message_zh and f.severity is Severity.WARNING
    assert not codes(lint(_self_eval((50, 30, 10, 10)), mode="self"), "self_eval_split")
    # inferred from the budget leaf when mode is None
    assert "checked as self" in one(lint(_self_eval((60, 20, 10, 10))), "self_eval_split").message_en


def test_self_eval_split_accepted_with_a_reason():
    f = one(lint(_self_eval((60, 20, 10, 10)), mode="单位自评",
                 reasons={"self_eval_split": "项目以产出为主，经主管部门同意调整"}), "self_eval_split")
    assert f.severity is Severity.INFO and "经主管部门同意" in f.message_zh


def test_self_eval_split_uses_the_profile_rule():
    assert not codes(lint(_self_eval((60, 20, 10, 10)), mode="self", profile="budget_20_80"), "self_eval_split")


def _finance(decision: float) -> IndicatorFramework:
    rest = (100 - decision) / 2
    return framework_from_records([
        {"id": "A1", "level1": "决策", "level2": "项目立项", "name": "立项依据充分性", "weight": decision / 2,
         "direction": "定性", "target": "充分", "grading": "达成 满分；部分达成 60%–80%；未达成 0–60%"},
        {"id": "A2", "level1": "过程", "level2": "资金管理", "name": "资金到位率", "weight": decision / 2,
         "target": "100%"},
        {"id": "C1", "level1": "产出", "level2": "产出数量", "name": "社区文化活动场次", "weight": rest,
         "target": "≥50场"},
        {"id": "D1", "level1": "效益", "level2": "社会效益", "name": "社区文化活动参与人次", "weight": rest,
         "target": "≥5万人次"},
    ], name="2025年度")


def test_output_benefit_share_fires_and_not():
    f = one(lint(_finance(50), mode="finance"), "output_benefit_share")
    assert "50.0%" in f.message_zh
    assert not codes(lint(_finance(40), mode="department"), "output_benefit_share")
    assert codes(lint(_finance(50)), "output_benefit_share")  # inferred: 决策/过程 → finance


# -- 相应匹配 ---------------------------------------------------------------------------------------------

def test_outcome_without_output_fires_and_not():
    base = [{"id": "C1", "level1": "产出", "level2": "数量", "name": "社区文化活动场次", "weight": 50,
             "target": "≥50场"}]
    unlinked = framework_from_records(base + [
        {"id": "D1", "level1": "效益", "level2": "社会效益", "name": "市民幸福感指数", "weight": 50,
         "target": "≥80分"}],
        name="2025年度")
    assert one(lint(unlinked), "outcome_without_output").indicator_id == "D1"
    assert not codes(lint(unlinked, links={"D1": ["C1"]}), "outcome_without_output")
    # the advice is for a reader of the lint report, not Python: no dict or list syntax
    for finding in lint(unlinked):
        for text in (finding.suggestion_zh, finding.suggestion_en, finding.message_zh, finding.message_en):
            assert not any(mark in text for mark in ("={", "{", "[", "None", "True", "False")), text
    by_name = framework_from_records(base + [
        {"id": "D1", "level1": "效益", "level2": "社会效益", "name": "文化活动参与人次", "weight": 50,
         "target": "≥5万人次"}], name="2025年度")
    assert not codes(lint(by_name), "outcome_without_output")


def test_outcome_without_output_english_and_no_outputs():
    fw = framework_from_records([
        {"id": "D1", "level1": "outcome", "level2": "social", "name": "Resident wellbeing index", "weight": 100,
         "target": "≥80 points"}], name="2025")
    f = one(lint(fw), "outcome_without_output")
    assert "no output indicators" in f.message_en


def test_cost_without_basis_fires_and_not():
    rec = {"name": "场均活动成本", "level2": "成本指标", "direction": "≤", "target": "≤9万元/场", "unit": "万元/场"}
    assert one(lint(make(rec)), "cost_without_basis").indicator_id == "C1"
    assert not codes(lint(make({**rec, "data_source": "按市级文化活动支出标准测算"})), "cost_without_basis")
    assert not codes(lint(make({**rec, "standard": "历史标准"})), "cost_without_basis")
    en = {"name": "Cost per event", "level1": "cost", "level2": "economic cost", "direction": "≤",
          "target": "≤9 万元", "unit": "万元"}
    assert one(lint(make(en)), "cost_without_basis")
    assert not codes(lint(make({**en, "grading": "against the approved budget"})), "cost_without_basis")


def test_target_below_history_fires_and_not():
    fw = make({"name": "社区文化活动场次", "target": "≥50场"})
    f = one(lint(fw, history={"C1": ["48场", "56场"]}), "target_below_history")
    assert "56场" in f.message_zh and f.severity is Severity.WARNING
    assert not codes(lint(fw, history={"C1": ["40场", "48场"]}), "target_below_history")
    # units differing by a magnitude prefix are compared
    fw2 = make({"name": "参与人次", "target": "≥5万人次", "unit": "万人次"})
    assert codes(lint(fw2, history={"C1": "52300人次"}), "target_below_history")
    # reverse: a cost target above (looser than) the recent actual
    fw3 = make({"name": "场均成本", "direction": "≤", "target": "≤10万元", "unit": "万元", "standard": "历史标准"})
    assert codes(lint(fw3, history={"C1": 8.5}), "target_below_history")


def test_target_below_history_accepted_with_a_reason():
    fw = make({"name": "社区文化活动场次", "target": "≥50场"})
    f = one(lint(fw, history={"C1": "56场"}, reasons={"C1": "两处场地改造，可用场地减少"}), "target_below_history")
    assert f.severity is Severity.INFO and "场地改造" in f.message_zh


# -- 高度关联、重点突出、量化易评 -------------------------------------------------------------------------

def test_too_many_leaves_fires_and_not():
    recs = [{"name": f"活动类型{k}场次", "target": "≥5场"} for k in range(6)]
    found = codes(lint(make(*recs)), "too_many_leaves")
    assert found and "6" in found[0].message_zh
    assert not codes(lint(make(*recs[:5])), "too_many_leaves")
    assert not codes(lint(make(*recs), config=LintConfig().replace(max_leaves_level2=8)), "too_many_leaves")


def test_too_few_leaves_is_configurable():
    fw = make({"name": "社区文化活动场次"})
    assert not codes(lint(fw), "too_few_leaves")
    assert codes(lint(fw, config=LintConfig().replace(min_leaves_level1=2)), "too_few_leaves")


def test_duplicate_and_near_duplicate():
    dup = make({"name": "社区文化活动场次"}, {"name": "社区文化活动 场次"})
    f = one(lint(dup), "duplicate_indicator")
    assert f.indicator_id == "C2" and f.severity is Severity.ERROR
    near = make({"name": "Number of community events"}, {"name": "Number of community cultural events"})
    assert one(lint(near), "near_duplicate").indicator_id == "C2"
    near_zh = make({"name": "社区文化活动举办场次"}, {"name": "社区文化活动开展场次"})
    assert codes(lint(near_zh), "near_duplicate")
    distinct = make({"name": "社区文化活动场次"}, {"name": "参与市民满意度", "target": "≥90%", "unit": "%"})
    assert not codes(lint(distinct), "near_duplicate") and not codes(lint(distinct), "duplicate_indicator")


# -- 破四唯 ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["发表SCI论文数量", "Number of papers in journals", "期刊影响因子",
                                  "journal impact factor", "引进人才帽子数", "获得省部级科技奖项数", "awards won"])
def test_science_metric_fires_in_science_frameworks(name):
    fw = make({"name": name, "target": "≥5篇", "unit": "篇"}, name="2025年度重点研发计划项目")
    f = one(lint(fw), "science_metric")
    assert f.severity is Severity.ERROR
    assert "DORA" in f.message_zh and "Leiden" in f.message_en and "破四唯" in f.message_zh


def test_science_metric_is_a_warning_elsewhere_and_silent_for_endorsed_or_unscored():
    fw = make({"name": "发表论文数量", "target": "≥5篇", "unit": "篇"}, name="2025年度文化惠民工程")
    assert one(lint(fw), "science_metric").severity is Severity.WARNING
    assert one(lint(fw, domain="science"), "science_metric").severity is Severity.ERROR
    endorsed = make({"name": "代表作同行评议等级", "direction": "定性", "target": "优", "unit": None,
                     "grading": "达成：优；部分达成：良；未达成：差"}, name="2025年度重点研发计划项目")
    assert not codes(lint(endorsed), "science_metric")
    unscored = make({"name": "论文数量（监测）", "target": "≥5篇", "unit": "篇", "weight": 0},
                    {"name": "技术就绪水平", "target": "≥6级", "unit": "级", "weight": 100},
                    name="2025年度重点研发计划项目")
    assert not codes(lint(unscored), "science_metric")


@pytest.mark.parametrize("name", ["省自然科学基金资助项目", "2025年度科技计划项目", "市级科学普及专项",
                                  "企业研发费用补助",
                                  "省级创新平台建设专项", "重点产业技术创新项目", "中小企业创新券补助"])
def test_science_frameworks_recognised_from_chinese_names(name):
    # issue 12: a science framework named in Chinese without 科技 is science too: paper counts are an error
    fw = make({"name": "发表论文数量", "target": "≥5篇", "unit": "篇"}, name=name)
    assert one(lint(fw), "science_metric").severity is Severity.ERROR


@pytest.mark.parametrize("name", ["2025年度文化惠民工程", "农村道路建设项目（决策科学合理）", "政务服务科学化管理项目",
                                  "城市管理机制创新试点", "科学决策支持系统运维"])
def test_general_frameworks_using_science_words_as_adjectives_stay_general(name):
    fw = make({"name": "发表论文数量", "target": "≥5篇", "unit": "篇"}, name=name)
    assert one(lint(fw), "science_metric").severity is Severity.WARNING


# -- API ------------------------------------------------------------------------------------------------

def test_every_rule_has_a_source_and_principle():
    for rule in LINT_CHECKS.values():
        assert rule.source and rule.principle_zh and rule.principle_en
        json.dumps(rule.to_dict())


def test_findings_ordered_errors_first_and_frame():
    fw = make({"name": "社区文化活动场次", "target": "若干"}, {"name": "社区文化活动场次"}, name="文化")
    findings = lint(fw)
    sev = [f.severity for f in findings]
    assert sev == sorted(sev, key=[Severity.ERROR, Severity.WARNING, Severity.INFO].index)
    frame = lint_frame(findings, "en")
    assert list(frame.columns) == ["severity", "indicator_id", "code", "principle", "message", "suggestion"]
    assert "specific and quantified" in set(frame["principle"])


def test_bad_arguments_raise_input_error():
    fw = make({})
    with pytest.raises(InputError, match="mode"):
        lint(fw, mode="audit")
    with pytest.raises(InputError, match="links"):
        lint(fw, links={"X9": ["C1"]})
    with pytest.raises(InputError, match="history"):
        lint(fw, history={"X9": 3})
    with pytest.raises(InputError, match="reasons"):
        lint(fw, reasons={"no_such_rule": "x"})
    with pytest.raises(InputError, match="IndicatorFramework"):
        lint([1, 2])  # type: ignore[arg-type]
    with pytest.raises(InputError, match="near_duplicate_ratio"):
        LintConfig().replace(near_duplicate_ratio=2)


def test_errors_cannot_be_accepted_by_a_reason():
    fw = make({"target": "若干"})
    assert one(lint(fw, reasons={"missing_target": "x"}), "missing_target").severity is Severity.ERROR


def test_culture_example_has_no_errors():
    from perfmethods.datasets import example_path
    from perfmethods.io import read_project

    project = read_project(example_path("culture_program"))
    findings = lint(project.framework, mode="finance", period="2025年度")
    assert not [f for f in findings if f.severity is Severity.ERROR]


# -- CLI ------------------------------------------------------------------------------------------------

def test_run_lint_cli_exit_codes(tmp_path):
    from perfmethods.io import write_framework_table

    bad = write_framework_table(make({"target": "若干"}), tmp_path / "bad.csv")
    good = write_framework_table(make({"name": "一年内社区文化活动场次"}), tmp_path / "good.csv")
    out = io.StringIO()
    assert run_lint_cli(str(bad), mode=None, language="zh", stream=out) == 1
    assert "missing_target" in out.getvalue() and "个错误" in out.getvalue()
    out = io.StringIO()
    assert run_lint_cli(str(good), mode="finance", language="en", stream=out) == 0
    assert "0 errors" in out.getvalue()
    with pytest.raises(InputError):
        run_lint_cli(str(tmp_path / "missing.csv"), mode=None, language="en", stream=io.StringIO())


def test_run_lint_cli_reads_a_project_directory(capsys):
    from perfmethods.datasets import example_path

    assert run_lint_cli(str(example_path("culture_program")), mode=None, language="en") == 0
    assert "no_time_frame" not in capsys.readouterr().out  # the project's year is the period


# -- properties -----------------------------------------------------------------------------------------

_names = st.text(alphabet="文化活动场次参与人数满意度提高成本论文abc 1", min_size=1, max_size=12).filter(str.strip)
_targets = st.sampled_from(["≥50场", "≤9万元", "100%", "有效", "", "明显提高", "80-90%", "=0起", "若干"])
_directions = st.sampled_from([None, "≥", "≤", "=", "定性"])
_level1 = st.sampled_from(["决策", "过程", "产出指标", "效益指标", "满意度指标", "成本指标", "output"])


@st.composite
def frameworks(draw):
    n = draw(st.integers(1, 8))
    recs = []
    for k in range(n):
        target = draw(_targets)
        direction = draw(_directions)
        if target == "":
            direction = direction or "定性"
        recs.append({"id": f"X{k}", "level1": draw(_level1), "level2": draw(st.sampled_from(["数量", "质量", "社会"])),
                     "name": draw(_names), "weight": draw(st.floats(0, 40, allow_nan=False)), "target": target,
                     "direction": direction})
    try:
        return framework_from_records([{k: v for k, v in r.items() if v is not None} for r in recs])
    except InputError:
        from hypothesis import assume

        assume(False)


@pytest.mark.property
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(fw=frameworks(), mode=st.sampled_from([None, "self", "finance"]))
def test_lint_never_raises_and_findings_are_well_formed(fw, mode):
    findings = lint(fw, mode=mode)
    for f in findings:
        assert f.code in LINT_CHECKS
        assert f.message_zh and f.message_en
        assert f.indicator_id is None or f.indicator_id in fw
        json.dumps(f.to_dict())


def test_lint_summary_counts_by_principle():
    from perfmethods.indicators.linting import lint_summary

    fw = make({"name": "社区文化活动场次", "target": "若干"}, {"name": "社区文化活动场次"}, name="文化")
    frame = lint_summary(lint(fw), "zh")
    row = frame.set_index("principle").loc["细化量化"]
    assert row["error"] == 1 and "missing_target" in row["codes"]
    assert frame[["error", "warning", "info"]].to_numpy().sum() == len(lint(fw))


@pytest.mark.notebooks
def test_indicator_design_notebook_matches_the_library(rendered):
    """The trainer notebook renders with its defaults and records the numbers the library gives."""
    from pathlib import Path

    import pandas as pd

    from perfmethods.indicators.quality import check_data
    from perfmethods.io import read_framework_table
    root = Path(__file__).resolve().parents[2]
    result = rendered(root / "notebooks" / "examples" / "indicator_design.ipynb")
    data = root / "data" / "examples" / "indicator_design"
    draft = read_framework_table(data / "draft.csv")
    final = read_framework_table(data / "final.csv")
    assert result.records["draft_errors"] == sum(f.severity is Severity.ERROR for f in lint(draft, mode="self"))
    assert result.records["draft_errors"] > 0
    assert result.records["final_errors"] == 0 == len(lint(final, mode="self", period="2025年度"))
    assert result.records["targets"]["C11"] == "≥60场"
    quality = check_data(final, pd.read_csv(data / "actuals.csv", encoding="utf-8-sig"),
                         history=pd.read_csv(data / "history.csv", encoding="utf-8-sig"), period=2025,
                         constraints=["{D11} * 10000 >= {C11} * 200"])
    assert result.records["data_confidence"] == quality.confidence == "low"


def test_run_lint_cli_takes_the_year_of_a_self_evaluation_table():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    out = io.StringIO()
    code = run_lint_cli(str(root / "data" / "examples" / "self_evaluation_table" / "self_evaluation.xlsx"),
                        mode="self", language="en", stream=out)
    assert code == 0 and "no_time_frame" not in out.getvalue() and "self_eval_split" in out.getvalue()


# -- date targets (issue 12) ----------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["2026年6月底前完成竣工验收", "2026年5月20日前完成", "按期完成",
                                    "第三季度前完成招标",
                                    "2026年底前"])
def test_date_targets_count_as_quantified(target):
    qualitative = make({"name": "项目建设进度", "direction": "定性", "target": target, "unit": None, "grading": None})
    assert not codes(lint(qualitative), "vague_target")
    assert not codes(lint(qualitative), "qualitative_no_tiers")
    positive = make({"name": "推进工程竣工验收", "direction": "≥", "target": target, "unit": None})
    assert not codes(lint(positive), "missing_target") and not codes(lint(positive), "vague_target")


def test_text_targets_without_a_date_still_lint_as_vague():
    fw = make({"name": "工程进度", "direction": "定性", "target": "进一步推进工程建设", "unit": None, "grading": None})
    assert codes(lint(fw), "vague_target") and codes(lint(fw), "qualitative_no_tiers")
    positive = make({"name": "工程进度", "direction": "≥", "target": "2024年度", "unit": None})
    assert codes(lint(positive), "missing_target")
