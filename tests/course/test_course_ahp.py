"""Lesson 03 (AHP 专家赋权): answers written as the questions ask are accepted, each typical mistake is named
from a wrong answer computed here, an unrecognised answer gets the hint and a malformed one the form it expects.

The reference answers are the library's (perfmethods.weighting, validated against published AHP examples in
tests/weighting); these tests check the checking.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from course_support import FormTable, MistakeTable, solution

from perfmethods import course
from perfmethods.course.ahp_exercises import arithmetic_mean_weights, corrected_judgments, judgments
from perfmethods.weighting import aggregate_judgments, ahp, priority_vector


def test_answers_rounded_as_the_exercise_asks_are_accepted() -> None:
    assert course.check("03.2", np.round(solution("03.2"), 3)).correct
    assert course.check("03.3", round(solution("03.3"), 3)).correct
    assert course.check("03.6", np.round(solution("03.6"), 4)).correct
    # a matrix typed with reciprocals to four decimals (0.3333)
    assert course.check("03.1", np.round(solution("03.1"), 4)).correct


# -- typical mistakes are named ----------------------------------------------------------------------------------
def _upper_copied() -> np.ndarray:
    full = solution("03.1")
    return np.triu(full) + np.triu(full, 1).T


def _one_lower_entry_off() -> np.ndarray:
    """The given upper triangle and diagonal kept, one reciprocal of the lower triangle miscomputed."""
    full = solution("03.1").copy()
    full[4, 0] *= 2
    return full


MISTAKES = [
    ("03.1", lambda: _upper_copied(), "copied_not_reciprocal"),
    ("03.1", lambda: solution("03.1") + np.eye(5), "diagonal"),
    ("03.1", _one_lower_entry_off, "not_reciprocal"),
    ("03.1", lambda: np.where(np.triu(np.ones((5, 5)), 1) > 0, 2.0, 1 / solution("03.1").T), "changed_given"),
    ("03.2", lambda: (lambda a: (a / a.sum(axis=0)).mean(axis=1))(judgments()["专家B"].to_numpy()), "other_method"),
    ("03.2", lambda: priority_vector(judgments()["专家B"], method="eigenvector"), "other_method"),
    ("03.2", lambda: np.exp(np.log(judgments()["专家B"].to_numpy()).mean(axis=1)), "not_normalised"),
    ("03.2", lambda: (lambda g: g / g.sum())(np.exp(np.log(judgments()["专家B"].to_numpy()).mean(axis=0))),
     "columns"),
    ("03.2", lambda: (lambda a: a.sum(axis=1) / a.sum())(judgments()["专家B"].to_numpy()), "arithmetic_rows"),
    ("03.2", lambda: (lambda g: g / g.sum())(np.round(np.exp(np.log(judgments()["专家B"].to_numpy()).mean(axis=1)),
                                                        1)), "rounded_early"),
    ("03.3", lambda: ahp(judgments()["专家B"], warn=False).ci, "ci_not_cr"),
    ("03.3", lambda: (ahp(judgments()["专家B"], warn=False).lambda_max - 5) / 5 / 1.12, "denominator_n"),
    ("03.3", lambda: ahp(judgments()["专家B"], warn=False).ci / 0.90, "wrong_ri"),
    ("03.3", lambda: ahp(judgments()["专家B"], warn=False).lambda_max, "lambda_max"),
    ("03.3", lambda: ahp(judgments()["专家B"], warn=False).cr * 100, "percent"),
    ("03.4", lambda: ("过程", "满意度"), "not_the_largest"),
    ("03.5", lambda: 0.125, "unchanged"),
    ("03.5", lambda: 9, "consistency_suggestion"),
    ("03.6", lambda: aggregate_judgments(corrected_judgments(), method="aip").weights, "averaged_weights"),
    ("03.6", lambda: arithmetic_mean_weights(corrected_judgments()), "arithmetic_judgments"),
    ("03.6", lambda: aggregate_judgments(judgments()).weights, "uncorrected"),
    ("03.6", lambda: aggregate_judgments({k: v for k, v in corrected_judgments().items() if k != "专家C"}).weights,
     "dropped_expert"),
]


class TestMistakes(MistakeTable):
    lesson = "03"
    table = MISTAKES


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("03.3", 0.5)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "CR = CI / RI" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
FORMS = [
    ("03.2", [0.2, 0.3], "应有 5 个数"),
    ("03.2", pd.Series([0.2] * 5, index=list("abcde")), "标签应为"),
    ("03.2", "0.2, 0.3", "一列数"),
    ("03.1", np.ones((4, 4)), "5×5"),
    ("03.1", course.exercise_data("03.1"), "空格"),
    ("03.3", "CR", "一个数"),
    ("03.3", True, "真假值"),
    ("03.4", ("产出", "产出"), "两个指标应不同"),
    ("03.4", ("产出", "成本"), "不是本题的指标"),
    ("03.4", "产出", "两个指标名称"),
]


class TestForms(FormTable):
    table = FORMS
