"""Data-quality checks: each check fires on bad data and stays silent on good data (zh and en inputs).

The cases follow the data problems of published self-evaluation tables (项目支出绩效自评表, 2016–2023) and the
seed article's 数据不准确 challenge; the outlier rule is the modified z-score of Iglewicz & Hoaglin (1993).
"""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.findings import Severity
from perfmethods.indicators.quality import Constraint, QualityConfig, check_data, robust_z
from perfmethods.io import framework_from_records
from perfmethods.model.inputs import Actuals, ActualValue, Budget
from perfmethods.model.values import parse_value

FW = framework_from_records([
    {"id": "C11", "level1": "产出指标", "level2": "数量指标", "name": "社区文化活动场次", "weight": 30,
     "target": "≥50场"},
    {"id": "C12", "level1": "产出指标", "level2": "数量指标", "name": "参与市民人次", "weight": 30,
     "target": "≥5万人次"},
    {"id": "C21", "level1": "产出指标", "level2": "质量指标", "name": "活动验收合格率", "weight": 10, "target": "≥95%"},
    {"id": "D11", "level1": "效益指标", "level2": "社会效益指标", "name": "长效机制建立情况", "weight": 10,
     "direction": "定性", "target": "建立", "grading": "达成 满分；部分达成 60%–80%；未达成 0–60%"},
    {"id": "E11", "level1": "满意度指标", "level2": "满意度", "name": "参与市民满意度", "weight": 20,
     "target": "≥90%", "computed": "survey_rate"},
], name="2025年度文化惠民工程")
GOOD = {"C11": "52场", "C12": "5.2万人次", "C21": "98%", "D11": ActualValue("D11", parse_value("已建立"), tier="达成")}


def codes(result, code=None):
    return [f for f in result.findings if code is None or f.code == code]


def test_clean_data_give_high_confidence():
    r = check_data(FW, GOOD, period=2025, budget=Budget(600, 580, 570))
    assert r.findings == () and r.confidence == "high" and r.completeness == 1.0
    assert set(r.summary()["status"]) == {"ok"}
    json.dumps(r.to_dict())
    assert "高" in r.statement("zh") and "high" in r.statement("en")


def test_missing_actual_fires_and_lowers_confidence():
    r = check_data(FW, {k: v for k, v in GOOD.items() if k != "C12"})
    f = codes(r, "missing_actual")
    assert [x.indicator_id for x in f] == ["C12"] and f[0].severity is Severity.ERROR
    assert r.completeness == pytest.approx(3 / 4)
    assert r.error_share == pytest.approx(0.30) and r.confidence == "low"
    # computed indicators (E11 from the survey) never count as missing
    assert not [x for x in f if x.indicator_id == "E11"]


def test_one_small_error_gives_medium_confidence():
    r = check_data(FW, {**GOOD, "C21": "较好"})
    assert [f.code for f in r.findings] == ["actual_not_numeric"]
    assert r.confidence == "medium"


@pytest.mark.parametrize("actual", ["五十场", "较好", "good"])
def test_actual_not_numeric(actual):
    r = check_data(FW, {**GOOD, "C11": actual})
    assert codes(r, "actual_not_numeric")[0].indicator_id == "C11"


def test_unit_mismatch_fires_and_magnitudes_do_not():
    assert codes(check_data(FW, {**GOOD, "C12": "52场"}), "unit_mismatch")
    assert not codes(check_data(FW, {**GOOD, "C12": "52300人次"}), "unit_mismatch")


def test_tier_missing_fires_and_not():
    r = check_data(FW, {**GOOD, "D11": "基本建立"})
    assert codes(r, "tier_missing")[0].indicator_id == "D11"
    assert not codes(check_data(FW, {**GOOD, "D11": "部分达成"}), "tier_missing")
    assert not codes(check_data(FW, {**GOOD, "D11": "partly achieved"}), "tier_missing")


