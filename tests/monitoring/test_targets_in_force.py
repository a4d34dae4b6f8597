"""Monitoring at month m grades each project against the targets and budget in force at the end of month m: approved
adjustments dated on or before it apply, later, pending and rejected ones do not."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from montest_helpers import FRAMEWORK, spending_report

from perfmethods.datasets import data_root
from perfmethods.errors import InputError
from perfmethods.monitoring import AdjustmentLog, monitor, monitor_portfolio, read_portfolio

FOLDER = data_root() / "examples" / "portfolio_monitoring"
APPROVAL = "某区财预〔2024〕31号"


def _row(frame: pd.DataFrame, project: str, indicator: str | None = None) -> pd.Series:
    rows = frame[frame["project"] == project]
    if indicator is not None:
        rows = rows[rows["indicator_id"] == indicator]
    return rows.iloc[0]


@pytest.fixture(scope="module")
def portfolio():
    return read_portfolio(FOLDER)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(FOLDER, tmp_path / "p"))


def _set_progress(folder: Path, indicator: str, month: int, value: float) -> None:
    path = folder / "progress.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[(frame["indicator_id"] == indicator) & (frame["month"] == str(month)), "value"] = f"{value:g}"
    frame.to_csv(path, index=False, encoding="utf-8")


def test_p04_at_month_9_is_graded_against_the_adjusted_target_with_the_original_shown(folder):
    # 3,300 元/平方米 exceeds the original ≤ 3,200 but not the ≤ 3,500 approved on 2024-07-12: green
    _set_progress(folder, "P04-3", 9, 3300)
    portfolio = read_portfolio(folder)
    res = monitor_portfolio(portfolio.reports, month=9, adjustments=portfolio.adjustments, year=2024)
    row = _row(res.indicators, "P04", "P04-3")
    assert row["target"] == 3500 and row["original_target"] == 3200
    assert row["approval"] == APPROVAL and row["adjusted_on"] == "2024-07-12"
    assert row["light"] == "green" and row["likelihood"] == "确定能"
    unadjusted = monitor_portfolio(portfolio.reports, month=9)
    assert _row(unadjusted.indicators, "P04", "P04-3")["light"] == "red"
    others = res.indicators[res.indicators["indicator_id"] != "P04-3"]
    assert others["original_target"].isna().all() and others["approval"].isna().all()


def test_the_reason_names_the_adjusted_target_and_the_approval(folder):
    # 3,600 > 3,500: red, (3600 − 3500) / 3500 = 2.9 % above the adjusted ceiling
    _set_progress(folder, "P04-3", 9, 3600)
    portfolio = read_portfolio(folder)
    res = monitor_portfolio(portfolio.reports, month=9, adjustments=portfolio.adjustments, year=2024)
    reason = _row(res.reasons, "P04", "P04-3")
    assert reason["target"] == 3500 and reason["light"] == "red"
    assert reason["reason_zh"] == ("指标“单位造价”当前为 3,600 元/平方米，目标为不高于 3,500 元/平方米"
                                   f"（2024-07-12 经{APPROVAL}批准由 3,200 元/平方米 调整），超出目标 2.9%（红灯）")
    assert (f"a ceiling of 3,500 元/平方米 (changed from 3,200 元/平方米 on 2024-07-12, approved by {APPROVAL})"
            in reason["reason_en"])


def test_p04_budget_cut_applies_from_july(portfolio):
    # 860 → 780 万元 approved 2024-07-12: June is measured against 860, September against 780
    june = monitor_portfolio(portfolio.reports, month=6, adjustments=portfolio.adjustments, year=2024)
    p = _row(june.projects, "P04")
    assert p["budget"] == 860 and pd.isna(p["original_budget"]) and p["budget_approval"] is None
    assert p["execution_progress"] == pytest.approx(228.4 / 860)
    sept = monitor_portfolio(portfolio.reports, month=9, adjustments=portfolio.adjustments, year=2024)
    p = _row(sept.projects, "P04")
    assert p["budget"] == 780 and p["original_budget"] == 860 and p["budget_approval"] == APPROVAL
    assert p["execution_progress"] == pytest.approx(453.6 / 780)
    periods = sept.periods[sept.periods["project"] == "P04"]
    assert periods["budget"].tolist() == [860, 860, 780]
    assert periods["execution_progress"].to_numpy() == pytest.approx([62.0 / 860, 228.4 / 860, 453.6 / 780])
    reason = _row(sept.reasons, "P04")
    assert reason["check"] == "budget"
    assert f"全年预算 780.0 万元，经{APPROVAL}批准由 860.0 万元 调整" in reason["reason_zh"]
    assert f"a 780.0 万元 budget, changed from 860.0 万元, approved by {APPROVAL}" in reason["reason_en"]


def test_p04_target_before_the_approval_is_the_original(portfolio):
    res = monitor_portfolio(portfolio.reports, month=6, adjustments=portfolio.adjustments, year=2024)
    row = _row(res.indicators, "P04", "P04-3")
    assert row["target"] == 3200 and pd.isna(row["original_target"]) and row["approval"] is None


@pytest.mark.parametrize("month", [3, 6, 9])
def test_pending_requests_never_apply(portfolio, month):
    # P10-1 ≥ 100 % → ≥ 70 % and P18's budget 90 → 60 are requests only
    res = monitor_portfolio(portfolio.reports, month=month, adjustments=portfolio.adjustments, year=2024)
    assert _row(res.indicators, "P10", "P10-1")["target"] == 100
    assert _row(res.projects, "P18")["budget"] == 90
    assert len(portfolio.adjustments.pending()) == 2  # still visible as requests


def _entry(date: str, status: str = "approved", after: str = "100学时") -> dict[str, str]:
    return dict(project="P1", item="A", date=date, reason="其他", approval="某财预〔2024〕1号" if status == "approved"
                else "", before="120学时", after=after, status=status, note="")


def _training(log: AdjustmentLog, month: int) -> pd.Series:
    # 55 学时 at each month: against 120 学时 a July plan is 70 (r = 0.79, yellow); against 100 it is 58.3 (green)
    progress = pd.DataFrame({"indicator_id": ["A"], "month": [month], "value": [55.0]})
    report = spending_report([50.0], [month], framework=FRAMEWORK, progress=progress)
    return _row(monitor(report, adjustments=log, year=2024).indicators, "P1", "A")


@pytest.mark.parametrize(("date", "month", "target"), [
    ("2024-07-01", 6, 120.0),   # approved after the end of June: not yet in force
    ("2024-06-30", 6, 100.0),   # approved on the last day of the month: in force
    ("2024-07-01", 7, 100.0),
    ("2023-12-20", 1, 100.0),   # approved before the year began
])
def test_an_entry_applies_from_the_end_of_the_month_of_its_date(date, month, target):
    row = _training(AdjustmentLog.from_records([_entry(date)]), month)
    assert row["target"] == target
    assert row["plan"] == pytest.approx(target * month / 12)
    assert (row["original_target"] == 120.0) if target == 100.0 else pd.isna(row["original_target"])


def test_an_entry_approved_after_the_month_changes_the_light_only_from_then():
    log = AdjustmentLog.from_records([_entry("2024-07-20")])
    assert _training(log, 6)["light"] == "green"  # 55 / 60 = 0.92 against 120
    assert _training(log, 7)["light"] == "green"  # 55 / 58.3 against 100
    assert _training(AdjustmentLog(), 7)["light"] == "yellow"  # 55 / 70 = 0.79 against 120


@pytest.mark.parametrize("status", ["pending", "rejected"])
def test_pending_and_rejected_entries_never_apply(status):
    row = _training(AdjustmentLog.from_records([_entry("2024-01-05", status)]), 12)
    assert row["target"] == 120.0 and pd.isna(row["original_target"])


def test_the_year_is_needed_with_approved_entries():
    progress = pd.DataFrame({"indicator_id": ["A"], "month": [6], "value": [55.0]})
    report = spending_report([50.0], [6], framework=FRAMEWORK, progress=progress)
    with pytest.raises(InputError, match="'year' parameter of monitor_portfolio"):
        monitor(report, adjustments=AdjustmentLog.from_records([_entry("2024-01-05")]))
    with pytest.raises(InputError, match="'year' parameter"):
        monitor(report, adjustments=AdjustmentLog.from_records([_entry("2024-01-05")]), year=12.5)
    with pytest.raises(InputError, match="'adjustments' parameter"):
        monitor(report, adjustments=[_entry("2024-01-05")], year=2024)
    pending = AdjustmentLog.from_records([_entry("2024-01-05", "pending")])
    assert monitor(report, adjustments=pending).indicators["target"].iloc[0] == 120.0  # nothing to date
    other = AdjustmentLog.from_records([{**_entry("2024-01-05"), "project": "P9"}])
    assert monitor(report, adjustments=other).indicators["target"].iloc[0] == 120.0


def test_a_log_contradicting_the_framework_is_refused():
    progress = pd.DataFrame({"indicator_id": ["A"], "month": [6], "value": [55.0]})
    report = spending_report([50.0], [6], framework=FRAMEWORK, progress=progress)
    wrong = AdjustmentLog.from_records([{**_entry("2024-08-05"), "before": "130学时"}])
    with pytest.raises(InputError, match="target before this adjustment"):
        monitor(report, adjustments=wrong, year=2024)  # even though the entry is not yet in force at month 6


def test_outlook_judges_against_the_budget_in_force_at_the_month(portfolio) -> None:
    """P04's budget was cut from 860 to 780 万元 on 2024-07-12: a June outlook is judged against 860, a September
    one against 780; without the log the report's full-year budget (780) is used, as before."""
    from perfmethods.monitoring import outlook

    p04 = [r for r in portfolio.reports if r.project == "P04"]

    def spending(month: int, **log: object) -> pd.Series:
        table = outlook(p04, month=month, **log).table
        return table[table["kind"] == "spending"].iloc[0]

    june = spending(6, adjustments=portfolio.adjustments, year=2024)
    september = spending(9, adjustments=portfolio.adjustments, year=2024)
    assert june["target"] == 860.0 and september["target"] == 780.0
    assert june["completion"] == pytest.approx(june["forecast"] / 860.0)
    assert spending(6)["target"] == 780.0
    with pytest.raises(InputError, match="'year' parameter of outlook must be given"):
        outlook(p04, month=6, adjustments=portfolio.adjustments)
    with pytest.raises(InputError, match="'adjustments' parameter of outlook must be an AdjustmentLog"):
        outlook(p04, month=6, adjustments="adjustments.csv", year=2024)
