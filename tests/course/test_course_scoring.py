"""Lesson 02 (指标体系与评分规则): every checker accepts its solution, names the typical wrong answers, rejects
malformed answers with the form message and never shows the expected numbers.

The reference answers are the library's (perfmethods.indicators.scoring, grades and point_shares, and
perfmethods.evaluation.evaluate, tested against published self-evaluation tables in tests/indicators and
tests/evaluation); these tests check the checking, and re-derive each reference answer by hand from the bundled
culture programme so that a change in the data or the library shows here too.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import course
from perfmethods.course.scoring_exercises import (
    OUTPUT_IDS,
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


def solution(exercise_id: str):
    item = course.exercise(exercise_id)
    return item.solve(item.data())


def verdict(exercise_id: str, answer) -> tuple[str, str]:
    feedback = course.check(exercise_id, answer)
    return feedback.verdict, feedback.mistake


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


# -- every solution is accepted, also as the question asks to write it -------------------------------------------
@pytest.mark.parametrize("exercise_id", IDS)
def test_the_solution_is_accepted(exercise_id: str) -> None:
    assert course.check(exercise_id, solution(exercise_id)).correct


def test_answers_written_as_the_question_asks_are_accepted() -> None:
    assert course.check("02.1", np.round(solution("02.1"), 2)).correct
    assert course.check("02.1", pd.Series(solution("02.1"), index=list(OUTPUT_IDS)).iloc[::-1]).correct
    assert course.check("02.2", round(solution("02.2"), 2)).correct
    assert course.check("02.3", [2.4, 3.2]).correct
    assert course.check("02.3", {"上限": 3.2, "下限": 2.4}).correct
    assert course.check("02.4", 87.71).correct
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


@pytest.mark.parametrize("exercise_id, wrong, code", MISTAKES)
def test_typical_mistakes_are_named(exercise_id: str, wrong, code: str) -> None:
    assert verdict(exercise_id, wrong()) == ("mistake", code)


def test_every_mistake_of_the_lesson_is_exercised_and_each_exercise_has_two() -> None:
    tested = {(e, c) for e, _, c in MISTAKES}
    for exercise_id in IDS:
        codes = {m.code for m in course.exercise(exercise_id).mistakes}
        assert len(codes) >= 2, exercise_id
        assert codes == {c for e, c in tested if e == exercise_id}, exercise_id


def test_rounding_each_row_first_changes_the_grade() -> None:
    """The point of 02.4's rounded_early mistake: whole-point rows lift this project from 良 to 优."""
    rows = reviewed_evaluation().indicators["points"]
    assert np.floor(rows + 0.5).sum() >= 90 > rows.sum()


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("02.2", 1.0)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "反向公式" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise_id, answer, words", [
    ("02.1", [10, 8.24], "应有 3 个数"),
    ("02.1", {"C11": 10, "C12": 8.24, "C14": 4}, "标签应为"),
    ("02.3", 2.4, "应有 2 个数"),
    ("02.2", "3.56分", "一个数"),
    ("02.4", [87.71], None),
    ("02.5", "良好", "请从以下选项中选择一个"),
    ("02.6", "63%", "一个数"),
])
def test_answers_in_the_wrong_form_say_what_form_is_expected(exercise_id, answer, words) -> None:
    feedback = course.check(exercise_id, answer)
    if words is None:  # a one-element list is read as its number
        assert feedback.correct
    else:
        assert feedback.verdict == "malformed" and words in feedback.message_zh


# -- never give the answer away ----------------------------------------------------------------------------------
def _shows(text: str, value: float) -> bool:
    """``value`` written in ``text`` as a reader would write it (8.24, 8.2, 60, 60.0)."""
    forms = {f"{value:.2f}", f"{value:.1f}", f"{value:g}"}
    return any(re.search(rf"(?<![\d.]){re.escape(form)}(?![\d])", text) for form in forms)


@pytest.mark.parametrize("exercise_id", IDS)
def test_feedback_never_shows_the_expected_answer(exercise_id: str) -> None:
    expected = solution(exercise_id)
    answers = [w() for e, w, _ in MISTAKES if e == exercise_id] + [None, 0.5, [1.0, 1.0], "x", 12345]
    values = [] if isinstance(expected, str) else list(np.atleast_1d(np.asarray(expected, dtype=float)))
    for answer in answers:
        for language in ("zh", "en"):
            feedback = course.check(exercise_id, answer, language=language)
            text = feedback.message_zh + " " + feedback.message_en
            assert feedback.message in feedback._repr_html_() or "&" in feedback._repr_html_()
            if isinstance(expected, str):
                assert f"“{expected}”" not in text and f"'{expected}'" not in text
            for value in values:
                assert not _shows(text, value), (exercise_id, answer, value)


# -- properties of the checking ------------------------------------------------------------------------------------
@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-0.99, 0.99), min_size=3, max_size=3))
def test_anything_within_the_tolerance_is_accepted(noise) -> None:
    tolerance = course.exercise("02.1").tolerance
    assert course.check("02.1", solution("02.1") + tolerance * np.asarray(noise)).correct


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 2), st.floats(2.0, 500.0), st.sampled_from([-1, 1]))
def test_one_entry_off_by_more_than_the_tolerance_is_rejected(index, factor, sign) -> None:
    answer = np.array(solution("02.1"), dtype=float)
    answer[index] += sign * factor * course.exercise("02.1").tolerance
    assert not course.check("02.1", answer).correct


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
