"""Lesson 06 (绩效运行监控与动态调整): the exercises and the mistakes they recognise.

Data: a department's in-year monitoring reports at the end of September 2024
(data/examples/portfolio_monitoring, synthetic), read with :func:`perfmethods.monitoring.read_portfolio`.
Reference answers come from :mod:`perfmethods.monitoring`: time progress m / 12 and the warning-light bands of the
budget systems (:func:`~perfmethods.monitoring.time_progress`, :func:`~perfmethods.monitoring.monitor_portfolio`),
the year-end drift projection (:func:`~perfmethods.monitoring.outlook`; Hyndman & Athanasopoulos, *Forecasting:
Principles and Practice*, 3rd ed., §5.2) and the adjustment log, where only approved changes count
(:meth:`~perfmethods.monitoring.AdjustmentLog.apply`; 财预〔2015〕88号 第二十八条: a target that must change is
changed "按照绩效目标管理要求和预算调整流程报批"; 财预〔2019〕136号).

The light exercise (06.3) and the adjustment exercise (06.5) are "choice" exercises (the course has no answer form
for a light or a rule). 06.3 recognises a mistake by recomputing, with the same bands, the light a known slip
produces (:func:`goal_light`: the yearly target instead of the time-proportional one; a level indicator treated as
cumulative); 06.5 names, for each wrong choice, the rule it breaks.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root
from perfmethods.model.framework import Direction
from perfmethods.monitoring import (
    MonitoringResult,
    OutlookResult,
    Portfolio,
    monitor_portfolio,
    outlook,
    read_portfolio,
    time_progress,
)
from perfmethods.monitoring.thresholds import band_light, get_thresholds, worst_light

__all__ = ["ADJUSTMENT_CHOICES", "LIGHT_CHOICES", "MONTH", "STATUS_WORDS", "goal_light", "portfolio"]

#: The reporting month of the lesson (end of September).
MONTH = 9
#: The budget year of the bundled portfolio (approved adjustments apply from their dates in it).
YEAR = 2024
#: The answers of the light exercise, and the library's light each names.
LIGHT_CHOICES: dict[str, str] = {"绿灯": "green", "蓝灯": "blue", "黄灯": "yellow", "红灯": "red"}
_CHOICE_OF_LIGHT = {v: k for k, v in LIGHT_CHOICES.items()}
_GAP_PROJECT = "P04"  # budget cut by an approved adjustment (860 → 780 万元)
_LIGHT_PROJECT = "P09"
_OUTLOOK_PROJECT = "P13"
_ADJUST_PROJECT, _ADJUST_ITEM = "P10", "P10-1"  # a pending request to lower the target
ADJUSTMENT_CHOICES = ("原目标", "申请调整后的目标", "不计分")


@functools.lru_cache(maxsize=1)
def portfolio() -> Portfolio:
    """The bundled portfolio (data/examples/portfolio_monitoring), read once."""
    return read_portfolio(data_root() / "examples" / "portfolio_monitoring")


@functools.lru_cache(maxsize=1)
def _monitored() -> MonitoringResult:
    return monitor_portfolio(portfolio().reports, month=MONTH, adjustments=portfolio().adjustments, year=YEAR)


@functools.lru_cache(maxsize=1)
def _projected() -> OutlookResult:
    return outlook(portfolio().reports, month=MONTH, history=portfolio().history, adjustments=portfolio().adjustments,
                   year=YEAR)


def _project_row(project: str) -> pd.Series:
    projects = _monitored().projects
    return projects[projects["project"] == project].iloc[0]


def _month(data: pd.DataFrame) -> int:
    return int(data["报告月份"].iloc[0])


# -- 06.1 time progress ---------------------------------------------------------------------------------------

EXERCISE_1 = Exercise(
    "06.1", "9 月末的时间进度", "Time progress at the end of September", "number",
    data=lambda: pd.DataFrame({"年度": [YEAR], "报告月份": [MONTH]}),
    solve=lambda data: float(time_progress(_month(data))),
    tolerance=0.0001,
    hint_zh="答案不对。时间进度 = 已过去的月数 / 12，以小数表示（例如 0.5 表示半年）。",
    hint_en="Not right. Time progress = months elapsed / 12, as a fraction (0.5 is half a year).",
    mistakes=(
        Mistake("percent", "时间进度请以小数作答（例如 0.5），不要写成百分数。",
                "Give time progress as a fraction (e.g. 0.5), not as a percentage.",
                lambda a, d: close(a, 100 * time_progress(_month(d)), 0.01)),
        Mistake("remaining", "你算的是剩余时间的比例。时间进度是已经过去的时间占全年的比例。",
                "That is the share of the year still to come; time progress is the share already gone.",
                lambda a, d: close(a, 1 - time_progress(_month(d)), 0.0001)),
        Mistake("month_start", "监控截至报告月份的月末：9 月末已过去 9 个整月，而不是 8 个。",
                "Monitoring is at the end of the reporting month: nine whole months have passed, not eight.",
                lambda a, d: close(a, (_month(d) - 1) / 12, 0.0001)),
    ),
)


# -- 06.2 execution against time progress, in percentage points ---------------------------------------------

def _spending_table(project: str, *, original: bool) -> pd.DataFrame:
    """A project's cumulative spending by period with its budget(s): what a monitoring form shows."""
    report = next(r for r in portfolio().reports if r.project == project)
    periods = report.budget.periods
    table = pd.DataFrame({"项目": f"{project} {report.name}", "期间": periods["period"].to_numpy(),
                          "截至月份": periods["month"].to_numpy(int),
                          "累计执行数（万元）": periods["executed_cum"].to_numpy(float)})
    if original:
        table["年初预算数（万元）"] = report.budget.original
    table["全年预算数（万元）"] = report.budget.adjusted
    return table[table["截至月份"] <= MONTH].reset_index(drop=True)


