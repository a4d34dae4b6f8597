"""An indicator accumulates over the year (pro-rated plan) or is a level (compared with the annual target): the rule,
the explicit ``accumulates`` / ``累计`` column, and the lights, likelihoods and reasons of levels."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from montest_helpers import spending_report

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.io import framework_from_records
from perfmethods.monitoring import (
    ProjectReport,
    monitor,
    monitor_portfolio,
    outlook,
    read_portfolio,
)
from perfmethods.monitoring.quantities import accumulates, is_level_unit, parse_accumulates

FOLDER = data_root() / "examples" / "portfolio_monitoring"

RATES = framework_from_records([
    dict(id="R", name="系统可用率", level1="产出", level2="质量", points=20, direction="≥", target="≥99%", unit="%"),
    dict(id="N", name="活动场次", level1="产出", level2="数量", points=30, direction="≥", target="≥12场", unit="场"),
    dict(id="W", name="工程完成量", level1="产出", level2="数量", points=30, direction="≥", target="≥100%", unit="%"),
])


def _report(values: dict[str, float], month: int, *, project: str = "P1",
            flags: dict[str, object] | None = None) -> ProjectReport:
    progress = pd.DataFrame({"indicator_id": list(values), "month": month, "value": list(values.values())})
    report = spending_report([month / 12 * 100], [month], framework=RATES, progress=progress, project=project)
    if flags is None:
        return report
    return ProjectReport.from_tables(project, budget=100.0, spending=report.budget.periods, framework=RATES,
                                     progress=progress, accumulates=flags)


def _row(result, indicator: str, project: str = "P1") -> pd.Series:
    ind = result.indicators
    return ind[(ind["project"] == project) & (ind["indicator_id"] == indicator)].iloc[0]


# -- the rule ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("unit", ["%", "％", "‰", "分", "星", "倍", "元/平方米", "元/人", "万元/场", "每人", " % "])
def test_rates_scores_prices_and_units_per_something_are_levels(unit):
    assert is_level_unit(unit) and not accumulates(unit)


@pytest.mark.parametrize("unit", ["场", "人次", "公里", "万元", "元", "平方米", "学时", "", None])
def test_counts_and_amounts_accumulate(unit):
    assert not is_level_unit(unit) and accumulates(unit)


@pytest.mark.parametrize(("raw", "flag"), [("yes", True), ("是", True), ("累计", True), ("TRUE", True), ("1", True),
                                           (True, True), ("no", False), ("否", False), ("不累计", False),
                                           ("N", False), (0, False), (False, False), ("", None), (" ", None),
                                           (None, None), (float("nan"), None)])
def test_explicit_flag_spellings(raw, flag):
    assert parse_accumulates(raw) is flag


def test_explicit_flag_overrides_the_unit():
    assert accumulates("%", True) and not accumulates("场", False)
    assert accumulates("%", None) is False and accumulates("场", None) is True


def test_a_flag_that_is_not_yes_or_no_is_refused():
    with pytest.raises(InputError, match="yes / no") as info:
        parse_accumulates("maybe", location={"row": 3})
    assert info.value.location["row"] == 3


# -- a rate at months 3 / 6 / 9 --------------------------------------------------------------------------------
@pytest.mark.parametrize("month", [3, 6, 9])
def test_a_rate_meeting_its_target_is_green_and_certain_at_every_month(month):
    # 99.5 % availability against ≥ 99 %: it meets the target; a pro-rated plan (99 × m / 12) would call it blue
    row = _row(monitor(_report({"R": 99.5}, month)), "R")
    assert not row["accumulates"]
    assert row["plan"] == 99.0 and row["ratio"] == pytest.approx(99.5 / 99)
    assert row["light"] == "green" and row["likelihood"] == "确定能"
    assert row["projected"] == 99.5 and row["projected_completion"] == pytest.approx(99.5 / 99)


@pytest.mark.parametrize(("value", "light"), [(75.0, "yellow"), (59.4, "yellow"), (59.0, "red"), (90.0, "green")])
def test_a_rate_below_its_target_is_judged_against_the_annual_target(value, light):
    # June: r = value / 99 (not value / 49.5): 75 → 0.758 yellow; 59.4 → 0.6 exactly yellow; 59 → 0.596 red;
    # 90 → 0.909 green but not met, so only 有可能
    res = monitor(_report({"R": value}, 6))
    row = _row(res, "R")
    assert row["plan"] == 99.0 and row["ratio"] == pytest.approx(value / 99)
    assert row["completion"] == pytest.approx(value / 99)
    assert row["light"] == light and row["likelihood"] == "有可能"
    assert res.projects["target_progress"].iloc[0] == pytest.approx(value / 99)


def test_the_reason_of_a_rate_names_the_annual_target_not_a_pro_rated_plan():
    res = monitor(_report({"R": 75.0}, 6))
    reason = res.reasons[res.reasons["indicator_id"] == "R"].iloc[0]
    assert reason["light"] == "yellow" and reason["plan"] == 99.0 and reason["threshold"] == 0.8
    assert reason["reason_zh"] == ("指标“系统可用率”当前为 75%，对照年度目标 99%（水平类指标，不按时间进度折算），"
                                   "为年度目标的 75.8%，低于 80%（黄灯）")
    assert "against its annual target of 99%" in reason["reason_en"] and "not pro-rated" in reason["reason_en"]


def test_a_count_still_pro_rates():
    # 3 of 12 shows by June: plan 6, r = 0.5 → red; projected 3 + 0.5 × 6 = 6 of 12 → 有可能
    res = monitor(_report({"N": 3}, 6))
    row = _row(res, "N")
    assert row["accumulates"] and row["plan"] == pytest.approx(6.0) and row["ratio"] == pytest.approx(0.5)
    assert row["light"] == "red" and row["projected"] == 6.0 and row["likelihood"] == "有可能"
    reason = res.reasons[res.reasons["indicator_id"] == "N"].iloc[0]
    assert "按时间进度（50.0%）折算应完成 6 场" in reason["reason_zh"]
    assert "the plan pro-rated to 50.0% of the year is 6 场" in reason["reason_en"]


def test_the_explicit_flag_overrides_the_unit_in_monitoring():
    # 工程完成量 in %: a level by its unit (50 of 100 → red), pro-rated when it is said to accumulate (50 of 50)
    by_unit = _row(monitor(_report({"W": 50.0, "N": 6}, 6)), "W")
    assert by_unit["plan"] == 100.0 and by_unit["light"] == "red"
    flagged = monitor(_report({"W": 50.0, "N": 6}, 6, flags={"W": "是", "N": "否"}))
    w, n = _row(flagged, "W"), _row(flagged, "N")
    assert w["accumulates"] and w["plan"] == pytest.approx(50.0) and w["light"] == "green"
    assert not n["accumulates"] and n["plan"] == 12.0 and n["ratio"] == pytest.approx(0.5) and n["light"] == "red"


def test_a_level_is_not_projected_to_the_year_end():
    res = outlook([_report({"R": 80.0, "N": 3}, 6)], month=6)
    assert set(res.table["item"]) == {"spending", "N"}


def test_report_flags_are_checked():
    with pytest.raises(InputError, match="'X'.*not in the project's framework") as info:
        _report({"R": 99.0}, 6, flags={"X": "是"})
    assert info.value.location["project"] == "P1"
    with pytest.raises(InputError, match="yes / no") as info:
        _report({"R": 99.0}, 6, flags={"R": "sometimes"})
    assert info.value.location["indicator"] == "R"
    assert _report({"R": 99.0}, 6, flags={"R": "", "N": "否"}).accumulates == {"N": False}


# -- properties ------------------------------------------------------------------------------------------------
def _by_month(indicator: str, value: float) -> pd.DataFrame:
    """The indicator's row in a portfolio of twelve projects, one reporting at each month 1–12 the same value."""
    reports = [_report({indicator: value}, m, project=f"M{m:02d}") for m in range(1, 13)]
    ind = monitor_portfolio(reports).indicators
    return ind[ind["indicator_id"] == indicator].sort_values("month")


