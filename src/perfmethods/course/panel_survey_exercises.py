"""Lesson 07 (多元评价与满意度调查): the exercises and the mistakes they recognise.

Data: the culture programme's evaluator panel (six evaluators of three groups — 财政部门, 专家, 主管部门 — scoring
eleven qualitative indicators, with the group weights 0.4 / 0.4 / 0.2 of its project.yaml) and its satisfaction
survey (420 respondents, five items, population 46,200) from data/examples/culture_program (synthetic); 07.4
designs next year's survey of one street (:data:`DESIGN_POPULATION`). Reference
answers come from :mod:`perfmethods.evaluation`: :func:`~perfmethods.evaluation.combine_panel` (group means
weighted by the group weights, renormalised over the groups that scored the indicator),
:func:`~perfmethods.evaluation.score_survey` (满意率 = (很满意 + 满意) / valid answers; the rule and its source
are :data:`perfmethods.evaluation.survey.SATISFIED_LABELS`), :func:`~perfmethods.evaluation.required_sample_size`
(n₀ = z² p(1 − p)/e² with the finite-population correction, rounded up) and
:func:`~perfmethods.evaluation.kendall_w` (Kendall & Babington Smith 1939).

The reading of Kendall's W in 07.5 follows Schmidt (1997), "Managing Delphi surveys using nonparametric
statistical techniques", *Decision Sciences* 28(3):763-774: W ≈ 0.7 strong agreement, ≈ 0.5 moderate,
≈ 0.3 weak, ≈ 0.1 very weak. The answer is a choice among four statements (A–D), checked by the ``choice`` form of
:mod:`perfmethods.course.exercises`; which statement is right is computed from W and its test, not stored.
"""

from __future__ import annotations

import functools
from typing import Any, cast

import pandas as pd
from scipy import stats

from perfmethods.course.exercises import Exercise, Mistake, close, register
from perfmethods.datasets import data_root
from perfmethods.evaluation import (
    PanelScores,
    SurveyResponses,
    SurveyResult,
    combine_panel,
    kendall_w,
    panel_matrix,
    required_sample_size,
    score_survey,
)
from perfmethods.io import read_project
from perfmethods.io.project import Project

__all__ = ["DESIGN_POPULATION", "INDICATOR", "RECUSED", "SURVEY_ITEM", "W_STRONG", "panel", "points", "survey"]

#: The indicator whose panel score 07.1 and 07.2 ask for (市民文化参与意愿提升情况, 4 points).
INDICATOR = "D13"
#: The evaluator whose score of :data:`INDICATOR` is void in 07.2 (主管部门, no grounds attached).
RECUSED = "D1"
#: The survey item whose satisfaction rate 07.3 asks for.
SURVEY_ITEM = "场地设施"
#: The population of the survey 07.4 designs (one street's participants; the worked example uses the whole
#: programme's 46,200, where the finite-population correction hardly matters).
DESIGN_POPULATION = 2400
#: Kendall's W from which agreement reads as strong (Schmidt 1997).
W_STRONG = 0.7
#: The statements of 07.5.
STATEMENTS: tuple[str, ...] = ("A", "B", "C", "D")


@functools.lru_cache(maxsize=1)
def _project() -> Project:
    return read_project(data_root() / "examples" / "culture_program")


def panel() -> PanelScores:
    """The culture programme's evaluator panel (scores and group weights)."""
    return cast(PanelScores, _project().panel)


def points() -> pd.Series:
    """The points (分值) of each indicator, by id."""
    return _project().framework.points()


def survey() -> SurveyResponses:
    """The culture programme's satisfaction survey."""
    return cast(SurveyResponses, _project().survey)


# -- 07.1 and 07.2 the panel score of an indicator -------------------------------------------------------------

def _scores(drop: str | None = None) -> dict[str, Any]:
    data = panel().data
    rows = data[data["indicator_id"] == INDICATOR]
    if drop is not None:
        rows = rows[rows["evaluator"] != drop]
    weights = dict(panel().group_weights or {})
    return {"scores": rows.reset_index(drop=True).copy(), "group_weights": weights}


def _combined(data: dict[str, Any]) -> float:
    scores = data["scores"]
    present = {g: w for g, w in data["group_weights"].items() if g in set(scores["group"])}
    result = combine_panel(PanelScores(scores, group_weights=present), points()[[INDICATOR]])
    return float(result.combined[INDICATOR])


