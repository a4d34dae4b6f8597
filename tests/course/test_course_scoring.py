"""Lesson 02 (指标体系与评分规则): answers written as the questions ask are accepted, each typical mistake is
named from a wrong answer, an unrecognised answer gets the hint and a malformed one the form it expects.

The reference answers are the library's (perfmethods.indicators.scoring, grades and point_shares, and
perfmethods.evaluation.evaluate, tested against published self-evaluation tables in tests/indicators and
tests/evaluation); these tests check the checking, and re-derive each reference answer by hand from the bundled
culture programme so that a change in the data or the library shows here too.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import math

import numpy as np
from course_support import FormTable, MistakeTable, solution
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import course
from perfmethods.course.scoring_exercises import (
    REVIEW,
    SHARE_FRAMEWORK,
    evaluation,
    reviewed_evaluation,
    tier_band,
)
from perfmethods.datasets import data_root
from perfmethods.indicators import get_profile, score_positive, score_reverse
from perfmethods.indicators.point_shares import point_share_findings
from perfmethods.io import read_framework_table

IDS = [f"02.{k}" for k in range(1, 7)]


def test_the_lesson_registers_six_exercises() -> None:
    table = course.list_exercises("02")
    assert table["id"].tolist() == IDS


# -- the reference answers, re-derived by hand from the bundled data --------------------------------------------
def test_reference_answers_match_a_hand_computation() -> None:
    # 02.1: 56/50 场 → capped at 10; 4.12/5 万人次 × 10 = 8.24; 43/40 个 → capped at 4
    assert np.allclose(solution("02.1"), [10.0, 8.24, 4.0])
    # 02.2: 480 万元 / 48 场 = 10 万元/场 against ≤ 9: (1 − 1/9) × 4
    assert math.isclose(solution("02.2"), (1 - 1 / 9) * 4)
    # 02.3: 部分达成 = 60 %–80 % of 4 points
    assert np.allclose(solution("02.3"), [2.4, 3.2])
    # 02.4: the worked example's rows (88.36 in all) with D12's formula score 3.15 replaced by the review's 2.50
    assert math.isclose(evaluation().total, 88.36, abs_tol=1e-9) and REVIEW[:2] == ("D12", 2.5)
    table = reviewed_evaluation().indicators
    assert math.isclose(solution("02.4"), table["points"].sum(), abs_tol=1e-9)
    assert math.isclose(solution("02.4"), 88.36 - 3.15 + 2.50, abs_tol=1e-9)
    # 02.5: 89.6 is below 90
    assert solution("02.5") == "良"
    # 02.6: the S&T programme's (产出 35 + 效益 28) / 100, which passes the 60 % rule as the library checks it
    assert math.isclose(solution("02.6"), 63.0)
    framework = read_framework_table(data_root().joinpath("examples", *SHARE_FRAMEWORK))
    assert point_share_findings(framework, "finance", get_profile("central")) == []


# -- answers written as the question asks are accepted ---------------------------------------------------------
def test_answers_written_as_the_question_asks_are_accepted() -> None:
    assert course.check("02.1", np.round(solution("02.1"), 2)).correct
    assert course.check("02.2", round(solution("02.2"), 2)).correct
    assert course.check("02.3", [2.4, 3.2]).correct
    assert course.check("02.3", {"上限": 3.2, "下限": 2.4}).correct
    assert course.check("02.4", 87.71).correct
    assert course.check("02.4", [87.71]).correct  # a one-element list is read as its number
    assert course.check("02.4", round(solution("02.4"), 2)).correct
    assert course.check("02.5", " 良").correct
    assert course.check("02.6", 63).correct


# -- typical mistakes are named --------------------------------------------------------------------------------
def _outputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return np.array([56.0, 4.12, 43.0]), np.array([50.0, 5.0, 40.0]), np.array([10.0, 10.0, 4.0])


MISTAKES = [
    ("02.1", lambda: (lambda a, t, w: a / t * w)(*_outputs()), "not_capped"),
    ("02.1", lambda: score_reverse(*_outputs()), "reverse_formula"),
    ("02.1", lambda: (lambda a, t, w: t / a * w)(*_outputs()), "inverted_ratio"),
    ("02.1", lambda: (lambda a, t, w: np.minimum(t / a, 1) * w)(*_outputs()), "inverted_ratio"),
    ("02.1", lambda: [10, 8.2, 4], "rounded_early"),
    ("02.2", lambda: 4, "full_points"),
    ("02.2", lambda: score_reverse(480 / 56, 9, 4), "full_points"),  # the reported 56 events
    ("02.2", lambda: score_positive(480 / 48, 9, 4), "full_points"),  # the positive rule, capped
    ("02.2", lambda: 9 / 10 * 4, "inverse_ratio"),
    ("02.2", lambda: 10 / 9 * 4, "positive_ratio"),
    ("02.3", lambda: [0.6, 0.8], "shares_not_points"),
    ("02.3", lambda: [60, 80], "shares_not_points"),
    ("02.3", lambda: tier_band("达成", 4), "wrong_tier"),
    ("02.3", lambda: [0, 2.4], "wrong_tier"),
    ("02.4", lambda: reviewed_evaluation().indicators["formula_points"].sum(), "ignored_review"),
    ("02.4", lambda: np.floor(reviewed_evaluation().indicators["points"] + 0.5).sum(), "rounded_early"),
    ("02.4", lambda: np.floor(reviewed_evaluation().indicators["points"]).sum(), "rounded_early"),
    ("02.4", lambda: evaluation().total, "example_total"),
    ("02.4", lambda: reviewed_evaluation().indicators[["formula_points", "reviewer_points"]].fillna(0).to_numpy()
     .sum(), "added_review"),
    ("02.5", lambda: "优", "rounded_to_grade"),
    ("02.5", lambda: "中", "wrong_band"),
    ("02.6", lambda: 0.63, "ratio_not_percent"),
    ("02.6", lambda: 73, "with_satisfaction"),
    ("02.6", lambda: 100 * 63 / 90, "denominator"),
    ("02.6", lambda: 100 * 63 / 73, "denominator"),
    ("02.6", lambda: 35, "one_level"),
    ("02.6", lambda: 28, "one_level"),
]


class TestMistakes(MistakeTable):
    lesson = "02"
    table = MISTAKES


def test_rounding_each_row_first_changes_the_grade() -> None:
    """The point of 02.4's rounded_early mistake: whole-point rows lift this project from 良 to 优."""
    rows = reviewed_evaluation().indicators["points"]
    assert np.floor(rows + 0.5).sum() >= 90 > rows.sum()


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("02.2", 1.0)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "反向公式" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
FORMS = [
    ("02.1", [10, 8.24], "应有 3 个数"),
    ("02.1", {"C11": 10, "C12": 8.24, "C14": 4}, "标签应为"),
    ("02.3", 2.4, "应有 2 个数"),
    ("02.2", "3.56分", "一个数"),
    ("02.5", "良好", "请从以下选项中选择一个"),
    ("02.6", "63%", "一个数"),
]


class TestForms(FormTable):
    table = FORMS


# -- the rules the lesson teaches ------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.floats(0.1, 100.0), st.floats(0.1, 100.0), st.floats(0.5, 20.0))
def test_the_scoring_rules_taught_stay_within_the_points(actual: float, target: float, points: float) -> None:
    """The invariants the lesson teaches: a positive score never exceeds the points (over-achievement is
    capped) and reaches them once the target is met; a reverse score is full up to the target and zero from
    twice the target."""
    positive = float(score_positive(actual, target, points))
    reverse = float(score_reverse(actual, target, points))
    assert 0 <= positive <= points + 1e-9 and 0 <= reverse <= points + 1e-9
    if actual >= target:
        assert positive == points
    if actual <= target:
        assert reverse == points
    if actual >= 2 * target:
        assert reverse == 0
