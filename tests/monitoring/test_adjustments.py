"""Adjustment log: round trip, application to framework and budget, scoring against adjusted targets."""

from __future__ import annotations

import json
from dataclasses import replace

import pandas as pd
import pytest

from perfmethods.datasets import load_example
from perfmethods.errors import InputError
from perfmethods.evaluation import evaluate
from perfmethods.monitoring import DEVIATION_REASONS, Adjustment, AdjustmentLog, evaluate_adjusted

ENTRIES = [
    dict(project="P1", item="budget", date="2024-07-15", reason="经费保障", approval="某财预〔2024〕12号",
         before="600", after="580", status="approved", note="材料价格上涨，调减预算"),
    dict(project="P1", item="C12", date="2024-07-15", reason="经费保障", approval="某财预〔2024〕12号",
         before="≥5万人次", after="≥4万人次", status="已批准", note="同步调整目标"),
    dict(project="P1", item="C11", date="2024-09-01", reason="other", approval="", before="≥50场",
         after="≥45场", status="待批", note="申请中"),
]


def _log() -> AdjustmentLog:
    return AdjustmentLog.from_records(ENTRIES)


def test_round_trip_through_csv(tmp_path):
    log = _log()
    assert log.entries[1].status == "approved" and log.entries[2].status == "pending"
    assert log.entries[2].reason == "其他"  # English reason mapped to the 136号 class
    path = tmp_path / "adjustments.csv"
    log.to_frame().to_csv(path, index=False, encoding="utf-8-sig")
    back = AdjustmentLog.from_frame(pd.read_csv(path, encoding="utf-8-sig", dtype=str, keep_default_na=False),
                                    source=str(path))
    assert back.entries == log.entries
    assert back.to_frame().equals(log.to_frame())
    json.dumps(log.to_dict(), ensure_ascii=False)
    assert list(log.pending().to_frame()["item"]) == ["C11"]
    assert set(log.summary("en")["reason"]) <= set(DEVIATION_REASONS.value.values())


def test_apply_changes_targets_and_budget_only_when_approved():
    project = load_example()
    budget = replace(project.budget, adjusted=600.0)
    fw, bud = _log().apply(project.framework, budget, project="P1")
    assert bud.adjusted == 580.0 and bud.original == 600.0 and bud.executed == budget.executed
    assert fw["C12"].target.text == "≥4万人次" and fw["C12"].target.value == 4.0
    assert fw["C11"].target.text == "≥50场"  # the pending request changes nothing
    assert project.framework["C12"].target.text == "≥5万人次"  # the caller's framework is untouched


def test_final_evaluation_scores_against_adjusted_targets_and_shows_originals():
    project = load_example()
    res = evaluate_adjusted(project.framework, project.actuals, _log(), budget=project.budget, project="P1",
                            panel=project.panel, survey=project.survey)
    t = res.targets.set_index("indicator_id")
    # 4.12万人次 against ≥5万人次 scores 8.24 of 10; against the adjusted ≥4万人次 full points
    assert t.loc["C12", "original_target"] == "≥5万人次" and t.loc["C12", "adjusted_target"] == "≥4万人次"
    assert t.loc["C12", "points_original"] == pytest.approx(8.24) and t.loc["C12", "points"] == pytest.approx(10.0)
    assert t.loc["C12", "approval"] == "某财预〔2024〕12号" and t.loc["C12", "reason"] == "经费保障"
    assert not t.loc["C11", "adjusted"]
    assert t.loc["budget", "original_target"] == "600" and t.loc["budget", "adjusted_target"] == "580"
    # the evaluation of record is the library's evaluate on the adjusted inputs
    fw, bud = _log().apply(project.framework, project.budget, project="P1")
    direct = evaluate(fw, project.actuals, budget=bud, panel=project.panel, survey=project.survey)
    assert res.evaluation.total == direct.total and res.evaluation.total > res.original.total
    json.dumps(res.to_dict(), ensure_ascii=False, allow_nan=False)


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"reason": "天气"}, "unknown deviation reason"),
        ({"approval": ""}, "needs its approval"),
        ({"date": "某天"}, "not a date"),
        ({"after": ""}, "'after' is empty"),
        ({"after": "很多"}, "must be a number"),
        ({"status": "maybe"}, "unknown adjustment status"),
    ],
)
def test_bad_entries_name_the_record(change, match):
    rows = [dict(ENTRIES[0]), {**ENTRIES[0], **change}]
    with pytest.raises(InputError, match=match) as info:
        AdjustmentLog.from_records(rows, source="adjustments.csv")
    assert info.value.location["row"] == 3 and info.value.location["file"] == "adjustments.csv"


def test_log_must_be_in_date_order_and_chain_must_match():
    late = {**ENTRIES[1], "date": "2024-08-01"}
    early = {**ENTRIES[1], "date": "2024-06-01", "before": "≥4万人次", "after": "≥3万人次"}
    with pytest.raises(InputError, match="date order"):
        AdjustmentLog.from_records([late, early])
    project = load_example()
    wrong_before = AdjustmentLog.from_records([{**ENTRIES[1], "before": "≥6万人次"}])
    with pytest.raises(InputError, match="target before this adjustment is '≥5万人次'"):
        wrong_before.apply(project.framework)
    unknown = AdjustmentLog.from_records([{**ENTRIES[1], "item": "Z99"}])
    with pytest.raises(InputError, match="not in the framework"):
        unknown.apply(project.framework)
    bad_budget = AdjustmentLog.from_records([{**ENTRIES[0], "before": "650"}])
    with pytest.raises(InputError, match="budget before this adjustment is 600"):
        bad_budget.apply(budget=project.budget)
    contradicted = AdjustmentLog.from_records([{**ENTRIES[0], "after": "590"}])
    with pytest.raises(InputError, match="contradicts the adjustment log"):
        contradicted.apply(budget=project.budget)  # the example's budget says 580


def test_adjustment_object_direct():
    a = Adjustment("P1", "budget", "2024-7-1", "人员保障", "批复", 100, 90)
    assert a.date == "2024-07-01" and a.before == "100"
    with pytest.raises(InputError):
        AdjustmentLog((a, "not an adjustment"))