def _gap_points(budget: float | None = None) -> float:
    row = _project_row(_GAP_PROJECT)
    execution = row["execution_progress"] if budget is None else row["executed_cum"] / budget
    return float((execution - row["time_progress"]) * 100)


def _original_budget() -> float:
    return float(next(r for r in portfolio().reports if r.project == _GAP_PROJECT).budget.original)


EXERCISE_2 = Exercise(
    "06.2", "预算执行进度与时间进度之差", "Execution progress against time progress", "number",
    data=lambda: _spending_table(_GAP_PROJECT, original=True),
    solve=lambda data: _gap_points(),
    tolerance=0.06,
    hint_zh="答案不对。执行进度 = 累计执行数 / 全年预算数；差 = 执行进度 − 时间进度，以百分点表示。",
    hint_en="Not right. Execution progress = cumulative spending / full-year budget; the gap is execution minus "
            "time progress, in percentage points.",
    mistakes=(
        Mistake("original_budget", "你用了年初预算数。预算已按程序调减，执行进度应除以调整后的全年预算数。",
                "You used the budget as first approved. It was cut by an approved adjustment: divide by the adjusted "
                "full-year budget.",
                lambda a, d: close(a, _gap_points(_original_budget()), 0.06)),
        Mistake("relative_percent",
                "你算的是相对差（执行进度比时间进度低百分之几）。题目要的是两个百分数之差，单位是百分点。",
                "You computed a relative difference (per cent of the time progress). The question asks for the "
                "difference of the two percentages, in percentage points.",
                lambda a, d: close(a, (_project_row(_GAP_PROJECT)["budget_ratio"] - 1) * 100, 0.06)),
        Mistake("ratio", "你给出的是执行进度与时间进度之比（预警灯用的比值），题目要的是两者之差。",
                "That is the ratio of execution to time progress (what the light uses); the question asks for the "
                "difference.",
                lambda a, d: close(a, _project_row(_GAP_PROJECT)["budget_ratio"] * 100, 0.06)
                or close(a, _project_row(_GAP_PROJECT)["budget_ratio"], 0.0006)),
        Mistake("fraction", "请以百分点作答（例如 −5.3 表示落后 5.3 个百分点），不要写成小数。",
                "Answer in percentage points (−5.3 means 5.3 points behind), not as a fraction.",
                lambda a, d: close(a, _gap_points() / 100, 0.0006)),
        Mistake("sign", "符号反了：差 = 执行进度 − 时间进度，执行落后于时间时为负数。",
                "The sign is reversed: the gap is execution minus time progress, negative when spending lags.",
                lambda a, d: close(a, -_gap_points(), 0.06)),
    ),
)


# -- 06.3 the light of a project's targets ----------------------------------------------------------------------

