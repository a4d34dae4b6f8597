"""Checked exercises (perfmethods.course): every checker accepts the solution, recognises the typical wrong answers
with the right feedback, and never gives the answer away.

The reference answers are the library's (perfmethods.weighting, validated against published AHP examples in
tests/weighting); these tests check the checking.
"""

from __future__ import annotations

import json
import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods import course
from perfmethods.course.ahp_exercises import CRITERIA, arithmetic_mean_weights, corrected_judgments, judgments
from perfmethods.errors import InputError
from perfmethods.weighting import aggregate_judgments, ahp, priority_vector


def solution(exercise_id: str):
    item = course.exercise(exercise_id)
    return item.solve(item.data())


def verdict(exercise_id: str, answer) -> tuple[str, str]:
    feedback = course.check(exercise_id, answer)
    return feedback.verdict, feedback.mistake


# -- every solution is accepted, also as a reader would type it --------------------------------------------------
@pytest.mark.parametrize("exercise_id", course.list_exercises()["id"].tolist())
def test_the_solution_is_accepted(exercise_id: str) -> None:
    answer = solution(exercise_id)
    feedback = course.check(exercise_id, answer)
    assert feedback.correct and feedback.verdict == "correct" and bool(feedback)


def test_answers_rounded_as_the_exercise_asks_are_accepted() -> None:
    assert course.check("03.2", np.round(solution("03.2"), 3)).correct
    assert course.check("03.3", round(solution("03.3"), 3)).correct
    assert course.check("03.6", np.round(solution("03.6"), 4)).correct
    # a matrix typed with reciprocals to four decimals (0.3333)
    assert course.check("03.1", np.round(solution("03.1"), 4)).correct


def test_a_labelled_answer_is_aligned_on_its_labels() -> None:
    weights = pd.Series(solution("03.2"), index=list(CRITERIA))
    assert course.check("03.2", weights.iloc[::-1]).correct  # order of a Series does not matter
    assert course.check("03.2", dict(weights)).correct
    matrix = pd.DataFrame(solution("03.1"), index=list(CRITERIA), columns=list(CRITERIA))
    assert course.check("03.1", matrix.iloc[::-1, ::-1]).correct


# -- typical mistakes are named ----------------------------------------------------------------------------------
def _upper_copied() -> np.ndarray:
    full = solution("03.1")
    return np.triu(full) + np.triu(full, 1).T


@pytest.mark.parametrize("exercise_id, wrong, code", [
    ("03.1", lambda: _upper_copied(), "copied_not_reciprocal"),
    ("03.1", lambda: solution("03.1") + np.eye(5), "diagonal"),
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
])
def test_typical_mistakes_are_named(exercise_id: str, wrong, code: str) -> None:
    assert verdict(exercise_id, wrong()) == ("mistake", code)


def test_every_exercise_recognises_at_least_two_mistakes_or_a_hint() -> None:
    for exercise_id in course.list_exercises()["id"]:
        item = course.exercise(exercise_id)
        assert len(item.mistakes) >= 1 and item.hint_zh and item.hint_en, exercise_id
    # lesson 03's mistakes are each named by a wrong answer above; other lessons' files do the same for theirs
    tested = {(e, c) for e, _, c in test_typical_mistakes_are_named.pytestmark[0].args[1]}
    for exercise_id in course.list_exercises("03")["id"]:
        named = {c for e, c in tested if e == exercise_id}
        assert len(named) >= min(2, len(course.exercise(exercise_id).mistakes)), exercise_id


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("03.3", 0.5)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "CR = CI / RI" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise_id, answer, words", [
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
])
def test_answers_in_the_wrong_form_say_what_form_is_expected(exercise_id, answer, words) -> None:
    feedback = course.check(exercise_id, answer)
    assert feedback.verdict == "malformed" and words in feedback.message_zh


@pytest.mark.parametrize("answer", [None, ...])
def test_an_unanswered_exercise_asks_for_an_answer(answer) -> None:
    feedback = course.check("03.2", answer)
    assert feedback.verdict == "unanswered" and not feedback.correct and "填写答案" in feedback.message


def test_an_unknown_exercise_lists_the_exercises() -> None:
    with pytest.raises(InputError, match="There is no exercise '99.9'.*03.1"):
        course.check("99.9", 1)


# -- never give the answer away ----------------------------------------------------------------------------------
def test_feedback_never_shows_the_expected_numbers() -> None:
    shown = []
    for exercise_id in course.list_exercises()["id"]:
        expected = np.atleast_1d(np.asarray(solution(exercise_id), dtype=object))
        for answer in (None, 0.5, [0.2] * 5, np.ones((5, 5)), ("决策", "过程")):
            feedback = course.check(exercise_id, answer)
            shown.append((exercise_id, feedback.message_zh + feedback.message_en + feedback._repr_html_()))
        for value in expected.ravel():
            if isinstance(value, float) and value not in (0.0, 1.0):
                for text in (f"{value:.3f}", f"{value:.4f}"):
                    assert all(text not in message for e, message in shown if e == exercise_id), (exercise_id, text)


# -- properties of the checking ------------------------------------------------------------------------------------
@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-1, 1), min_size=5, max_size=5))
def test_anything_within_the_tolerance_is_accepted(noise) -> None:
    tolerance = course.exercise("03.2").tolerance
    answer = solution("03.2") + 0.99 * tolerance * np.asarray(noise)
    assert course.check("03.2", answer).correct


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4), st.floats(2.0, 50.0), st.sampled_from([-1, 1]))
def test_one_entry_off_by_more_than_the_tolerance_is_rejected(index, factor, sign) -> None:
    answer = solution("03.2").copy()
    answer[index] += sign * factor * course.exercise("03.2").tolerance
    assert not course.check("03.2", answer).correct


# -- the result --------------------------------------------------------------------------------------------------
def test_feedback_follows_the_result_protocol_in_both_languages() -> None:
    zh = course.check("03.3", 0.5)
    en = course.check("03.3", 0.5, language="en")
    assert zh.message == zh.message_zh and en.message == en.message_en
    assert str(zh).startswith("练习 03.3：再想想。") and str(en).startswith("Exercise 03.3: not yet.")
    assert "再想想" in zh._repr_html_() and "<strong>Feedback</strong>" in zh._repr_html_()
    assert zh.summary().columns.tolist() == ["exercise", "verdict", "mistake", "message"]
    json.dumps(zh.to_dict(), ensure_ascii=False, allow_nan=False)
    assert re.fullmatch(r"\d\d\.\d", zh.exercise)


def test_exercise_data_is_a_fresh_copy() -> None:
    first = course.exercise_data("03.2")
    first.iloc[0, 1] = 99
    assert course.exercise_data("03.2").iloc[0, 1] != 99
    assert course.check("03.2", solution("03.2")).correct
