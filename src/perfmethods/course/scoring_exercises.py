"""Lesson 02 (指标体系与评分规则): the exercises and the mistakes they recognise.

Data: the 财政评价 of the community-culture programme ``data/examples/culture_program/`` (synthetic), read with
:func:`perfmethods.datasets.load_example` and evaluated with :func:`perfmethods.evaluation.evaluate` under the
``central`` profile. Reference answers come from :mod:`perfmethods.indicators.scoring` (the 财预〔2020〕10号
rules as the 财政预算绩效管理系统 implements them: 正向 ``min(a / t, 1) · w``; 反向 ``(1 − (a − t) / t) · w``
between ``t`` and ``2t``; 定性 three tiers 80–100 % / 60–80 % / 0–60 % of the points), the profile's grade
bands (:func:`perfmethods.indicators.grades.grade`: 优 ≥ 90, 良 ≥ 80, 中 ≥ 60, 差 < 60) and
the level-1 labels of :func:`perfmethods.indicators.canonical_level1` (产出 + 效益 ≥ 60 % of the points in 部门评价
and 财政评价, counted as :func:`perfmethods.indicators.point_shares.point_share_findings` counts them; 02.6 uses the
science-and-technology programme of ``data/examples/weighting/programme_framework.csv``).

The qualitative band (02.3) is answered as a two-entry vector (lower and upper bound) and the grade (02.5) as a
choice among 优 / 良 / 中 / 差: both are existing answer forms.
"""

from __future__ import annotations

import functools
from dataclasses import replace

import numpy as np
import pandas as pd

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root, load_example
from perfmethods.evaluation import EvaluationResult, evaluate
from perfmethods.indicators import canonical_level1, get_profile, score_positive, score_reverse
from perfmethods.indicators.grades import GRADES, grade
from perfmethods.io import read_framework_table
from perfmethods.model.inputs import Actuals
from perfmethods.model.values import parse_value

__all__ = ["EXAMPLE", "OUTPUT_IDS", "REVIEW", "SHARE_FRAMEWORK", "evaluation", "reviewed_evaluation", "tier_band"]

#: The bundled example evaluated in this lesson.
EXAMPLE = "culture_program"
#: The three 产出数量 indicators of 02.1.
OUTPUT_IDS: tuple[str, ...] = ("C11", "C12", "C13")
_PROFILE = "central"
#: The review added in 02.4: indicator, reviewed score, reason (the worked example's total must not be the answer).
REVIEW: tuple[str, float, str] = ("D12", 2.5, "志愿者注册记录不全，评价组按可核实的人数复核")


def _evaluate(review: tuple[str, float, str] | None) -> EvaluationResult:
    project = load_example(EXAMPLE)
    actuals = project.actuals
    if review is not None:
        key, score, reason = review
        actuals = Actuals(tuple(replace(v, reviewer_score=score, reviewer_reason=reason) if v.indicator_id == key
                                else v for v in actuals.values), source=actuals.source)
    return evaluate(project.framework, actuals, budget=project.budget, panel=project.panel, survey=project.survey,
                    profile=project.profile, mode=project.evaluation_mode)


@functools.lru_cache(maxsize=1)
def evaluation() -> EvaluationResult:
    """The culture programme evaluated as the lesson's worked example does (finance mode, central profile)."""
    return _evaluate(None)


@functools.lru_cache(maxsize=1)
def reviewed_evaluation() -> EvaluationResult:
    """The same evaluation after the panel's further review of :data:`REVIEW` (the data of 02.4)."""
    return _evaluate(REVIEW)


def _rows(ids: tuple[str, ...]) -> pd.DataFrame:
    table = evaluation().indicators.set_index("id")
    return table.loc[list(ids)]


# -- 02.1 positive indicators --------------------------------------------------------------------------------

def _outputs() -> pd.DataFrame:
    rows = _rows(OUTPUT_IDS).reset_index()
    return pd.DataFrame({"指标编码": rows["id"], "三级指标": rows["name"], "分值": rows["points_available"],
                         "年度指标值": rows["target_text"], "实际完成值": rows["actual_text"]})