def _group_means(data: dict[str, Any]) -> pd.Series:
    return data["scores"].groupby("group", sort=False)["score"].mean()


def _unnormalised(data: dict[str, Any]) -> float:
    means = _group_means(data)
    return float(sum(data["group_weights"][g] * m for g, m in means.items()))


def _per_evaluator(data: dict[str, Any]) -> float:
    s = data["scores"]
    w = s["group"].map(data["group_weights"]).astype(float)
    return float((w * s["score"]).sum() / w.sum())


def _summed(data: dict[str, Any]) -> float:
    sums = data["scores"].groupby("group", sort=False)["score"].sum()
    weights = data["group_weights"]
    return float(sum(weights[g] * v for g, v in sums.items()) / sum(weights[g] for g in sums.index))


_TOL_POINTS = 0.006

_POOLED = Mistake(
    "pooled_mean",
    "你对全部评价人的评分直接取了平均（人数多的主体分量更重）。应先求各评价主体的平均分，再按主体权重加权。",
    "You averaged all evaluators together (a larger group counts for more). Average within each group first, then "
    "weight the group means.",
    lambda a, d: close(a, float(d["scores"]["score"].mean()), _TOL_POINTS))
_PER_EVALUATOR = Mistake(
    "weighted_evaluators",
    "你把主体权重分给了每一位评价人再加权平均，人数多的主体分量仍然更重。主体权重应乘在各主体的平均分上。",
    "You gave each evaluator the group's weight, so a larger group still counts for more. The group weights "
    "apply to the group means.",
    lambda a, d: close(a, _per_evaluator(d), _TOL_POINTS))
_SUMMED = Mistake(
    "summed_within_group", "你把同一主体内的评分相加了，应取主体内的平均分。",
    "You added up the scores within a group; take the group's mean.",
    lambda a, d: close(a, _summed(d), _TOL_POINTS))
_RATE = Mistake(
    "rate_not_points", "你给出的是得分率（得分 ÷ 分值），本题要的是得分（分）。",
    "That is a score rate (score ÷ points); this exercise asks for the points awarded.",
    lambda a, d: close(a, _combined(d) / float(points()[INDICATOR]), 0.0006)
    or close(a, 100 * _combined(d) / float(points()[INDICATOR]), 0.06))

EXERCISE_1 = Exercise(
    "07.1", "一项指标的评价组合成得分", "The panel score of an indicator", "number",
    data=lambda: _scores(),
    solve=_combined,
    tolerance=_TOL_POINTS,
    hint_zh="答案不对。先求每个评价主体内评价人的平均分，再用主体权重加权：S = Σ ω_g · 平均分_g / Σ ω_g。",
    hint_en="Not right. Average the evaluators within each group, then weight the group means: "
            "S = Σ ω_g · mean_g / Σ ω_g.",
    mistakes=(
        _POOLED,
        Mistake("equal_groups", "你对三个主体的平均分取了简单平均，没有用评价方案规定的主体权重。",
                "You averaged the three group means equally, without the group weights of the evaluation plan.",
                lambda a, d: close(a, float(_group_means(d).mean()), _TOL_POINTS)),
        _PER_EVALUATOR,
        _SUMMED,
        _RATE,
    ),
)


EXERCISE_2 = Exercise(
    "07.2", "有评分作废时的合成得分", "The panel score when a score is void", "number",
    data=lambda: _scores(drop=RECUSED),
    solve=_combined,
    tolerance=_TOL_POINTS,
    hint_zh="答案不对。作废的评分不参加计算；只剩两个主体时，把它们的权重重新归一化（除以剩余权重之和）。",
    hint_en="Not right. The void score does not count; with two groups left, renormalise their weights (divide by "
            "the sum of the remaining weights).",
    mistakes=(
        Mistake("not_renormalised", "剩余两个主体的权重之和不是 1：加权后还要除以剩余权重之和（权重重新归一化）。",
                "The two remaining groups' weights do not add up to 1: divide by their sum (renormalise the "
                "weights).",
                lambda a, d: close(a, _unnormalised(d), _TOL_POINTS)),
        Mistake("kept_void", "你仍然用了作废的那条评分（与练习 7.1 的结果相同）。请按题目数据重新计算。",
                "You still used the void score (the result of exercise 7.1); recompute from this exercise's data.",
                lambda a, d: close(a, _combined(_scores()), _TOL_POINTS)),
        _POOLED,  # with two groups of equal weight, weighting each evaluator is the same slip
        _RATE,
    ),
)


