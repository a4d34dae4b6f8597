"""Target-value setting: history, peers and plan bases; the 绩效改进 floor; the basis sentence.

Sources: 财预〔2020〕10号 评价标准 (计划 / 行业 / 历史) and 绩效改进, 标杆管理法 (wording not checked against the
document's text; the same standards verbatim in http://www.lygzb.net/html/text/lar/173029/17302961_4.html).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.indicators.linting import lint
from perfmethods.indicators.targets import propose_target, propose_targets
from perfmethods.io import framework_from_records
from perfmethods.model.framework import EvaluationStandard

FW = framework_from_records([
    {"id": "C11", "level1": "产出指标", "level2": "数量指标", "name": "社区文化活动场次", "weight": 40,
     "target": "≥50场"},
    {"id": "C12", "level1": "产出指标", "level2": "数量指标", "name": "参与市民人次", "weight": 40,
     "target": "≥5万人次"},
    {"id": "C41", "level1": "产出指标", "level2": "成本指标", "name": "场均活动成本", "weight": 20, "direction": "≤",
     "target": "≤9万元", "standard": "历史标准"},
], name="2025年度")
HIST = ["48场", "50场", "53场", "56场"]


@pytest.mark.reference
def test_trend_is_the_least_squares_projection():
    """Least-squares line through (0, 48), (1, 50), (2, 53), (3, 56): slope 2.7, intercept 47.7 → 58.5 at t = 4."""
    p = propose_target(FW["C11"], basis="history", history=HIST)
    assert p.method == "trend" and p.computed_value == pytest.approx(58.5)
    assert p.text == "≥59场" and p.standard is EvaluationStandard.HISTORY
    assert p.recent_actual == 56 and not p.floor_applied
    assert "线性趋势外推值为 58.5场" in p.basis_sentence("zh") and "符合绩效改进原则" in p.basis_sentence("zh")
    assert "linear-trend projection is 58.5场" in p.basis_sentence("en")


@pytest.mark.parametrize("method, expected", [("recent", 56), ("mean", (50 + 53 + 56) / 3), ("percentile", 53.75)])
def test_history_methods(method, expected):
    p = propose_target(FW["C11"], basis="history", history=HIST, method=method)
    assert p.computed_value == pytest.approx(expected)
    assert p.value >= 56  # never below the latest actual without a reason


def test_improvement_floor_and_reason():
    p = propose_target(FW["C11"], basis="history", history=["60场", "58场", "56场"], method="trend")
    assert p.computed_value == pytest.approx(54) and p.floor_applied and p.value == 56
    assert "按绩效改进原则提高到最近一期实际值 56场" in p.basis_sentence("zh")
    q = propose_target(FW["C11"], basis="history", history=["60场", "58场", "56场"], method="trend",
                       reason="两处场地改造")
    assert q.value == 54 and not q.floor_applied and q.below_recent
    assert "理由：两处场地改造" in q.basis_sentence("zh") and "because: 两处场地改造" in q.basis_sentence("en")


def test_reverse_indicator_floor_is_a_ceiling():
    p = propose_target(FW["C41"], basis="plan", plan="9.5万元", history=[9.2, 8.8])
    assert p.floor_applied and p.text == "≤8.8万元"
    q = propose_target(FW["C41"], basis="history", history=[9.5, 9.1, 8.7], decimals=2)
    assert q.text == "≤8.3万元" and not q.floor_applied


def test_peers_percentile_and_units():
    p = propose_target(FW["C12"], basis="peers", peers=["4.2万人次", "48000人次", "5.5万人次", "6万人次"])
    assert p.q == 75 and p.computed_value == pytest.approx(np.percentile([4.2, 4.8, 5.5, 6.0], 75))
    assert p.standard is EvaluationStandard.INDUSTRY and p.unit == "万人次"
    assert "行业标准" in p.basis_sentence("zh") and "peer" in p.basis_sentence("en")
    r = propose_target(FW["C41"], basis="peers", peers=[8, 9, 10, 11])
    assert r.q == 25 and r.computed_value == pytest.approx(8.75)


def test_plan_basis_and_apply():
    p = propose_target(FW["C11"], basis="plan", plan=55)
    assert p.text == "≥55场" and p.standard is EvaluationStandard.PLAN and p.recent_actual is None
    fw = p.apply(FW)
    assert fw["C11"].target.value == 55 and fw["C11"].target.unit == "场"
    assert FW["C11"].target.value == 50  # the caller's framework is unchanged
    json.dumps(p.to_dict())
    assert len(p.summary()) == 1


def test_proposed_targets_pass_the_improvement_lint_rule():
    hist = {"C11": HIST, "C12": ["4.1万人次", "4.6万人次", "5.3万人次"]}
    fw = FW
    for proposal in propose_targets(FW, hist):
        fw = proposal.apply(fw)
    assert not [f for f in lint(fw, history=hist) if f.code == "target_below_history"]
    assert [f.indicator_id for f in lint(FW, history=hist) if f.code == "target_below_history"] == ["C11", "C12"]


def test_propose_targets_from_a_table():
    table = pd.DataFrame({"indicator_id": ["C11"] * 3 + ["C41"] * 3, "period": [2024, 2022, 2023] * 2,
                          "actual": ["56场", "48场", "50场", "8.7万元", "9.5万元", "9.1万元"]})
    out = {p.indicator_id: p for p in propose_targets(FW, table, method="recent")}
    assert out["C11"].value == 56 and out["C41"].value == pytest.approx(8.7)
    with pytest.raises(InputError, match="not in the framework"):
        propose_targets(FW, {"ZZ": [1]})


def test_english_input():
    fw = framework_from_records([{"id": "O1", "level1": "output", "name": "Events held", "weight": 100,
                                           "target": "≥50 events"}])
    p = propose_target(fw["O1"], basis="history", history=["48 events", "52 events"], method="recent")
    assert p.text == "≥52events" and "latest actual" in p.basis_sentence("en")


@pytest.mark.parametrize("kwargs, match", [
    ({"basis": "guess", "direction": "≥"}, "basis"),
    ({"basis": "history", "direction": "≥"}, "history"),
    ({"basis": "peers", "direction": "≥"}, "peers"),
    ({"basis": "plan", "direction": "≥"}, "plan"),
    ({"basis": "history", "direction": "≥", "history": [1, 2], "method": "magic"}, "method"),
    ({"basis": "history", "direction": "定性", "history": [1]}, "≥, ≤ or ="),
    ({"basis": "history", "direction": "≥", "history": ["较好"]}, "numbers"),
    ({"basis": "history", "direction": "≥", "unit": "场", "history": ["5人次"]}, "场|人次"),
])
def test_bad_input(kwargs, match):
    with pytest.raises(InputError, match=match):
        propose_target(**kwargs)


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1e6, allow_nan=False), min_size=1, max_size=8),
       st.sampled_from(["recent", "mean", "trend", "percentile"]), st.sampled_from(["≥", "≤"]))
def test_target_never_looser_than_the_latest_actual_without_a_reason(history, method, direction):
    if method == "trend" and len(history) < 2:
        method = "recent"
    p = propose_target(basis="history", history=history, method=method, direction=direction, unit="场")
    if direction == "≥":
        assert p.value >= history[-1] - 1e-9
    else:
        assert p.value <= history[-1] + 1e-9
