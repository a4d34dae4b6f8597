"""Projected under-spending and projected overspend: two separate flags, one rule each, and the chart, the counts
and the reasons read the same columns.

Under-spending applies the budget rule at the year end (time progress 12/12 = 1): with the budget-system bands
(pmkpi ``perf_t_warnset`` row ``bgttracewarn``: ``value = execution/((month/12)*100)*100``; ``< 60`` red,
``60–80`` yellow, ``>= 80`` green) a projected execution of 79 % is yellow. Overspend: projected spending above
100 % of the budget (《中华人民共和国预算法》第十三条: spending follows the approved budget) is yellow, above the
local red line of 110 % red.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.collections import PathCollection
from matplotlib.colors import to_hex
from montest_helpers import spending_report

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.monitoring import get_thresholds, outlook, read_portfolio
from perfmethods.monitoring.year_end import _COLOURS

SYSTEM = get_thresholds("budget_system")


@pytest.mark.parametrize(("share", "light"), [(0.95, "green"), (1.0, "green"), (1.0001, "yellow"), (1.10, "yellow"),
                                              (1.1001, "red"), (1.5, "red"), (float("nan"), "none")])
def test_overspend_lines_are_strict(share, light):
    assert SYSTEM.overspend_light([share])[0] == light


@pytest.mark.parametrize(("share", "light"), [(0.8, "green"), (0.7999, "yellow"), (0.6, "yellow"), (0.5999, "red"),
                                              (1.3, "green")])
def test_under_spending_is_the_budget_rule_at_the_year_end(share, light):
    assert SYSTEM.year_end_light([share])[0] == light
    assert SYSTEM.year_end_bound() == pytest.approx(0.8)


def test_sichuan_year_end_uses_the_last_floor():
    sichuan = get_thresholds("sichuan")
    assert sichuan.year_end_bound() == pytest.approx(0.8)  # the floor of months 1–10 still applies at month 12
    assert list(sichuan.year_end_light([0.79, 0.8])) == ["red", "green"]


def test_switching_the_lines_off_or_setting_them_wrongly():
    off = SYSTEM.replace(overspend_warn=None, overspend_red=None)
    assert off.overspend_light([2.0])[0] == "none"
    assert SYSTEM.replace(overspend_warn=None).overspend_light([1.05, 1.2]).tolist() == ["green", "red"]
    with pytest.raises(InputError, match="'overspend_red' rule must be >= 'overspend_warn'"):
        SYSTEM.replace(overspend_red=0.9)
    with pytest.raises(InputError, match="'overspend_warn' rule must be a share"):
        SYSTEM.replace(overspend_warn="110%")


def test_a_fast_spender_is_flagged_for_overspend_not_for_under_spending():
    # 90 of 100 spent by September on a straight line → 120 by December: 120 % of the budget
    row = outlook(spending_report([30.0, 60.0, 90.0], [3, 6, 9], budget=100.0)).table.iloc[0]
    assert row["forecast"] == pytest.approx(120.0) and row["completion"] == pytest.approx(1.2)
    assert row["light"] == "green" and row["overspend_light"] == "red"
    res = outlook(spending_report([30.0, 60.0, 90.0], [3, 6, 9], budget=100.0))
    reason = res.reasons().iloc[0]
    assert reason["check"] == "overspend" and reason["threshold"] == pytest.approx(1.1)
    assert reason["reason_zh"] == ("按目前执行趋势预计全年支出 120.0 万元，全年预算 100.0 万元，预计执行率 120.0%，"
                                   "超出预算 20.0 万元，高于 110%（红灯）")
    assert res.counts() == {"low": 0, "low_red": 0, "over": 1, "over_red": 1}


def test_a_slow_spender_is_flagged_for_under_spending_with_the_line_it_crossed():
    res = outlook(spending_report([10.0, 20.0, 30.0], [3, 6, 9], budget=100.0))  # → 40 %
    reason = res.reasons().iloc[0]
    assert reason["check"] == "year_end" and reason["light"] == "red" and reason["threshold"] == pytest.approx(0.6)
    assert "预计执行率 40.0%，低于 60%（红灯）" in reason["reason_zh"]


@settings(max_examples=80)
@given(paths=st.lists(st.tuples(st.floats(0, 33), st.floats(0, 33), st.floats(0, 33)), min_size=1, max_size=6),
       rules=st.sampled_from(["budget_system", "sichuan"]))
@pytest.mark.property
def test_the_two_flags_never_fire_together_and_follow_their_lines(paths, rules):
    reps = [spending_report(list(np.cumsum(p)), [3, 6, 9], budget=100.0, project=f"P{i}")
            for i, p in enumerate(paths)]
    res = outlook(reps, thresholds=rules)
    sp = res.spending()
    rs = get_thresholds(rules)
    under = sp["light"].isin(["red", "yellow"])
    over = sp["overspend_light"].isin(["red", "yellow"])
    assert not (under & over).any()
    c = sp["completion"].to_numpy()
    assert (under.to_numpy() == (c < rs.year_end_bound() * (1 - 1e-9))).all()
    assert (over.to_numpy() == (c > rs.overspend_warn.value * (1 + 1e-9))).all()
    counts = res.counts()
    assert counts["low"] == under.sum() and counts["over"] == over.sum()
    assert len(res.reasons()) == under.sum() + over.sum()


def _markers(ax):
    """(marker kind, colour) of every point drawn by OutlookResult.plot."""
    out = []
    for coll in ax.collections:
        if not isinstance(coll, PathCollection):  # the interval bars are line collections
            continue
        path = coll.get_paths()[0]
        kind = "triangle" if len(path.vertices) <= 5 else "circle"
        out += [(kind, to_hex(fc)) for fc in coll.get_facecolors()]
    return out


def test_the_chart_shows_what_the_counts_say_with_a_legend_for_every_mark():
    folder = data_root() / "examples" / "portfolio_monitoring"
    portfolio = read_portfolio(folder)
    res = outlook(portfolio.reports, month=9, history=portfolio.history)
    counts = res.counts()
    assert counts == {"low": 6, "low_red": 5, "over": 6, "over_red": 3}  # the bundled portfolio at month 9
    fig, ax = plt.subplots()
    res.plot(ax=ax, language="zh")
    marks = _markers(ax)
    red, yellow = _COLOURS["red"], _COLOURS["yellow"]
    assert marks.count(("circle", red)) == counts["low_red"]
    assert marks.count(("circle", red)) + marks.count(("circle", yellow)) == counts["low"]
    assert marks.count(("triangle", red)) == counts["over_red"]
    assert sum(k == "triangle" for k, _ in marks) == counts["over"]
    assert len(marks) == len(res.spending())
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["预计执行率 ≥ 80%：绿", "预计执行率 60%–80%：黄", "预计执行率 < 60%：红",
                      "预计超支，执行率 > 100%：黄（三角）", "预计超支，执行率 > 110%：红（三角）"]
    plt.close(fig)


def test_the_lights_chart_has_a_legend_for_the_colours_it_draws():
    portfolio = read_portfolio(data_root() / "examples" / "portfolio_monitoring")
    from perfmethods.monitoring import monitor_portfolio

    res = monitor_portfolio(portfolio.reports, month=9)
    fig, ax = plt.subplots()
    res.plot(ax=ax, language="zh")
    drawn = {to_hex(fc) for coll in ax.collections if isinstance(coll, PathCollection) for fc in coll.get_facecolors()}
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    # no "不适用": no light of this chart is missing; no blue: the rates held near their targets are levels, which
    # meet their target or not but are never ahead of a plan
    assert labels == ["绿", "黄", "红"]
    assert {to_hex(h.get_markerfacecolor()) for h in legend.legend_handles} == drawn
    plt.close(fig)