# -- 07.3 satisfaction rate ---------------------------------------------------------------------------------

def _survey_data() -> pd.DataFrame:
    return survey().data.rename(columns={"respondent": "受访者编号"})


def _result(data: pd.DataFrame, **options: Any) -> SurveyResult:
    s = survey()
    return score_survey(SurveyResponses(data, items=s.items, population=s.population), **options)


def _rate(data: pd.DataFrame, **options: Any) -> float:
    return float(_result(data, **options).items.set_index("item").loc[SURVEY_ITEM, "satisfaction_rate"])


def _all_rows_rate(data: pd.DataFrame, labels: tuple[str, ...] = ("很满意", "满意")) -> float:
    answers = data[SURVEY_ITEM]
    return float(answers.isin(labels).sum() / len(answers))


EXERCISE_3 = Exercise(
    "07.3", "一个题项的满意率", "The satisfaction rate of an item", "number",
    data=_survey_data,
    solve=_rate,
    tolerance=0.0006,
    hint_zh="答案不对。满意率 = （很满意 + 满意）份数 ÷ 该题的有效回答份数；空白（未作答）不计入。",
    hint_en="Not right. Satisfaction rate = (很满意 + 满意) answers ÷ valid answers to the item; blanks do not count.",
    mistakes=(
        Mistake("percent", "满意率请以小数作答（如 0.75），不要写成百分数。",
                "Give the rate as a decimal (e.g. 0.75), not as a percentage.",
                lambda a, d: close(a, 100 * _rate(d), 0.06)),
        Mistake("counted_basic", "你把“基本满意”也算作满意。本课采用的口径：满意率只计“很满意”和“满意”。",
                "You counted 基本满意 as satisfied. The rule used here counts only 很满意 and 满意.",
                lambda a, d: close(a, _rate(d, satisfied=("很满意", "满意", "基本满意")), 0.0006)
                or close(a, _all_rows_rate(d, ("很满意", "满意", "基本满意")), 0.0006)),
        Mistake("missing_in_denominator", "分母应是该题的有效回答数：未作答（空白）的问卷不计入分母。",
                "The denominator is the number of valid answers to the item: blank answers do not count.",
                lambda a, d: close(a, _all_rows_rate(d), 0.0006)),
        Mistake("only_top", "你只计了“很满意”。满意率计“很满意”和“满意”两档。",
                "You counted only 很满意; the rate counts 很满意 and 满意.",
                lambda a, d: close(a, _rate(d, satisfied=("很满意",)), 0.0006)),
        Mistake("pooled_items", "这是五个题项合并计算的满意率。本题只问“场地设施”这一题。",
                "That is the rate pooled over the five items; this exercise asks for 场地设施 only.",
                lambda a, d: close(a, _result(d).satisfaction_rate, 0.0006)),
        Mistake("other_item", "这是另一个题项的满意率：请取“场地设施”这一列。",
                "That is another item's rate: take the column 场地设施.",
                lambda a, d: any(close(a, r, 0.0006) for r in _result(d).items["satisfaction_rate"])),
    ),
)


# -- 07.4 required sample size ---------------------------------------------------------------------------

def _design() -> dict[str, Any]:
    return {"总体": DESIGN_POPULATION, "置信水平": 0.95, "误差": 0.05, "p": 0.5}


def _n(data: dict[str, Any]) -> int:
    return required_sample_size(data["总体"], confidence=data["置信水平"], margin=data["误差"], p=data["p"])


def _unrounded(data: dict[str, Any]) -> float:
    """n before rounding (the formula of :func:`perfmethods.evaluation.required_sample_size`)."""
    z = float(stats.norm.ppf(1 - (1 - data["置信水平"]) / 2))
    n0 = z * z * data["p"] * (1 - data["p"]) / data["误差"] ** 2
    return n0 / (1 + (n0 - 1) / data["总体"])


