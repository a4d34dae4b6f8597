"""Lesson 01 (目标设定与四要求): the exercises and the mistakes they recognise.

Data: the community-culture programme of ``data/examples/indicator_design/`` (synthetic): the badly written
draft framework (``draft.csv``), the revised one (``final.csv``), four years of actuals (``history.csv``) and
eight peer districts' satisfaction rates (``peers.csv``). Reference answers come from
:mod:`perfmethods.indicators`: :func:`~perfmethods.indicators.lint` (the four requirements of 财预〔2015〕88号
and the principles of 财预〔2021〕101号), :func:`~perfmethods.model.values.convert_unit` and
:func:`~perfmethods.indicators.propose_target` (the 历史标准 / 行业标准 of 财预〔2020〕10号 and its 绩效改进
principle: a ≥ target not below the latest actual, rounded up so that rounding never loosens it).

The "write the target" exercise (01.3) is a choice among four rewritten targets: the course's answer forms
(number, vector, matrix, pair, choice) have no free-text form, and a choice whose wrong options each fail a
different lint check lets the checker name the requirement the trainee missed.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root
from perfmethods.indicators import LINT_CHECKS, lint, propose_target
from perfmethods.io import framework_from_records, read_framework_table, read_table
from perfmethods.model.framework import IndicatorFramework
from perfmethods.model.values import convert_unit, parse_value

__all__ = [
    "CANDIDATES",
    "COMPLAINTS",
    "REQUIREMENTS",
    "candidate_framework",
    "candidate_principles",
    "draft_framework",
    "history",
    "peers",
]

#: The four requirements of a performance target, 《中央部门预算绩效目标管理办法》(财预〔2015〕88号).
REQUIREMENTS: tuple[str, ...] = ("指向明确", "细化量化", "合理可行", "相应匹配")

#: Four rewrites of the seed's "提高市民文化素养" (01.3): label → (indicator name, target, unit).
CANDIDATES: dict[str, tuple[str, str, str]] = {
    "A": ("市民文化素养", "显著提高市民文化素养", ""),
    "B": ("文化活动参与人次", "≥50000", ""),
    "C": ("文化活动参与人次", "≥5万人次", "万人次"),
    "D": ("文化活动参与人次", "≥5.7万人次", "万人次"),
}
#: The framework year the candidates are written for (their time frame).
PERIOD = "2025年度"


def _folder():
    return data_root() / "examples" / "indicator_design"


@functools.lru_cache(maxsize=1)
def draft_framework() -> IndicatorFramework:
    """The draft framework (``draft.csv``) as :func:`perfmethods.io.read_framework_table` reads it."""
    return read_framework_table(_folder() / "draft.csv")


@functools.lru_cache(maxsize=1)
def _history() -> pd.DataFrame:
    return read_table(_folder() / "history.csv").data


@functools.lru_cache(maxsize=1)
def _peers() -> pd.DataFrame:
    return read_table(_folder() / "peers.csv").data


def history(indicator_id: str) -> pd.DataFrame:
    """The past actuals of one indicator: ``年度`` and ``实际值`` as written (``"46场"``), oldest first."""
    table = _history()
    rows = table.loc[table["indicator_id"] == indicator_id].sort_values("period", kind="stable")
    return pd.DataFrame({"年度": rows["period"].astype(str).to_numpy(),
                         "实际值": rows["actual"].astype(str).to_numpy()})


def peers(indicator_id: str) -> pd.DataFrame:
    """The peer districts' values of one indicator: ``同类单位`` and ``实际值`` as written (``"88.0%"``)."""
    table = _peers()
    rows = table.loc[table["indicator_id"] == indicator_id]
    return pd.DataFrame({"同类单位": rows["peer"].astype(str).to_numpy(),
                         "实际值": rows["actual"].astype(str).to_numpy()})


def candidate_framework(label: str) -> IndicatorFramework:
    """A two-indicator framework: the output 社区文化活动场次 and candidate ``label`` as the outcome D11."""
    name, target, unit = CANDIDATES[label]
    return framework_from_records([
        {"id": "C11", "level1": "产出指标", "level2": "数量指标", "name": "社区文化活动场次", "weight": 40,
         "direction": "≥", "target": "≥50场", "unit": "场"},
        {"id": "D11", "level1": "效益指标", "level2": "社会效益指标", "name": name, "weight": 60,
         "target": target, "unit": unit},
    ], name=PERIOD)