def test_out_of_range():
    neg = check_data(FW, {**GOOD, "C11": "-3场"})
    assert codes(neg, "out_of_range")[0].severity is Severity.ERROR
    over = check_data(FW, {**GOOD, "C21": "102.59%"})
    assert codes(over, "out_of_range")[0].severity is Severity.WARNING
    explicit = check_data(FW, {**GOOD, "C11": "52场"}, ranges={"C11": (0, 40)})
    assert codes(explicit, "out_of_range")[0].severity is Severity.ERROR
    assert not codes(check_data(FW, GOOD, ranges={"C11": (0, None)}), "out_of_range")


def test_completion_rates_above_100_are_not_flagged():
    fw = framework_from_records([{"id": "C1", "level1": "产出", "name": "实际完成率", "weight": 100,
                                           "target": "≥100%"}])
    assert not codes(check_data(fw, {"C1": "112%"}), "out_of_range")


def test_constraint_violated_fires_and_not():
    cons = [Constraint("{C12} * 10000 >= {C11} * 200", "参与人次不少于活动场次 × 200",
                       "participants at least 200 per event")]
    bad = check_data(FW, {**GOOD, "C12": "0.5万人次"}, constraints=cons)
    f = codes(bad, "constraint_violated")
    assert f and "200" in f[0].message_zh and "200 per event" in f[0].message_en
    assert not codes(check_data(FW, GOOD, constraints=cons), "constraint_violated")
    # a missing value leaves the constraint unchecked
    assert not codes(check_data(FW, {"C11": "52场"}, constraints=["{C12} >= {C11}"]), "constraint_violated")


@pytest.mark.parametrize("expression", ["{C1} >= __import__('os')", "{C1} +", "{C1}", "open({C1}) > 1"])
def test_bad_constraints_raise(expression):
    with pytest.raises(InputError):
        Constraint(expression)


def test_constraint_on_unknown_indicator_raises():
    with pytest.raises(InputError, match="not in the framework"):
        check_data(FW, GOOD, constraints=["{X1} >= 1"])


@pytest.mark.reference
def test_robust_z_iglewicz_hoaglin():
    """Modified z = 0.6745 (x − median) / MAD (Iglewicz & Hoaglin 1993): history 10, 12, 14 → median 12, MAD 2."""
    assert robust_z(20, [10, 12, 14]) == pytest.approx(0.6745 * 8 / 2)
    assert robust_z(12, [12, 12, 12]) == 0.0
    assert math.isinf(robust_z(13, [12, 12, 12]))


def test_outlier_fires_and_not():
    hist = {"C11": ["48场", "50场", "53场", "51场"]}
    r = check_data(FW, {**GOOD, "C11": "520场"}, history=hist)
    f = codes(r, "outlier")
    assert f and f[0].severity is Severity.WARNING and "520场" in f[0].message_zh
    assert not codes(check_data(FW, GOOD, history=hist), "outlier")
    # too short a history: no check
    assert not codes(check_data(FW, {**GOOD, "C11": "520场"}, history={"C11": ["50场", "51场"]}), "outlier")
    table = pd.DataFrame({"indicator_id": ["C12"] * 4, "period": [2021, 2022, 2023, 2024],
                          "actual": ["4.8万人次", "50000人次", "5.1万人次", "4.9万人次"]})
    assert codes(check_data(FW, {**GOOD, "C12": "0.9万人次"}, history=table), "outlier")


def test_duplicate_records_and_periods_from_a_table():
    records = pd.DataFrame({
        "indicator_id": ["C11", "C11", "C12", "C21", "D11", "C12"],
        "actual": ["52场", "52场", "5.2万人次", "98%", "已建立", "4.8万人次"],
        "tier": [None, None, None, None, "达成", None],
        "period": ["2025", "2025", "2025", "2025", "2025", "2024"],
    })
    r = check_data(FW, records, period=2025)
    dup = codes(r, "duplicate_record")
    assert [(f.indicator_id, f.severity) for f in dup] == [("C11", Severity.WARNING)]
    mism = codes(r, "period_mismatch")
    assert [f.indicator_id for f in mism] == ["C12"] and "2024" in mism[0].message_zh
    conflicting = records.iloc[[0, 2, 3, 4]].assign(actual=["52场", "5.2万人次", "98%", "已建立"])
    conflicting = pd.concat([conflicting, conflicting.iloc[[0]].assign(actual=["55场"])])
    assert codes(check_data(FW, conflicting, period="2025"), "duplicate_record")[0].severity is Severity.ERROR
    mixed = check_data(FW, records)
    assert any(f.code == "period_mismatch" and f.indicator_id is None for f in mixed.findings)
    assert mixed.confidence == "low"