def _numbers(data: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    target = np.asarray([parse_value(v).value for v in data["年度指标值"]], dtype=float)
    actual = np.asarray([parse_value(v).value for v in data["实际完成值"]], dtype=float)
    return actual, target, data["分值"].to_numpy(dtype=float)


def _positive(data: pd.DataFrame) -> np.ndarray:
    return np.asarray(score_positive(*_numbers(data)))


EXERCISE_1 = Exercise(
    "02.1", "正向指标得分", "Scoring positive indicators", "vector",
    data=_outputs,
    solve=_positive,
    tolerance=0.005,
    labels=OUTPUT_IDS,
    hint_zh="答案不对。正向（≥）指标：完成值 ≥ 指标值得满分；否则得分 = 完成值 / 指标值 × 分值。",
    hint_en="Not right. A positive (≥) indicator scores full points when the actual meets the target, else "
            "actual / target × points.",
    mistakes=(
        Mistake("not_capped", "有的指标得分超过了分值：超额完成也只得满分（超额较多的要说明原因，但不加分）。",
                "Some scores exceed the points: over-achievement scores full points, no more.",
                lambda a, d: close(a, (lambda x, t, w: x / t * w)(*_numbers(d)), 0.005)),
        Mistake("reverse_formula", "你用了反向（≤）指标的公式。这三项都是“越多越好”的正向指标。",
                "You used the reverse (≤) rule; these three are positive (more is better).",
                lambda a, d: close(a, np.asarray(score_reverse(*_numbers(d))), 0.005)),
        Mistake("inverted_ratio", "比值倒过来了：正向指标是 完成值 / 指标值，不是 指标值 / 完成值。",
                "The ratio is upside down: actual / target, not target / actual.",
                lambda a, d: close(a, (lambda x, t, w: np.minimum(t / x, 1) * w)(*_numbers(d)), 0.005)
                or close(a, (lambda x, t, w: t / x * w)(*_numbers(d)), 0.005)),
        Mistake("rounded_early",
                "结果偏差来自过早取整：完成率先取成整百分数再乘分值。请用完整的比值计算，最后保留两位小数。",
                "The difference comes from rounding the completion rate to a whole percent first; keep the full "
                "ratio and round only the points.",
                lambda a, d: close(a, (lambda x, t, w: np.minimum(np.round(x / t, 2), 1) * w)(*_numbers(d)), 0.005)),
    ),
)


# -- 02.2 a reverse (cost) indicator -------------------------------------------------------------------------

def _cost_case() -> pd.Series:
    row = _rows(("C41",)).iloc[0]
    return pd.Series({"指标": f"{row['name']}（反向指标）", "年度指标值": row["target_text"],
                      "分值": float(row["points_available"]), "活动支出（万元）": 480.0, "复核认定的场次（场）": 48},
                     dtype=object)


def _cost_numbers(data: pd.Series) -> tuple[float, float, float]:
    actual = float(data["活动支出（万元）"]) / float(data["复核认定的场次（场）"])
    return actual, float(parse_value(data["年度指标值"]).value), float(data["分值"])


def _reverse(data: pd.Series) -> float:
    return float(score_reverse(*_cost_numbers(data)))


EXERCISE_2 = Exercise(
    "02.2", "反向（成本）指标得分", "Scoring a reverse (cost) indicator", "number",
    data=_cost_case,
    solve=_reverse,
    tolerance=0.005,
    hint_zh="答案不对。先算复核后的场均成本，再用反向公式：不超过指标值得满分；"
            "超过的，得分 = (1 − 超出部分 / 指标值) × 分值，"
            "达到指标值 2 倍不得分。",
    hint_en="Not right. Compute the reviewed cost per event, then the reverse rule: full points up to the target; "
            "above it (1 − excess / target) × points, zero at twice the target.",
    mistakes=(
        Mistake("full_points",
                "你给了满分。复核后的场均成本超过了指标值（要按复核认定的场次计算）；反向指标超过指标值要按超出比例扣分。",
                "You gave full points. After the review the cost per event exceeds the target (use the reviewed "
                "number of events); a reverse indicator loses points in proportion to the excess.",
                lambda a, d: close(a, _cost_numbers(d)[2], 0.005)),
        Mistake("inverse_ratio",
                "你用了 指标值 / 完成值 × 分值（等于用完成值作分母计算超出比例）。反向公式的分母是指标值："
                "(1 − (完成值 − 指标值) / 指标值) × 分值。",
                "You used target / actual × points (the excess measured against the actual). The reverse rule "
                "divides by the target: (1 − (actual − target) / target) × points.",
                lambda a, d: close(a, (lambda x, t, w: t / x * w)(*_cost_numbers(d)), 0.005)),
        Mistake("positive_ratio", "你用了正向公式的比值（完成值 / 指标值）。成本越低越好，是反向指标。",
                "You used the positive ratio (actual / target); cost is a reverse indicator (less is better).",
                lambda a, d: close(a, (lambda x, t, w: x / t * w)(*_cost_numbers(d)), 0.005)),
    ),
)


# -- 02.3 a qualitative tier's band --------------------------------------------------------------------------

def tier_band(tier: str, points: float) -> np.ndarray:
    """The score range (lower, upper) of a qualitative tier on ``points``, from the central profile's tiers."""
    bounds = {name: (lo, hi) for name, lo, hi in get_profile(_PROFILE).qualitative_tiers.value}
    return np.asarray(bounds[tier], dtype=float) * float(points)


def _qualitative_case() -> pd.Series:
    row = _rows(("D21",)).iloc[0]
    return pd.Series({"指标": row["name"], "年度指标值": row["target_text"], "实际情况": row["actual_text"],
                      "分值": float(row["points_available"]), "评价组认定的档次": "部分达成"}, dtype=object)


EXERCISE_3 = Exercise(
    "02.3", "定性指标的得分区间", "The score range of a qualitative tier", "vector",
    data=_qualitative_case,
    solve=lambda data: tier_band(str(data["评价组认定的档次"]), float(data["分值"])),
    tolerance=0.005,
    labels=("下限", "上限"),
    hint_zh="答案不对。三档：达成 80%–100%，部分达成 60%–80%，未达成 0–60%（都是占分值的比例），再乘以本指标的分值。",
    hint_en="Not right. The tiers are 80–100 %, 60–80 % and 0–60 % of the points; multiply by this indicator's "
            "points.",
    mistakes=(
        Mistake("shares_not_points", "你给出的是占分值的比例。题目要的是得分（分），请乘以本指标的分值。",
                "You gave shares of the points; the exercise asks for points: multiply by the indicator's points.",
                lambda a, d: close(a, tier_band(str(d["评价组认定的档次"]), 1.0), 0.005)
                or close(a, tier_band(str(d["评价组认定的档次"]), 100.0), 0.05)),
        Mistake("wrong_tier", "这是另一档的区间。对照档次名称：本题认定的是“部分达成”。",
                "That is the range of another tier; the tier given here is 部分达成 (partly achieved).",
                lambda a, d: any(close(a, tier_band(t, float(d["分值"])), 0.005) for t in ("达成", "未达成"))),
    ),
)


# -- 02.4 the total ------------------------------------------------------------------------------------------

def _score_table() -> pd.DataFrame:
    table = reviewed_evaluation().indicators
    return pd.DataFrame({"指标编码": table["id"], "一级指标": table["level1"], "三级指标": table["name"],
                         "分值": table["points_available"], "公式得分": table["formula_points"],
                         "复核得分": table["reviewer_points"]})


def _total(data: pd.DataFrame) -> float:
    return float(reviewed_evaluation().total)


def _points(data: pd.DataFrame) -> np.ndarray:
    return data["复核得分"].fillna(data["公式得分"]).to_numpy(dtype=float)


EXERCISE_4 = Exercise(
    "02.4", "项目总分", "The project's total score", "number",
    data=_score_table,
    solve=_total,
    tolerance=0.005,
    hint_zh="答案不对。每项指标的得分：有复核得分的用复核得分，否则用公式得分；再把各项得分相加，保留两位小数。",
    hint_en="Not right. Each indicator scores its reviewer's score when there is one, else its formula score; add "
            "them up and keep two decimals.",
    mistakes=(
        Mistake("ignored_review", "你用的全是公式得分。评价组对个别指标写明理由后给出了复核得分，应以复核得分为准。",
                "You used the formula scores throughout; where the panel gave a reviewed score with a reason, "
                "the reviewed score counts.",
                lambda a, d: close(a, d["公式得分"].sum(), 0.005)),
        Mistake("rounded_early", "结果偏差来自过早取整：各项得分先取了整数再相加。各项保留两位小数相加。",
                "The difference comes from rounding each row to whole points before adding; keep two decimals.",
                lambda a, d: close(a, np.floor(_points(d) + 0.5).sum(), 0.005)
                or close(a, np.floor(_points(d)).sum(), 0.005)),
        Mistake("example_total", "这是第四部分例子的总分。本题的表里，评价组又复核了一项指标：请按题目数据重新汇总。",
                "That is the worked example's total; in this table the panel reviewed one more indicator: add up "
                "the rows given.",
                lambda a, d: close(a, evaluation().total, 0.005)),
        Mistake("added_review", "复核得分是替换公式得分，不是另外加上去：有复核得分的指标只计复核得分。",
                "A reviewed score replaces the formula score; it is not added to it.",
                lambda a, d: close(a, d["公式得分"].sum() + d["复核得分"].fillna(0).sum(), 0.005)),
    ),
)


# -- 02.5 the grade ------------------------------------------------------------------------------------------

def _grade_case() -> pd.Series:
    return pd.Series({"总分": 89.6})


EXERCISE_5 = Exercise(
    "02.5", "评价等级", "The grade", "choice",
    data=_grade_case,
    solve=lambda data: str(grade(float(data["总分"]), get_profile(_PROFILE).grade_bands)),
    choices=GRADES,
    hint_zh="答案不对。等级：优 90（含）–100，良 80（含）–90，中 60（含）–80，差 60 以下。",
    hint_en="Not right. 优 90–100, 良 80 up to 90, 中 60 up to 80, 差 below 60.",
    mistakes=(
        Mistake("rounded_to_grade", "你先把总分四舍五入成整数再定级。等级按实际总分判断，差一点也不能“进”到上一级。",
                "You rounded the total to a whole number before grading; the grade follows the total as it is.",
                lambda a, d: a == str(grade(float(np.floor(float(d["总分"]) + 0.5)),
                                            get_profile(_PROFILE).grade_bands))),
        Mistake("wrong_band", "等级区间记错了：请对照四个等级各自的下限，注意下限“含”、上限“不含”。",
                "The bands are wrong: check each grade's lower bound (included) and upper bound (excluded).",
                lambda a, d: a in ("中", "差")),
    ),
)


# -- 02.6 the 60 % rule --------------------------------------------------------------------------------------

#: The framework of 02.6: a science-and-technology programme's (not the worked example's).
SHARE_FRAMEWORK = ("weighting", "programme_framework.csv")


def _framework_points() -> pd.DataFrame:
    frame = read_framework_table(data_root().joinpath("examples", *SHARE_FRAMEWORK)).to_frame()
    return pd.DataFrame({"指标编码": frame["id"], "一级指标": frame["level1"], "三级指标": frame["name"],
                         "分值": frame["points"]})


def _level1(data: pd.DataFrame) -> pd.Series:
    """Points by canonical level-1 label (产出指标 → 产出), as :func:`point_share_findings` counts them."""
    labels = [canonical_level1(str(v)) for v in data["一级指标"]]
    return data["分值"].astype(float).groupby(labels, sort=False).sum()


def _share(data: pd.DataFrame, levels: tuple[str, ...] = ("产出", "效益")) -> float:
    points = _level1(data)
    return float(100 * points.reindex(list(levels)).fillna(0).sum() / points.sum())


EXERCISE_6 = Exercise(
    "02.6", "产出、效益指标的分值占比", "The share of output and outcome points", "number",
    data=_framework_points,
    solve=_share,
    tolerance=0.05,
    hint_zh="答案不对。把一级指标为“产出”和“效益”的分值相加，除以全部分值，写成百分数（保留一位小数）。",
    hint_en="Not right. Add the points of the 产出 and 效益 level-1 indicators, divide by all points, as a "
            "percentage with one decimal.",
    mistakes=(
        Mistake("ratio_not_percent", "你给出的是比值。题目要求写成百分数（例如 45.0 表示 45%）。",
                "You gave a ratio; the exercise asks for a percentage (45.0 for 45 %).",
                lambda a, d: close(a * 100, _share(d), 0.05)),
        Mistake("with_satisfaction",
                "你把满意度指标也算进去了。本课（与 perfmethods 的检查一样）只计一级指标为产出、效益的分值。",
                "You counted the satisfaction indicator too; this lesson (like perfmethods' check) counts only the "
                "产出 and 效益 level-1 indicators.",
                lambda a, d: close(a, _share(d, ("产出", "效益", "满意度")), 0.05)),
        Mistake("denominator", "分母不对：占比是除以全部分值（含决策、过程、满意度），不是只除以部分一级指标的分值。",
                "Wrong denominator: divide by all the points (决策, 过程 and 满意度 included).",
                lambda a, d: any(close(a, 100 * _level1(d).reindex(["产出", "效益"]).sum()
                                       / _level1(d).drop(list(drop), errors="ignore").sum(), 0.05)
                                 for drop in (("决策", "过程"), ("满意度",), ("决策", "过程", "满意度")))),
        Mistake("one_level", "你只算了产出或效益中的一项。规则是两者合计。",
                "You counted only one of 产出 and 效益; the rule is about the two together.",
                lambda a, d: any(close(a, _share(d, (k,)), 0.05) for k in ("产出", "效益"))),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5, EXERCISE_6)