def candidate_principles(label: str) -> tuple[str, ...]:
    """The requirements (88号 wording) a candidate target fails, from :func:`lint` with D11's history."""
    findings = lint(candidate_framework(label), period=PERIOD, history={"D11": list(history("D11")["实际值"])})
    return tuple(dict.fromkeys(LINT_CHECKS[f.code].principle_zh for f in findings))


# -- 01.1 which requirement does a draft target fail ----------------------------------------------------------

#: The draft row of 01.1 (not in draft.csv, whose findings the worked example shows).
COMPLAINTS: dict[str, object] = {"id": "C32", "level1": "产出指标", "level2": "质量指标", "name": "群众投诉率",
                                 "weight": 10, "direction": "≥", "target": "≥2%", "unit": "%"}


def _complaints_row() -> pd.DataFrame:
    return pd.DataFrame([{"指标编码": COMPLAINTS["id"], "一级指标": COMPLAINTS["level1"],
                          "二级指标": COMPLAINTS["level2"], "三级指标": COMPLAINTS["name"],
                          "指标性质": COMPLAINTS["direction"], "年度指标值": COMPLAINTS["target"],
                          "计量单位": COMPLAINTS["unit"]}])


def _requirement(data: pd.DataFrame) -> str:
    row = data.iloc[0]
    framework = framework_from_records([{
        "id": row["指标编码"], "level1": row["一级指标"], "level2": row["二级指标"], "name": row["三级指标"],
        "weight": 100, "direction": row["指标性质"], "target": row["年度指标值"], "unit": row["计量单位"]}],
        name=PERIOD)
    (principle,) = {LINT_CHECKS[f.code].principle_zh for f in lint(framework, period=PERIOD)}
    return principle


EXERCISE_1 = Exercise(
    "01.1", "草稿目标违反了哪一项要求", "Which requirement does a draft target fail", "choice",
    data=_complaints_row,
    solve=_requirement,
    choices=REQUIREMENTS,
    hint_zh="答案不对。逐项对照四要求：目标说清楚了吗、方向对吗（指向明确）？有数、有单位、有时限吗（细化量化）？"
            "数值高低合适吗（合理可行）？与产出、效益、成本对应吗（相应匹配）？",
    hint_en="Not right. Go through the four requirements: is it clear and in the right direction, quantified "
            "(number, unit, time), reasonable, and matched with outputs, outcomes and costs?",
    mistakes=(
        Mistake("specific_not_clear",
                "“细化量化”管的是有没有数值、计量单位和时限。这条目标三样都有：问题不在量化，而在它要朝哪个方向努力。",
                "'Specific and quantified' is about a number, a unit and a time frame. This target has all three: the "
                "problem is not quantification but which way it points.",
                lambda a, d: a == "细化量化"),
        Mistake("feasible_not_clear",
                "“合理可行”管的是数值定得高低是否合适（与历史、同类比较）。先看这个数值该是“至少”还是“至多”。",
                "'Reasonable and feasible' is about how high the value is set; first ask whether it should be an "
                "'at least' or an 'at most'.",
                lambda a, d: a == "合理可行"),
        Mistake("matching_not_clear",
                "“相应匹配”管的是产出、效益、成本之间是否对应。这条目标的问题在它自身的写法。",
                "'Matching' is about outputs, outcomes and costs corresponding; the problem here is in how this "
                "target itself is written.",
                lambda a, d: a == "相应匹配"),
    ),
)


# -- 01.2 a target's number in the table's unit ---------------------------------------------------------------

def _people_target() -> pd.Series:
    return pd.Series({"目标": "参与市民人数达到 5 万人次以上", "指标值": "≥5万人次", "计量单位": "人次"}, dtype=object)


def _in_table_unit(data: pd.Series) -> float:
    target = parse_value(data["指标值"])
    return convert_unit(float(target.value), target.unit, data["计量单位"])


EXERCISE_2 = Exercise(
    "01.2", "按计量单位写出指标值", "The target's number in the table's unit", "number",
    data=_people_target,
    solve=_in_table_unit,
    tolerance=0.5,
    hint_zh="答案不对。先读出数值和它的单位，再换算成计量单位（1 万人次 = 10000 人次）。",
    hint_en="Not right. Read the number and its unit, then convert to the table's unit (1 万人次 = 10,000 人次).",
    mistakes=(
        Mistake("kept_wan", "你照抄了“万人次”前面的数，但计量单位是“人次”：数值要随单位换算。",
                "You copied the number written before 万人次, but the table's unit is 人次: convert the number.",
                lambda a, d: close(a, parse_value(d["指标值"]).value, 0.01)),
        Mistake("wrong_magnitude", "换算的倍数不对：1 万 = 10⁴，不是 10³ 或 10⁵。",
                "Wrong factor: 1 万 is 10^4, not 10^3 or 10^5.",
                lambda a, d: any(close(a, _in_table_unit(d) * f, 0.5) for f in (0.1, 10.0))),
    ),
)