def _light_data() -> pd.DataFrame:
    ind = _monitored().indicators
    rows = ind[ind["project"] == _LIGHT_PROJECT]
    return pd.DataFrame({
        "指标": rows["name"].to_numpy(), "方向": rows["direction"].to_numpy(),
        "年度目标": rows["target"].to_numpy(), "单位": rows["unit"].to_numpy(),
        "截至9月完成": rows["value"].to_numpy(), "定性评价": rows["tier"].to_numpy(),
    })


def goal_light(indicators: pd.DataFrame, *, yearly: bool = False, level_as_cumulative: bool = False) -> str:
    """The light of a project's targets (the worst indicator light) from :func:`_light_data`'s table.

    ``yearly`` compares the cumulative value with the yearly target instead of the time-proportional one;
    ``level_as_cumulative`` grades a ≤ indicator (a level such as a unit cost) as if it accumulated. Both are the
    slips of exercise 06.3; with both False this is the library's light (checked in the tests).
    """
    rules = get_thresholds("budget_system")
    direction = indicators["方向"].to_numpy(object)
    value = indicators["截至9月完成"].to_numpy(float)
    target = indicators["年度目标"].to_numpy(float)
    plan = target if yearly else target * float(time_progress(MONTH))
    cumulative = np.isin(direction, [Direction.POSITIVE.value, Direction.EQUAL.value])
    reverse = direction == Direction.REVERSE.value
    if level_as_cumulative:
        cumulative, reverse = cumulative | reverse, np.zeros_like(reverse)
    with np.errstate(divide="ignore", invalid="ignore"):
        graded = band_light(value / plan, rules.indicator_bands.value)
    tiers = indicators["定性评价"].map(lambda x: rules.qualitative_lights.value.get(x, "none")).to_numpy(object)
    lights = np.where(cumulative, graded, np.where(reverse, np.where(value <= target, "green", "red"), tiers))
    return _CHOICE_OF_LIGHT[str(worst_light(*[np.array([c], dtype=object) for c in lights])[0])]


EXERCISE_3 = Exercise(
    "06.3", "项目绩效目标的预警灯", "The light of a project's targets", "choice",
    data=_light_data,
    solve=lambda data: _CHOICE_OF_LIGHT[str(_project_row(_LIGHT_PROJECT)["goal_light"])],
    choices=tuple(LIGHT_CHOICES),
    hint_zh="答案不对。逐项判断：累计型指标比较“累计完成 / 按时间进度折算的目标”，反向指标看是否不高于目标，"
            "定性指标按评价等级；项目的灯取各指标中最差的一盏。",
    hint_en="Not right. Grade each indicator (cumulative: value / time-proportional target; ≤: at or below the "
            "target; qualitative: by its tier); the project's light is the worst of them.",
    mistakes=(
        Mistake("yearly_target",
                "你把累计完成值与全年目标相比了。9 月末只应完成全年目标的 9/12：应与按时间进度折算的目标比较。",
                "You compared the cumulative value with the whole year's target. By September only 9/12 of it is due: "
                "compare with the time-proportional target.",
                lambda a, d: a == goal_light(d, yearly=True) != goal_light(d)),
        Mistake("level_as_cumulative",
                "“场均成本”是反向的水平指标（不高于目标即可），不按时间进度折算，也不会“超进度”。",
                "The cost per event is a level that must stay at or below its target: it is not pro-rated by time and "
                "cannot be 'ahead of plan'.",
                lambda a, d: a == goal_light(d, level_as_cumulative=True) != goal_light(d)),
    ),
)


# -- 06.4 projected year-end spending ---------------------------------------------------------------------------

def _spent(data: pd.DataFrame) -> tuple[float, float, float]:
    """(cumulative spending at the last month, the month, spending three months earlier)."""
    values = data["累计执行数（万元）"].to_numpy(float)
    return float(values[-1]), float(data["截至月份"].iloc[-1]), float(values[-2])


def _forecast() -> float:
    spending = _projected().spending()
    return float(spending.loc[spending["project"] == _OUTLOOK_PROJECT, "forecast"].iloc[0])


