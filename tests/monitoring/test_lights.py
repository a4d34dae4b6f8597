"""Warning lights at and around every threshold of the rule sets (the pmkpi warning rules in ``perf_t_warnset`` and
四川 川财绩〔2025〕10号, see :mod:`perfmethods.monitoring.thresholds`)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from montest_helpers import FRAMEWORK, indicator_report, spending_report

from perfmethods.errors import InputError
from perfmethods.monitoring import (
    LIGHT_SEVERITY,
    get_thresholds,
    list_thresholds,
    monitor,
    monitor_portfolio,
    time_progress,
)
from perfmethods.provenance import Provenance, Rule


def _budget_light(executed: float, month: int, thresholds: str = "budget_system") -> str:
    res = monitor(spending_report([executed], [month]), thresholds=thresholds)
    return res.projects["budget_light"].iloc[0]


def _floor_light(executed: float, month: int) -> str:
    return monitor(spending_report([executed], [month]), thresholds="sichuan").projects["floor_light"].iloc[0]


# -- budget-system budget light: r = execution / (month / 12) -------------------------------------------------
@pytest.mark.parametrize(
    ("executed", "month", "light"),
    [
        (40.0, 6, "green"),     # r = 0.80 exactly → green (lower bound inclusive)
        (39.99, 6, "yellow"),   # r just below 0.80
        (30.0, 6, "yellow"),    # r = 0.60 exactly → yellow
        (29.99, 6, "red"),      # r just below 0.60
        (20.0, 3, "green"),     # 0.2 / 0.25 = 0.8 in floating point: still green
        (14.99, 3, "red"),
        (100.0, 12, "green"),
        (0.0, 3, "red"),
    ],
)
def test_budget_system_budget_light_at_thresholds(executed, month, light):
    assert _budget_light(executed, month) == light


# -- Sichuan cumulative floors 25/40/60/80 % at months 4/6/8/10 ---------------------------------------------------
@pytest.mark.parametrize(("month", "floor"), [(4, 25.0), (6, 40.0), (8, 60.0), (10, 80.0)])
def test_sichuan_floors_at_each_checkpoint(month, floor):
    assert _floor_light(floor, month) == "green"          # exactly at the floor passes
    assert _floor_light(floor - 0.01, month) == "red"     # just below warns
    assert _floor_light(floor + 0.01, month) == "green"


@pytest.mark.parametrize(("month", "executed", "light"),
                         [(3, 0.0, "none"),      # no checkpoint reached yet
                          (5, 24.99, "red"),     # the month-4 floor still applies
                          (5, 25.0, "green"),
                          (9, 59.99, "red"),     # the month-8 floor
                          (12, 79.99, "red"),    # the month-10 floor
                          (12, 80.0, "green")])
def test_sichuan_latest_checkpoint_applies_between_checkpoints(month, executed, light):
    assert _floor_light(executed, month) == light


def test_sichuan_has_no_ratio_light_and_budget_system_no_floor():
    assert _budget_light(10.0, 6, thresholds="sichuan") == "none"
    assert monitor(spending_report([10.0], [6])).projects["floor_light"].iloc[0] == "none"


# -- the gap rule: |target progress − execution progress| > 10 points ----------------------------------------------
def _gap_light(value: float, executed: float) -> tuple[str, float]:
    rep = indicator_report(value, 6, executed=executed)
    row = monitor(rep, thresholds="sichuan").projects.iloc[0]
    return row["gap_light"], row["gap"]


@pytest.mark.parametrize(
    ("value", "executed", "light"),
    [
        (66.0, 45.0, "green"),    # target progress 0.55, execution 0.45: gap exactly 10 points → no warning
        (66.12, 45.0, "yellow"),  # 10.1 points
        (54.0, 55.0, "green"),    # −10 points exactly
        (53.88, 55.0, "yellow"),  # −10.1 points
        (60.0, 50.0, "green"),
    ],
)
def test_gap_rule_at_ten_points(value, executed, light):
    got, gap = _gap_light(value, executed)
    assert got == light, gap


def test_target_progress_is_weighted_and_capped():
    # only ≥ and = indicators count; completion above 100 % counts as 100 %
    rep = indicator_report(240.0, 6, executed=50.0)
    row = monitor(rep, thresholds="sichuan").projects.iloc[0]
    assert row["target_progress"] == pytest.approx(1.0)
    assert row["gap"] == pytest.approx(0.5)


# -- indicator lights -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "light"),
    [
        (72.0, "blue"),      # 72 / (120 × 6/12) = 1.20 → blue (ahead of plan)
        (71.99, "green"),
        (48.0, "green"),     # 0.80
        (47.99, "yellow"),
        (36.0, "yellow"),    # 0.60
        (35.99, "red"),
        (0.0, "red"),
    ],
)
def test_positive_indicator_light_at_thresholds(value, light):
    ind = monitor(indicator_report(value, 6)).indicators.set_index("indicator_id")
    assert ind.loc["A", "light"] == light
    assert ind.loc["A", "plan"] == pytest.approx(60.0)


@pytest.mark.parametrize(("value", "light"), [(100.0, "green"), (99.0, "green"), (100.01, "red")])
def test_reverse_indicator_light(value, light):
    ind = monitor(indicator_report(value, 6, indicator="B")).indicators.set_index("indicator_id")
    assert ind.loc["B", "light"] == light


@pytest.mark.parametrize(("tier", "light"), [("达成", "green"), ("部分达成", "yellow"), ("未达成", "red")])
def test_qualitative_indicator_light(tier, light):
    rep = indicator_report(np.nan, 6, indicator="C", tier=tier)
    ind = monitor(rep).indicators.set_index("indicator_id")
    assert ind.loc["C", "light"] == light


def test_plan_column_overrides_pro_rata_plan():
    prog = pd.DataFrame({"indicator_id": ["A"], "month": [6], "value": [30.0], "plan": [30.0]})
    rep = spending_report([50.0], [6], framework=FRAMEWORK, progress=prog)
    ind = monitor(rep).indicators.set_index("indicator_id")
    assert ind.loc["A", "ratio"] == pytest.approx(1.0) and ind.loc["A", "light"] == "green"


def test_goal_light_is_worst_indicator_and_overall_worst_of_all():
    prog = pd.DataFrame({"indicator_id": ["A", "B", "C"], "month": [6, 6, 6], "value": [72.0, 90.0, np.nan],
                         "tier": [None, None, "未达成"]})
    rep = spending_report([50.0], [6], framework=FRAMEWORK, progress=prog)
    row = monitor(rep).projects.iloc[0]
    assert row["goal_light"] == "red" and row["budget_light"] == "green" and row["overall_light"] == "red"
    assert row["n_red"] == 1 and row["needs_attention"]


def test_indicator_without_progress_keeps_a_row():
    res = monitor(indicator_report(60.0, 6))
    ind = res.indicators.set_index("indicator_id")
    assert set(ind.index) == {"A", "B", "C"}
    assert ind.loc["B", "light"] == "none" and np.isnan(ind.loc["B", "value"])


# -- 完成目标可能性 ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "earlier", "tier"),
    [
        (60.0, None, "确定能"),         # pace 10/month → 120 at year end = target
        (59.0, None, "有可能"),         # 118 / 120
        (30.0, None, "有可能"),         # 60 / 120 = 0.5 exactly → not impossible
        (29.0, None, "完全不可能"),     # 58 / 120 < 0.5
        (120.0, None, "确定能"),        # already met
        (40.0, (3, 10.0), "有可能"),    # recent pace 10/month (better than 6.67 to date) → 100 / 120
        (25.0, (3, 5.0), "有可能"),     # recent pace 20/3 → 25 + 40 = 65 / 120
        (20.0, (3, 19.0), "完全不可能"),  # recent pace 1/3, to date 3.33 → 40 / 120
    ],
)
def test_likelihood_tiers(value, earlier, tier):
    ind = monitor(indicator_report(value, 6, earlier=earlier)).indicators.set_index("indicator_id")
    assert ind.loc["A", "likelihood"] == tier


def test_likelihood_of_project_is_worst_indicator():
    res = monitor(indicator_report(29.0, 6))
    assert res.projects["likelihood"].iloc[0] == "完全不可能" and res.projects["needs_attention"].iloc[0]
    assert res.findings and res.findings[0].code == "monitoring_attention"


# -- time progress and spending profiles -------------------------------------------------------------------------------
def test_time_progress_default_and_profile():
    assert time_progress(np.array([3, 6, 12])) == pytest.approx([0.25, 0.5, 1.0])
    profile = np.linspace(0.05, 1.0, 12)
    assert time_progress(6, profile) == pytest.approx(profile[5])
    res = monitor(spending_report([40.0], [6]), spending_curve=profile)
    assert res.projects["time_progress"].iloc[0] == pytest.approx(profile[5])
    with pytest.raises(InputError, match="12 cumulative shares"):
        time_progress(6, [0.5] * 12)


# -- portfolio ---------------------------------------------------------------------------------------------------------
def test_portfolio_table_chart_and_dict():
    import matplotlib.pyplot as plt

    reps = [spending_report([20.0, 45.0], [3, 6], project="P1", name="甲"),
            spending_report([5.0, 10.0], [3, 6], project="P2", name="乙"),
            indicator_report(60.0, 6)]
    reps[2] = spending_report([50.0], [6], project="P3", framework=FRAMEWORK,
                              progress=pd.DataFrame({"indicator_id": ["A"], "month": [6], "value": [29.0]}))
    res = monitor_portfolio(reps)
    assert list(res.projects["project"]) == ["P1", "P2", "P3"]
    assert list(res.projects["budget_light"]) == ["green", "red", "green"]
    assert list(res.attention()["project"]) == ["P2", "P3"]
    counts = res.light_counts().set_index("light")["n_projects"]
    assert counts.sum() == 3 and counts["red"] == 2
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert res.plot(ax=ax, language=language) is ax
    plt.close(fig)
    # the reporting month cuts the history
    early = monitor_portfolio(reps[:2], month=3)
    assert list(early.projects["month"]) == [3, 3]


def test_rules_are_sourced_and_replaceable():
    assert {"budget_system", "sichuan"} <= set(list_thresholds())
    rules = get_thresholds("sichuan")
    assert rules.execution_floors.value == {4: 0.25, 6: 0.40, 8: 0.60, 10: 0.80}
    assert rules.execution_floors.provenance is Provenance.SECONDARY
    assert "川财绩〔2025〕10号" in rules.execution_floors.source
    frame = rules.to_frame()
    assert {"rule", "value", "provenance", "source"} <= set(frame.columns)
    stricter = rules.replace(gap_points=0.05)
    assert stricter.gap_points.provenance is Provenance.UNVERIFIED
    rep = indicator_report(66.0, 6, executed=45.0)  # gap 10 points: warns at 5
    assert monitor(rep, thresholds=stricter).projects["gap_light"].iloc[0] == "yellow"
    bands = Rule(((0.9, "green"), (0.0, "red")), Provenance.VERIFIED, "我市办法")
    custom = get_thresholds().replace(budget_bands=bands)
    assert monitor(spending_report([40.0], [6]), thresholds=custom).projects["budget_light"].iloc[0] == "red"
    json.dumps(custom.to_dict(), ensure_ascii=False)
    with pytest.raises(InputError):
        get_thresholds("nowhere")
    with pytest.raises(InputError):
        rules.replace(gap_points=2.0)


# -- invariants --------------------------------------------------------------------------------------------------------
@pytest.mark.property
@settings(max_examples=15, deadline=None)
@given(st.floats(0, 100), st.floats(0, 100), st.integers(1, 12))
def test_more_spending_never_worsens_the_budget_light(a, b, month):
    lo, hi = sorted((a, b))
    res = monitor_portfolio([spending_report([lo], [month], project="lo"),
                             spending_report([hi], [month], project="hi")])
    sev = res.projects.set_index("project")["budget_light"].map(LIGHT_SEVERITY)
    assert sev["hi"] <= sev["lo"]


@pytest.mark.property
@settings(max_examples=15, deadline=None)
@given(st.floats(0, 100), st.floats(0, 200), st.integers(1, 12))
def test_overall_light_is_the_worst_component(executed, value, month):
    rep = indicator_report(value, month, executed=executed)
    row = monitor(rep, thresholds="sichuan").projects.iloc[0]
    parts = [LIGHT_SEVERITY[row[c]] for c in ("budget_light", "floor_light", "gap_light", "goal_light")]
    assert LIGHT_SEVERITY[row["overall_light"]] == max(parts)