# -- 01.3 which rewrite passes the checks ---------------------------------------------------------------------

def _candidates() -> pd.DataFrame:
    rows = [{"选项": k, "指标名称": n, "年度指标值": t, "计量单位": u} for k, (n, t, u) in CANDIDATES.items()]
    return pd.DataFrame(rows)


def _clean_candidate(data: pd.DataFrame) -> str:
    (label,) = [k for k in CANDIDATES if not candidate_principles(k)]
    return label


def _fails(principle: str):
    return lambda a, d: principle in candidate_principles(a)


EXERCISE_3 = Exercise(
    "01.3", "改写“提高市民文化素养”", "Rewrite 'raise citizens' cultural literacy'", "choice",
    data=_candidates,
    solve=_clean_candidate,
    choices=tuple(CANDIDATES),
    hint_zh="答案不对。对每个选项运行 lint，只有一个选项没有任何提示。",
    hint_en="Not right. Lint each option: only one has no finding.",
    mistakes=(
        Mistake("vague", "这个选项用“显著提高”之类的模糊表述代替了数量，不符合“指向明确”“细化量化”。",
                "This option uses a vague verb instead of a quantity: neither clear nor quantified.",
                _fails("指向明确")),
        Mistake("no_unit", "这个选项有数值却没有计量单位：50000 是人、人次还是场？不符合“细化量化”。",
                "This option has a number but no unit: not quantified.",
                _fails("细化量化")),
        Mistake("below_history", "这个选项的目标低于上一年的实际值，不符合“合理可行”中的绩效改进原则。",
                "This option's target is below last year's actual, against the performance-improvement principle.",
                _fails("合理可行")),
    ),
)


# -- 01.4 a target from history: the linear trend, rounded up ------------------------------------------------

def _history_c11() -> pd.DataFrame:
    return history("C11")


def _trend(data: pd.DataFrame):
    return propose_target(basis="history", history=list(data["实际值"]), method="trend", direction="≥", unit="场")


def _values(data: pd.DataFrame) -> np.ndarray:
    return np.asarray([parse_value(v).value for v in data["实际值"]], dtype=float)


EXERCISE_4 = Exercise(
    "01.4", "按历史趋势设定指标值", "A target from the historical trend", "number",
    data=_history_c11,
    solve=lambda data: _trend(data).value,
    tolerance=0.001,
    hint_zh="答案不对。用 2021–2024 年的实际值拟合直线（最小二乘），外推到 2025 年，再按“≥ 指标向上取整”取整数场次。",
    hint_en="Not right. Fit a least-squares line through 2021–2024, project 2025, then round a ≥ target up to "
            "whole events.",
    mistakes=(
        Mistake("not_rounded_up", "趋势值算对了，但场次要取整数，而且 ≥ 指标应向上取整：取整不能让目标变松。",
                "The trend is right, but events are whole and a ≥ target is rounded up: rounding must not loosen it.",
                lambda a, d: close(a, _trend(d).computed_value, 0.01)
                or close(a, math.floor(_trend(d).computed_value), 0.001)),
        Mistake("recent", "你用的是最近一期实际值。本题要求线性趋势外推。",
                "You used the latest actual; this exercise asks for the linear-trend projection.",
                lambda a, d: close(a, _values(d)[-1], 0.001)),
        Mistake("mean", "你用的是近期实际值的平均数。平均数落后于上升的趋势；本题要求线性趋势外推。",
                "You used the mean of recent actuals, which lags a rising trend; this exercise asks for the trend.",
                lambda a, d: any(close(a, v, 0.67) for v in (_values(d).mean(), _values(d)[-3:].mean()))),
        Mistake("plan", "这是草稿中的计划值，低于历史实际值：历史标准要从实际值出发。",
                "That is the draft's plan figure, below the actuals: a historical standard starts from the actuals.",
                lambda a, d: close(a, 50, 0.001)),
    ),
)


# -- 01.5 a target from peers: the 75th percentile ------------------------------------------------------------

def _peers_e11() -> pd.DataFrame:
    return peers("E11")