@settings(max_examples=30, deadline=None)
@given(value=st.floats(0.0, 200.0, allow_nan=False))
def test_a_level_light_and_likelihood_do_not_depend_on_the_month(value):
    rows = _by_month("R", value)
    assert rows["light"].nunique() == 1 and rows["likelihood"].nunique() == 1
    assert (rows["plan"] == 99.0).all()
    assert rows["light"].iloc[0] != "blue"


@settings(max_examples=30, deadline=None)
@given(done=st.integers(2, 6))
def test_a_count_light_depends_on_the_month(done):
    # 2–6 of 12 shows: ahead of a January plan (r ≥ 2 → blue), behind a December one (r ≤ 0.5 → red); in between
    # the light only moves down the bands (blue, green, yellow, red) as the months pass with nothing more done
    rows = _by_month("N", float(done))
    band = rows["light"].map({"blue": 0, "green": 1, "yellow": 2, "red": 3}).to_numpy()
    assert rows["light"].iloc[0] == "blue" and rows["light"].iloc[-1] == "red"
    assert (np.diff(band) >= 0).all()
    assert rows["plan"].to_numpy() == pytest.approx(np.arange(1, 13))


# -- the portfolio column -----------------------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FOLDER, tmp_path / "p"))


def _set_cell(path: Path, row: int, column: str, value: str) -> None:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[row - 2, column] = value
    frame.to_csv(path, index=False, encoding="utf-8")


def test_bundled_shares_of_works_done_accumulate_and_rates_are_levels():
    portfolio = read_portfolio(FOLDER)
    flags = {i: f for r in portfolio.reports for i, f in r.accumulating().items()}
    assert flags["P02-1"] and flags["P04-1"] and flags["P01-1"]  # 采购 / 工程完成量 (%, said so), 活动场次
    assert not flags["P02-2"] and not flags["P07-2"] and not flags["P04-3"]  # 可用率, 发放率, 元/平方米


def test_a_bad_accumulates_cell_names_file_row_and_column(folder: Path):
    _set_cell(folder / "indicators.csv", 5, "accumulates", "maybe")
    with pytest.raises(InputError, match="yes / no") as info:
        read_portfolio(folder)
    loc = info.value.location
    assert loc["file"].endswith("indicators.csv") and loc["row"] == 5 and loc["column"] == "accumulates"


def test_the_chinese_column_name_is_read_and_blank_means_the_unit(folder: Path):
    path = folder / "indicators.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).rename(columns={"accumulates": "累计"})
    frame.loc[frame["id"] == "P02-2", "累计"] = "是"
    frame.to_csv(path, index=False, encoding="utf-8")
    reports = {r.project: r for r in read_portfolio(folder).reports}
    assert reports["P02"].accumulating() == {"P02-1": True, "P02-2": True, "P02-4": True}
    assert reports["P07"].accumulates == {}
    frame.assign(accumulates="").to_csv(path, index=False, encoding="utf-8")
    with pytest.raises(InputError, match="in one column"):
        read_portfolio(folder)


def test_without_the_column_the_unit_decides(folder: Path):
    path = folder / "indicators.csv"
    pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns="accumulates").to_csv(path, index=False)
    reports = {r.project: r for r in read_portfolio(folder).reports}
    assert reports["P02"].accumulating()["P02-1"] is False  # a % without the flag is a level
