"""Every red or yellow light names its indicator, the numbers compared and the line crossed (MonitoringResult.reasons).

The indicator rule reproduced is the budget performance management system's (pmkpi) warning rule for positive
indicators, table ``perf_t_warnset`` row ``positiveindex01``: ``value = #indexval#/(#targetvalue#/12*#month#)*100``;
``value < 60`` red, ``60 <= value < 80`` yellow, ``80 <= value < 120`` green, ``>= 120`` blue; reverse indicators
(``reverseindex02``): ``value <= #targetvalue#`` green, else red; project target light (``goalwarn``): the worst.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.errors import InputError
from perfmethods.io import framework_from_records
from perfmethods.monitoring import ProjectReport, monitor, monitor_portfolio
from perfmethods.monitoring.reasons import REASON_COLUMNS, percent

SHOWS = framework_from_records([
    dict(id="S1", name="举办展演场次", level1="产出", level2="数量", points=40, direction="≥", target="≥12场"),
    dict(id="S2", name="场均成本", level1="产出", level2="成本", points=10, direction="≤", target="≤2.5万元/场"),
    dict(id="S3", name="观众满意", level1="效益", level2="社会效益", points=10, direction="定性", target="良好"),
])


def _report(done: float, cost: float, executed: float, month: int = 6, tier: str = "达成",
            project: str = "P1") -> ProjectReport:
    spending = pd.DataFrame({"period": [f"M{month}"], "month": [month], "executed_cum": [executed]})
    progress = pd.DataFrame({"indicator_id": ["S1", "S2", "S3"], "month": [month] * 3,
                             "value": [done, cost, None], "tier": [None, None, tier]})
    return ProjectReport.from_tables(project, budget=100.0, spending=spending, framework=SHOWS, progress=progress,
                                     name="文艺展演")


@pytest.mark.reference
def test_positive_indicator_reason_names_indicator_plan_and_line():
    # 3 of 12 shows by June: plan 12/12×6 = 6, r = 3/6 = 50 % < 60 % → red (positiveindex01)
    res = monitor(_report(done=3, cost=2.0, executed=50.0))
    row = res.reasons[res.reasons["indicator_id"] == "S1"].iloc[0]
    assert row["check"] == "indicator" and row["light"] == "red"
    assert row["plan"] == pytest.approx(6.0) and row["ratio"] == pytest.approx(0.5) and row["threshold"] == 0.6
    assert row["reason_zh"] == ("指标“举办展演场次”累计完成 3 场，年度目标 12 场，按时间进度（50.0%）折算应完成 6 场，"
                                "完成计划的 50.0%，低于 60%（红灯）")
    assert "“举办展演场次”" in row["reason_en"]
    assert "the plan pro-rated to 50.0% of the year is 6 场" in row["reason_en"]
    assert list(res.reasons.columns) == list(REASON_COLUMNS)


def test_project_red_with_both_progress_figures_on_track_names_the_reverse_indicator():
    # spending 50 % at month 6 (r = 1.0, green), shows 6 of 6 due (green), but the cost per show 2.6 > 2.5 → red
    res = monitor(_report(done=6, cost=2.6, executed=50.0))
    p = res.projects.iloc[0]
    assert p["budget_light"] == "green" and p["target_progress"] == pytest.approx(0.5)
    assert p["overall_light"] == "red"
    reasons = res.reasons
    assert len(reasons) == 1 and reasons["indicator_id"].iloc[0] == "S2"
    assert reasons["reason_zh"].iloc[0] == ("指标“场均成本”当前为 2.6 万元/场，目标为不高于 2.5 万元/场，"
                                            "超出目标 4.0%（红灯）")
    message = res.findings[0].message("zh")
    assert "场均成本" in message and "项指标红灯" not in message and "（6月，红灯）" in message


def test_every_kind_of_light_has_its_sentence():
    res = monitor_portfolio([_report(done=4, cost=2.0, executed=20.0, tier="部分达成")], thresholds="sichuan")
    by_check = res.reasons.set_index("check")
    assert set(res.reasons["check"]) == {"floor", "gap", "indicator"}
    assert "低于 1–6 月 40% 的执行底线" in by_check.loc["floor", "reason_zh"]
    assert "相差 13.3 个百分点，超过 10 个百分点" in by_check.loc["gap", "reason_zh"]  # 33.3 % vs 20 %
    qual = res.reasons[res.reasons["indicator_id"] == "S3"].iloc[0]
    assert qual["reason_zh"] == "指标“观众满意”评价为“部分达成”（黄灯）" and "partly met" in qual["reason_en"]
    budget = monitor(_report(done=6, cost=2.0, executed=20.0)).reasons.iloc[0]
    assert budget["check"] == "budget" and budget["light"] == "red"
    assert "执行进度为时间进度的 40.0%，低于 60%（红灯）" in budget["reason_zh"]
    assert "累计执行 20.0 万元，全年预算 100.0 万元" in budget["reason_zh"]


def test_a_target_that_cannot_be_met_is_a_reason_in_whole_units():
    # 2 shows by June: best pace 2/6 a month → 2 + 6 × 1/3 = 4 shows by December, 33 % of 12 < 50 %
    res = monitor(_report(done=2, cost=2.0, executed=50.0))
    lk = res.reasons[res.reasons["check"] == "likelihood"].iloc[0]
    assert lk["value"] == 4.0 and lk["reason_zh"].startswith("指标“举办展演场次”按目前最快进度预计全年完成 4 场，")
    assert "预计完成率 33.3%，低于 50%" in lk["reason_zh"]


def test_a_ratio_just_below_a_line_never_reads_as_the_line():
    assert percent(0.59996, 1, 0.6) == "59.996%"
    assert percent(0.5994, 1, 0.6) == "59.9%"
    assert percent(1.00004, 1, 1.0) == "100.004%"
    assert percent(0.5, 1, 0.6) == "50.0%" and percent(float("nan")) == "—"


@settings(max_examples=60)
@given(done=st.integers(0, 20), cost=st.floats(1.0, 4.0), executed=st.floats(0.0, 100.0),
       month=st.sampled_from([3, 6, 9]), tier=st.sampled_from(["达成", "部分达成", "未达成"]),
       rules=st.sampled_from(["budget_system", "sichuan"]))
@pytest.mark.property
def test_every_warning_light_has_a_reason_and_every_reason_a_warning_light(done, cost, executed, month, tier, rules):
    res = monitor(_report(done=done, cost=round(cost, 2), executed=round(executed, 1), month=month, tier=tier),
                  thresholds=rules)
    p, reasons, ind = res.projects.iloc[0], res.reasons, res.indicators
    assert reasons["light"].isin(["red", "yellow"]).all()
    for light_col, check in (("budget_light", "budget"), ("floor_light", "floor"), ("gap_light", "gap")):
        rows = reasons[reasons["check"] == check]
        if p[light_col] in ("red", "yellow"):
            assert list(rows["light"]) == [p[light_col]]
        else:
            assert rows.empty
    warned = ind[ind["light"].isin(["red", "yellow"])]
    rows = reasons[reasons["check"] == "indicator"]
    assert sorted(rows["indicator_id"]) == sorted(warned["indicator_id"])
    for _, r in rows.iterrows():
        assert r["indicator"] in r["reason_zh"] and r["indicator"] in r["reason_en"]
    if p["overall_light"] in ("red", "yellow"):
        assert (reasons["light"] == p["overall_light"]).any()
        assert all(s in res.findings[0].message("zh") for s in reasons["reason_zh"])


def test_a_fractional_count_is_refused_where_it_was_given():
    with pytest.raises(InputError, match=r"a count in 场 is a whole number; got 9\.1") as info:
        _report(done=9.1, cost=2.0, executed=50.0)
    assert info.value.location["indicator"] == "S1" and info.value.location["project"] == "P1"


@settings(max_examples=60)
@given(values=st.lists(st.integers(0, 6), min_size=1, max_size=3), target=st.integers(1, 30))
@pytest.mark.property
def test_projected_counts_are_whole_and_judged_on_what_is_shown(values, target):
    months = [3, 6, 9][: len(values)]
    fw = framework_from_records([dict(id="S1", name="场次", level1="产出", level2="数量", points=10, direction="≥",
                                      target=f"≥{target}场")])
    cum = np.cumsum(values)
    spending = pd.DataFrame({"period": [f"M{m}" for m in months], "month": months, "executed_cum": [1.0] * len(months)})
    progress = pd.DataFrame({"indicator_id": "S1", "month": months, "value": cum.astype(float)})
    rep = ProjectReport.from_tables("P1", budget=10.0, spending=spending, framework=fw, progress=progress)
    row = monitor(rep).indicators.iloc[0]
    assert row["projected"] == np.floor(row["projected"])
    assert (row["likelihood"] == "确定能") == (row["projected"] >= target)
