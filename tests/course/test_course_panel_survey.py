"""Lesson 07 (多元评价与满意度调查): answers typed as a trainee would are accepted, each typical mistake is named
from a wrong answer computed here by hand (pandas), and a malformed answer gets the form it expects.

The reference answers are the library's (perfmethods.evaluation; tests/evaluation reproduces Shrout & Fleiss 1979
Table 4 for the ICC, scipy's tie-corrected Friedman test for Kendall's W, and 385 / 323 for the sample size at 95 %,
±5 % as https://www.jiaxicaishui.com/shuiwu/267621.html gives them); the hand computations below follow the lesson's
formulas, so they also show that the lesson's steps give the library's numbers.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from course_support import FormTable, MistakeTable, solution
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from perfmethods import course
from perfmethods.course.panel_survey_exercises import (
    DESIGN_POPULATION,
    INDICATOR,
    RECUSED,
    SURVEY_ITEM,
    panel,
    points,
    survey,
)

WEIGHTS = {"财政部门": 0.4, "专家": 0.4, "主管部门": 0.2}


# -- the lesson's steps by hand --------------------------------------------------------------------------------
SCORES = panel().data[panel().data["indicator_id"] == INDICATOR]
VOID = SCORES[SCORES["evaluator"] != RECUSED]
ANSWERS = survey().data[SURVEY_ITEM]
VALID = ANSWERS.dropna()


def weighted(scores: pd.DataFrame, normalise: bool = True) -> float:
    means = scores.groupby("group")["score"].mean()
    w = pd.Series(WEIGHTS).reindex(means.index)
    return float((w * means).sum() / (w.sum() if normalise else 1.0))


def sample_size(N: int | None, confidence: float = 0.95, p: float = 0.5, rounding=math.ceil) -> int:
    z = stats.norm.ppf(1 - (1 - confidence) / 2)
    n0 = z * z * p * (1 - p) / 0.05 ** 2
    return int(rounding(n0 if N is None else n0 / (1 + (n0 - 1) / N)))


def test_the_bundled_data_are_what_the_lesson_says() -> None:
    assert panel().group_weights == WEIGHTS
    assert set(SCORES["group"]) == set(WEIGHTS) and len(SCORES) == 6
    assert VOID["group"].nunique() == 2 and survey().population == 46200 and DESIGN_POPULATION == 2400
    assert points()[INDICATOR] == 4


def test_the_lessons_steps_by_hand_give_the_librarys_answers() -> None:
    assert math.isclose(weighted(SCORES), solution("07.1"))
    assert math.isclose(weighted(VOID), solution("07.2"))
    assert math.isclose(VALID.isin(["很满意", "满意"]).mean(), solution("07.3"))
    assert sample_size(DESIGN_POPULATION) == solution("07.4") == 332
    assert (sample_size(46200), sample_size(None), sample_size(2000)) == (381, 385, 323)
    rates = (panel().data.pivot(index="evaluator", columns="indicator_id", values="score") / points()).dropna(axis=1)
    ranks = rates.rank(axis=1).to_numpy()
    m, n = ranks.shape
    s = ((ranks.sum(axis=0) - ranks.sum(axis=0).mean()) ** 2).sum()
    ties = sum(float((c ** 3 - c).sum()) for c in (np.unique(r, return_counts=True)[1] for r in rates.to_numpy()))
    w_hand = 12 * s / (m * m * (n ** 3 - n) - m * ties)
    assert w_hand > 0.7 and stats.chi2.sf(m * (n - 1) * w_hand, n - 1) < 0.05
    assert solution("07.5") == "A"


# -- every solution is accepted, also as a trainee would type it ------------------------------------------------
def test_answers_rounded_as_the_exercises_ask_are_accepted() -> None:
    assert course.check("07.1", round(solution("07.1"), 2)).correct
    assert course.check("07.2", round(solution("07.2"), 2)).correct
    assert course.check("07.3", round(solution("07.3"), 3)).correct
    assert course.check("07.4", float(solution("07.4"))).correct
    assert course.check("07.4", np.int64(solution("07.4"))).correct
    assert course.check("07.5", " A ").correct


# -- typical mistakes are named ----------------------------------------------------------------------------------
def _per_evaluator(scores: pd.DataFrame) -> float:
    w = scores["group"].map(WEIGHTS)
    return float((w * scores["score"]).sum() / w.sum())


MISTAKES = [
    ("07.1", lambda: SCORES["score"].mean(), "pooled_mean"),
    ("07.1", lambda: SCORES.groupby("group")["score"].mean().mean(), "equal_groups"),
    ("07.1", lambda: _per_evaluator(SCORES), "weighted_evaluators"),
    ("07.1", lambda: sum(WEIGHTS[g] * v for g, v in SCORES.groupby("group")["score"].sum().items()),
     "summed_within_group"),
    ("07.1", lambda: weighted(SCORES) / 4, "rate_not_points"),
    ("07.1", lambda: round(100 * weighted(SCORES) / 4, 1), "rate_not_points"),
    ("07.2", lambda: weighted(VOID, normalise=False), "not_renormalised"),
    ("07.2", lambda: round(weighted(SCORES), 2), "kept_void"),
    ("07.2", lambda: VOID["score"].mean(), "pooled_mean"),
    ("07.2", lambda: _per_evaluator(VOID), "pooled_mean"),
    ("07.2", lambda: weighted(VOID) / 4, "rate_not_points"),
    ("07.3", lambda: 100 * VALID.isin(["很满意", "满意"]).mean(), "percent"),
    ("07.3", lambda: VALID.isin(["很满意", "满意", "基本满意"]).mean(), "counted_basic"),
    ("07.3", lambda: ANSWERS.isin(["很满意", "满意", "基本满意"]).sum() / len(ANSWERS), "counted_basic"),
    ("07.3", lambda: ANSWERS.isin(["很满意", "满意"]).sum() / len(ANSWERS), "missing_in_denominator"),
    ("07.3", lambda: (VALID == "很满意").mean(), "only_top"),
    ("07.3", lambda: (lambda d: d.isin(["很满意", "满意"]).sum().sum() / d.notna().sum().sum())(
        survey().data[list(survey().items)]), "pooled_items"),
    ("07.3", lambda: survey().data["活动内容"].dropna().isin(["很满意", "满意"]).mean(), "other_item"),
    ("07.4", lambda: sample_size(None), "no_fpc"),
    ("07.4", lambda: sample_size(DESIGN_POPULATION, confidence=0.90), "confidence_90"),
    ("07.4", lambda: sample_size(None, confidence=0.90), "confidence_90"),
    ("07.4", lambda: sample_size(DESIGN_POPULATION, rounding=math.floor), "not_rounded_up"),
    ("07.4", lambda: sample_size(DESIGN_POPULATION, p=VALID.isin(["很满意", "满意"]).mean()), "observed_p"),
    ("07.5", lambda: "B", "order_not_numbers"),
    ("07.5", lambda: "C", "scale_misread"),
    ("07.5", lambda: "D", "p_value_misread"),
]


class TestMistakes(MistakeTable):
    lesson = "07"
    table = MISTAKES


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("07.4", 1000)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "有限总体修正" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
FORMS = [
    ("07.1", "2.8分", "一个数"),
    ("07.1", [2.8, 2.7], "一个数"),
    ("07.3", True, "真假值"),
    ("07.3", float("nan"), "有限的数"),
    ("07.5", "a", "请从以下选项中选择"),
    ("07.5", "高度一致", "请从以下选项中选择"),
]


class TestForms(FormTable):
    table = FORMS


# -- properties of the checking ----------------------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.integers(1, 2000))
def test_a_sample_size_is_right_only_when_exact(n) -> None:
    assert course.check("07.4", n).correct == (n == solution("07.4"))


def test_the_reading_of_w_follows_the_data() -> None:
    """07.5's right statement is computed from W and its test: random orders give 'not significant' (D), a
    panel ordering the indicators identically gives 'strong' (A), a large noisy panel a significant but weak W
    (C)."""
    item = course.exercise("07.5")
    rng = np.random.default_rng(7)
    assert item.solve(pd.DataFrame(rng.permuted(np.tile(np.arange(11.0), (6, 1)), axis=1))) == "D"
    assert item.solve(pd.DataFrame(np.tile(np.arange(11.0), (6, 1)))) == "A"
    weak = np.arange(11.0) + rng.normal(0, 4, (30, 11))  # thirty raters, a shared order under much noise
    assert item.solve(pd.DataFrame(weak)) == "C"