def _peer_target(data: pd.DataFrame) -> float:
    return propose_target(basis="peers", peers=list(data["实际值"]), history=list(history("E11")["实际值"]),
                          direction="≥", unit="%").value


EXERCISE_5 = Exercise(
    "01.5", "按同类单位设定满意度目标", "A satisfaction target from peers", "number",
    data=_peers_e11,
    solve=_peer_target,
    tolerance=0.05,
    hint_zh="答案不对。取 8 个同类单位满意率的第 75 百分位数（线性插值，numpy 的默认方法），保留一位小数、向上取整。",
    hint_en="Not right. Take the 75th percentile of the eight peers (linear interpolation, numpy's default), "
            "one decimal, rounded up.",
    mistakes=(
        Mistake("median", "你取的是中位数（第 50 百分位数）。行业标准取较高的绩效水平：本题要求第 75 百分位数。",
                "You took the median; a benchmark takes a high level of performance: the 75th percentile.",
                lambda a, d: close(a, np.median(_values(d)), 0.051)),
        Mistake("mean", "你取的是平均数。本题要求第 75 百分位数。",
                "You took the mean; this exercise asks for the 75th percentile.",
                lambda a, d: close(a, _values(d).mean(), 0.08)),
        Mistake("lower_quartile", "你取的是第 25 百分位数：那是“越低越好”（≤）指标的一侧。满意度越高越好。",
                "You took the 25th percentile, the side for 'less is better' (≤) indicators; satisfaction is ≥.",
                lambda a, d: close(a, np.percentile(_values(d), 25), 0.08)),
        Mistake("maximum", "你取的是最高值。标杆取较高水平，但不是最高的一个单位：本题要求第 75 百分位数。",
                "You took the maximum; the benchmark is a high level, not the single best peer.",
                lambda a, d: close(a, _values(d).max(), 0.051)),
        Mistake("other_percentile_definition",
                "百分位数的算法不同：你用的可能是 Excel 的 PERCENTILE.EXC 或“取最近的数据点”。本题用线性插值"
                "（Excel 的 PERCENTILE.INC，numpy 的默认方法）。",
                "A different percentile definition (Excel's PERCENTILE.EXC, or the nearest data point). This "
                "exercise uses linear interpolation (PERCENTILE.INC, numpy's default).",
                lambda a, d: any(close(a, np.percentile(_values(d), 75, method=m), 0.051)
                                 for m in ("weibull", "lower", "higher", "midpoint"))),
        Mistake("rounded_down", "≥ 指标应向上取整：向下取整会让目标变松。",
                "A ≥ target is rounded up: rounding down loosens it.",
                lambda a, d: close(a, math.floor(np.percentile(_values(d), 75) * 10) / 10, 0.001)),
    ),
)


# -- 01.6 the performance-improvement floor -------------------------------------------------------------------

def _history_d21() -> pd.DataFrame:
    return history("D21")


def _floored_mean(data: pd.DataFrame) -> float:
    return propose_target(basis="history", history=list(data["实际值"]), method="mean", window=3, direction="≥",
                          unit="%").value


EXERCISE_6 = Exercise(
    "01.6", "绩效改进原则", "The performance-improvement principle", "number",
    data=_history_d21,
    solve=_floored_mean,
    tolerance=0.05,
    hint_zh="答案不对。先算近三年平均数，再和最近一期实际值比较：≥ 指标的目标不得低于最近一期实际值（除非写明理由）。",
    hint_en="Not right. Take the mean of the last three years, then compare it with the latest actual: a ≥ "
            "target is not set below the latest actual unless a reason is written.",
    mistakes=(
        Mistake("no_floor", "你给出的是近三年平均数本身。它低于最近一期实际值：按绩效改进原则，目标还要调整。",
                "That is the three-year mean itself. It is below the latest actual: under the performance-"
                "improvement principle the target must be adjusted.",
                lambda a, d: close(a, _values(d)[-3:].mean(), 0.051)),
        Mistake("four_year_mean", "你平均了全部四年。本题的规则是近三年平均，然后再看绩效改进原则。",
                "You averaged all four years; the rule is the mean of the last three, then the improvement check.",
                lambda a, d: close(a, _values(d).mean(), 0.051)),
        Mistake("trend", "你用的是趋势外推。本单位的规则是近三年平均（再按绩效改进原则调整）。",
                "You used the trend; the unit's rule is the three-year mean (then the improvement check).",
                lambda a, d: close(a, propose_target(basis="history", history=list(d["实际值"]), method="trend",
                                                     direction="≥", unit="%").value, 0.051)),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5, EXERCISE_6)