EXERCISE_4 = Exercise(
    "06.4", "全年预计支出", "Projected year-end spending", "number",
    data=lambda: _spending_table(_OUTLOOK_PROJECT, original=False),
    solve=lambda data: _forecast(),
    tolerance=0.06,
    hint_zh="答案不对。按截至目前的平均月支出外推：预计全年支出 = 累计执行数 + 累计执行数 / 已过月数 × 剩余月数。",
    hint_en="Not right. Extrapolate the average monthly spending so far: year-end = spent + spent / months × months "
            "left.",
    mistakes=(
        Mistake("remaining_only", "你只算了剩余月份的支出，还要加上已经执行的部分。",
                "That is the spending of the months still to come; add what has been spent already.",
                lambda a, d: close(a, _spent(d)[0] / _spent(d)[1] * (12 - _spent(d)[1]), 0.06)),
        Mistake("last_quarter",
                "你按最近一个季度的进度外推。本题要求按截至目前的平均月进度外推（与监控报告的方法一致）。",
                "You extrapolated the last quarter's pace; the exercise asks for the average monthly pace so far "
                "(the method of the monitoring report).",
                lambda a, d: close(a, _spent(d)[0] + (_spent(d)[0] - _spent(d)[2]) / 3 * (12 - _spent(d)[1]), 0.06)),
        Mistake("assumed_budget", "你假定全年正好花完预算。预计数应按实际进度外推，这样才能发现可能超支或执行不足。",
                "You assumed the budget will be spent exactly. Project from the actual pace: that is how an overspend "
                "or a shortfall shows.",
                lambda a, d: close(a, float(d["全年预算数（万元）"].iloc[-1]), 0.06)),
        Mistake("rate", "题目要的是预计支出金额（万元），不是预计执行率。",
                "The question asks for the projected amount (万元), not the projected execution rate.",
                lambda a, d: close(a, _forecast() / float(d["全年预算数（万元）"].iloc[-1]) * 100, 0.06)
                or close(a, _forecast() / float(d["全年预算数（万元）"].iloc[-1]), 0.0006)),
    ),
)


# -- 06.5 a pending adjustment request ----------------------------------------------------------------------------

#: Statuses of the adjustment log in the trainee's words.
STATUS_WORDS: dict[str, str] = {"approved": "已批准", "pending": "待审批", "rejected": "未批准"}


def _adjustment_data() -> pd.DataFrame:
    log = portfolio().adjustments.to_frame()
    log = log[log["project"] == _ADJUST_PROJECT].reset_index(drop=True)
    report = next(r for r in portfolio().reports if r.project == _ADJUST_PROJECT)
    names = {i.id: i.name for i in report.framework}
    return pd.DataFrame({"项目": log["project"], "调整事项": log["item"].map(lambda i: names.get(i, "全年预算")),
                         "日期": log["date"], "偏差原因": log["reason"], "调整前": log["before"],
                         "调整后": log["after"], "批复文号": log["approval"], "状态": log["status"].map(STATUS_WORDS),
                         "情况说明": log["note"]})


def _scored_target(data: pd.DataFrame) -> str:
    """Which target the year-end evaluation scores against, from the library's application of the log."""
    report = next(r for r in portfolio().reports if r.project == _ADJUST_PROJECT)
    framework, _ = portfolio().adjustments.apply(report.framework, report.budget, project=_ADJUST_PROJECT)
    before = {i.id: i.target.text for i in report.framework}[_ADJUST_ITEM]
    after = {i.id: i.target.text for i in framework}[_ADJUST_ITEM]
    return ADJUSTMENT_CHOICES[0] if after == before else ADJUSTMENT_CHOICES[1]


EXERCISE_5 = Exercise(
    "06.5", "待批的调整申请", "A pending adjustment request", "choice",
    data=_adjustment_data,
    solve=_scored_target,
    choices=ADJUSTMENT_CHOICES,
    hint_zh="答案不对。看这条调整记录的状态和批复文号。",
    hint_en="Not right. Look at the status and the approval reference of the request.",
    mistakes=(
        Mistake("pending_is_approved",
                "申请还没有批复。绩效目标确需调整的，要按预算调整流程报批；批复之前，监控和评价都按原批复的目标。",
                "The request is not approved. A target that must change is changed through the budget-adjustment "
                "procedure; until it is approved, monitoring and evaluation use the approved target.",
                lambda a, d: a == ADJUSTMENT_CHOICES[1]),
        Mistake("dropped_indicator", "完成不了的指标不能自行剔除：它仍按批复的目标计分，偏差原因写进监控和自评报告。",
                "An indicator that will be missed cannot be dropped: it is scored against its approved target and the "
                "reason for the deviation is reported.",
                lambda a, d: a == ADJUSTMENT_CHOICES[2]),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5)