def test_unknown_indicator_and_table_columns():
    r = check_data(FW, {**GOOD, "Z9": "1"})
    assert codes(r, "unknown_indicator")
    with pytest.raises(InputError, match="indicator_id"):
        check_data(FW, pd.DataFrame({"x": [1]}))


def test_budget_checks():
    assert codes(check_data(FW, GOOD, budget=Budget(0, 0, 89.974)), "budget_zero")
    over = codes(check_data(FW, GOOD, budget=Budget(100, 100, 102.59)), "overspending")
    assert over and "102.59%" in over[0].message_zh
    assert not codes(check_data(FW, GOOD, budget=Budget(600, 580, 571.3)))


def test_actuals_object_and_english_framework():
    fw = framework_from_records([
        {"id": "O1", "level1": "output", "name": "Events held", "weight": 50, "target": "≥50 events"},
        {"id": "O2", "level1": "output", "name": "Pass rate", "weight": 50, "target": "≥95%"}])
    r = check_data(fw, Actuals.from_mapping({"O1": "52 events", "O2": "101%"}))
    assert [f.code for f in r.findings] == ["out_of_range"]
    assert "exceeds 100 %" in r.findings[0].message_en


def test_config_validation():
    with pytest.raises(InputError):
        QualityConfig().replace(outlier_z=-1)
    with pytest.raises(InputError):
        QualityConfig().replace(nope=1)
    cfg = QualityConfig().replace(outlier_z=1000.0)
    assert not codes(check_data(FW, {**GOOD, "C11": "520场"}, history={"C11": ["48场", "50场", "53场"]},
                                config=cfg), "outlier")


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.sampled_from(["C11", "C12", "C21", "D11", "E11"]),
                       st.sampled_from(["52场", "", "五十", "-1场", "5万人次", "120%", "达成", "x", "3人"]),
                       max_size=5))
def test_check_data_never_raises_on_any_actuals(values):
    r = check_data(FW, values, history={"C11": ["50场", "51场", "52场"]}, constraints=["{C12} >= {C11}"])
    assert r.confidence in ("high", "medium", "low")
    assert 0 <= r.completeness <= 1 and 0 <= r.error_share <= r.warning_share <= 1
    json.dumps(r.to_dict())


# -- published self-evaluation tables (2016–2023) -------------------------------------------------------

def _table():
    from pathlib import Path

    from perfmethods.io import read_self_evaluation_table

    root = Path(__file__).resolve().parents[2]
    return read_self_evaluation_table(root / "data" / "examples" / "self_evaluation_table" / "self_evaluation.xlsx")


def test_self_evaluation_table_as_printed_is_consistent():
    from perfmethods.indicators.quality import check_self_evaluation

    r = check_self_evaluation(_table())
    assert not [f for f in r.findings if f.code.startswith("printed") or f.code == "budget_zero"]


@pytest.mark.parametrize("change, code", [
    ({"printed_execution_rate": parse_value("100%")}, "printed_rate_mismatch"),   # 100 % printed, 98.5 % computed
    ({"printed_total_weight": 110.0}, "printed_weight_total"),                      # weights 110 vs total 100
    ({"printed_total": 90.0}, "printed_total_mismatch"),
    ({"budget": Budget(0, 0, 0)}, "budget_zero"),                                    # a budget row of zeros
    ({"budget": Budget(100, 100, 102.59)}, "overspending"),                          # 102.59 % of budget
])
def test_self_evaluation_table_problems_each_give_a_finding(change, code):
    from dataclasses import replace

    from perfmethods.indicators.quality import check_self_evaluation

    r = check_self_evaluation(replace(_table(), **change))
    assert code in [f.code for f in r.findings]
    json.dumps(r.to_dict())


def test_check_self_evaluation_needs_a_table():
    from perfmethods.indicators.quality import check_self_evaluation

    with pytest.raises(InputError, match="SelfEvaluationTable"):
        check_self_evaluation(FW)  # type: ignore[arg-type]