EXERCISE_4 = Exercise(
    "07.4", "所需样本量", "The required sample size", "number",
    data=_design,
    solve=_n,
    tolerance=0.0,
    hint_zh="答案不对。n₀ = z² p(1 − p) / e²（95% 时 z = 1.96），有限总体修正 n = n₀ / (1 + (n₀ − 1)/N)，再向上取整。",
    hint_en="Not right. n₀ = z² p(1 − p) / e² (z = 1.96 at 95 %), finite-population correction "
            "n = n₀ / (1 + (n₀ − 1)/N), then round up.",
    mistakes=(
        Mistake("no_fpc", "你没有做有限总体修正：总体 N 已知时，n = n₀ / (1 + (n₀ − 1)/N)。",
                "You left out the finite-population correction: with N known, n = n₀ / (1 + (n₀ − 1)/N).",
                lambda a, d: close(a, required_sample_size(None, confidence=d["置信水平"], margin=d["误差"], p=d["p"]),
                                   0.0)),
        Mistake("confidence_90", "你用的是 90% 置信水平（z ≈ 1.645）。题目要求 95%（z ≈ 1.96）。",
                "You used 90 % confidence (z ≈ 1.645); the exercise asks for 95 % (z ≈ 1.96).",
                lambda a, d: any(close(a, required_sample_size(pop, confidence=0.90, margin=d["误差"], p=d["p"]), 0.0)
                                 for pop in (d["总体"], None))),
        Mistake("not_rounded_up", "样本量要向上取整：四舍五入或去掉小数得到的样本达不到 ±5% 的误差要求。",
                "Round the sample size up: rounding down gives a sample that misses the ±5 % margin.",
                lambda a, d: not close(a, _n(d), 0.0) and abs(a - _unrounded(d)) < 1),
        Mistake("observed_p", "你用调查得到的满意率作为 p。设计样本时不知道结果，取最保守的 p = 0.5。",
                "You used the observed satisfaction rate as p. When designing the sample the result is unknown: "
                "take the most conservative p = 0.5.",
                lambda a, d: any(close(a, required_sample_size(d["总体"], confidence=d["置信水平"], margin=d["误差"],
                                                               p=r), 0.0)
                                 for r in (_result(_survey_data()).satisfaction_rate,
                                           *_result(_survey_data()).items["satisfaction_rate"]))),
    ),
)


# -- 07.5 reading Kendall's W -----------------------------------------------------------------------------

def _rates() -> pd.DataFrame:
    return panel_matrix(panel(), points()).rename_axis("评价人")


def _statement(data: pd.DataFrame) -> str:
    result = kendall_w(data.to_numpy(dtype=float))
    if not result.p_value < 0.05:
        return "D"
    return "A" if result.w >= W_STRONG else "C"


EXERCISE_5 = Exercise(
    "07.5", "肯德尔和谐系数的解读", "Reading Kendall's W", "choice",
    data=_rates,
    solve=_statement,
    choices=STATEMENTS,
    hint_zh="答案不对。先算 W 和它的检验 p 值，再对照本课的解读表。",
    hint_en="Not right. Compute W and its p-value, then read them with this lesson's table.",
    mistakes=(
        Mistake("order_not_numbers", "W 只比较评价人对指标的排序，不比较分数本身：排序一致时分数仍可能整体偏高或偏低。"
                "分数是否一致要看 ICC（绝对一致性）或 Krippendorff's α。",
                "W compares how evaluators order the indicators, not the scores: with the same order the scores "
                "can still be higher or lower overall. Whether the numbers agree is for the ICC (absolute "
                "agreement) or Krippendorff's α.",
                lambda a, d: a == "B"),
        Mistake("scale_misread", "W 在 0 到 1 之间，越接近 1 排序越一致；对照解读表再看一看 W 落在哪一档。",
                "W lies between 0 and 1, closer to 1 meaning more similar orders; look again at which band of the "
                "table W falls in.",
                lambda a, d: a == "C"),
        Mistake("p_value_misread", "p 值小于 0.05 说明“评价人随机排序”这一假设可以拒绝；先看 p 值是大于还是小于 0.05。",
                "A p-value below 0.05 rejects the hypothesis that the evaluators order at random; check whether p "
                "is above or below 0.05.",
                lambda a, d: a == "D"),
        Mistake("strong_misread", "W 的数值还没有达到“高度一致”那一档，或者检验并不显著：对照解读表再看一看。",
                "W does not reach the band of strong agreement, or the test is not significant: check the table "
                "again.",
                lambda a, d: a == "A"),
    ),
)

register(EXERCISE_1, EXERCISE_2, EXERCISE_3, EXERCISE_4, EXERCISE_5)
