"""Lesson 04 (熵权与组合赋权): every checker accepts its solution, names each typical mistake from a wrong answer
computed here by hand (numpy), answers a malformed answer with the form it expects, and never shows the answer.

The reference answers are the library's (perfmethods.weighting; tests/weighting/test_objective.py reproduces
published entropy weights — Xu 2004, Elsayed et al. 2017, Zavadskas & Podvezko 2016 — and CRITIC weights of Tuş &
Adalı 2019 through pymcdm@76e7735); the hand computations below follow the lesson's formulas, so they also show that
the lesson's steps give the library's numbers.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import xlogy

from perfmethods import course
from perfmethods.course.objective_weight_exercises import (
    DISTRICT,
    INDICATORS,
    ahp_matrix,
    directions,
    exercise_table,
    indicator_table,
    weight_inputs,
)
from perfmethods.weighting import ahp, critic_weights

IDS = ("04.1", "04.2", "04.3", "04.4", "04.5")


def solution(exercise_id: str):
    item = course.exercise(exercise_id)
    return item.solve(item.data())


def verdict(exercise_id: str, answer) -> tuple[str, str]:
    feedback = course.check(exercise_id, answer)
    return feedback.verdict, feedback.mistake


# -- the lesson's steps by hand --------------------------------------------------------------------------------
X = exercise_table()[list(INDICATORS)]  # the ten administrative districts
ALL = indicator_table()[list(INDICATORS)]  # with the six functional zones
COST = np.array([directions()[c] == "cost" for c in INDICATORS])


def minmax(x: pd.DataFrame, cost: np.ndarray = COST) -> pd.DataFrame:
    lo, hi = x.min(), x.max()
    return pd.DataFrame(np.where(cost, (hi - x) / (hi - lo), (x - lo) / (hi - lo)), index=x.index, columns=x.columns)


def entropy(z: pd.DataFrame, base: float = np.e) -> np.ndarray:
    """e_j = −(1/log m) Σ p log p in the given base (0 log 0 = 0)."""
    p = z / z.sum()
    return -(xlogy(p, p) / np.log(base)).sum().to_numpy() / (np.log(len(z)) / np.log(base))


def weights_from(e: np.ndarray) -> np.ndarray:
    return (1 - e) / (1 - e).sum()


E = entropy(minmax(X))
J6 = INDICATORS.index("X6")


def test_the_exercises_evaluate_the_ten_administrative_districts() -> None:
    assert len(X) == 10 and len(ALL) == 16 and DISTRICT in X.index
    assert list(COST) == [False] * 5 + [True] * 2  # X6 and X7 are cost indicators


def test_the_lessons_steps_by_hand_give_the_librarys_answers() -> None:
    assert np.allclose(minmax(X).loc[DISTRICT].to_numpy(), solution("04.1"))
    assert np.isclose(E[J6], solution("04.2"))
    assert np.allclose(weights_from(E), solution("04.3"))
    w = weight_inputs()
    assert np.allclose(w["AHP权重"], ahp(ahp_matrix()).weights.reindex(list(INDICATORS)))
    product = w["AHP权重"] * w["熵权"]
    assert np.allclose(product / product.sum(), solution("04.4"))
    assert solution("04.5") == str((product / product.sum() - w["AHP权重"]).idxmax())


# -- every solution is accepted, also as a trainee would type it ------------------------------------------------
@pytest.mark.parametrize("exercise_id", IDS)
def test_the_solution_is_accepted(exercise_id: str) -> None:
    assert course.check(exercise_id, solution(exercise_id)).correct


def test_answers_rounded_as_the_exercises_ask_are_accepted() -> None:
    for exercise_id in ("04.1", "04.3", "04.4"):
        assert course.check(exercise_id, np.round(solution(exercise_id), 3)).correct, exercise_id
    assert course.check("04.2", round(solution("04.2"), 3)).correct
    labelled = pd.Series(np.round(solution("04.3"), 3), index=list(INDICATORS))
    assert course.check("04.3", labelled.iloc[::-1]).correct
    assert course.check("04.3", dict(labelled)).correct


def test_log10_instead_of_ln_is_harmless() -> None:
    """k = 1/log10(m) with Σ p log10 p gives the same entropy as ln: the base cancels (the lesson says so)."""
    e10 = entropy(minmax(X), base=10.0)
    assert np.allclose(e10, E)
    assert course.check("04.2", e10[J6]).correct
    assert course.check("04.3", weights_from(e10)).correct


# -- typical mistakes are named ----------------------------------------------------------------------------------
def _row(frame: pd.DataFrame) -> np.ndarray:
    return frame.loc[DISTRICT].to_numpy()


def _shifted(z: pd.DataFrame) -> np.ndarray:
    return entropy(z + 0.01)


def _mixed_logs() -> float:
    p = minmax(X) / minmax(X).sum()
    return float(-(xlogy(p, p) / np.log(10)).sum().to_numpy()[J6] / np.log(len(X)))


def _inputs() -> tuple[np.ndarray, np.ndarray]:
    w = weight_inputs()
    return w["AHP权重"].to_numpy(), w["熵权"].to_numpy()


def _game_theory() -> np.ndarray:
    a, e = _inputs()
    W = np.column_stack([a, e])
    G = W.T @ W
    alpha = np.abs(np.linalg.solve(G, np.diag(G)))
    return W @ (alpha / alpha.sum())


MISTAKES = [
    ("04.1", lambda: _row(minmax(X, cost=np.zeros(7, dtype=bool))), "forgot_cost"),
    ("04.1", lambda: _row(X / X.sum()), "column_sums"),
    ("04.1", lambda: _row(X / X.max()), "divided_by_max"),
    ("04.1", lambda: minmax(X).loc["庄河市"].to_numpy(), "other_district"),
    ("04.1", lambda: _row(minmax(ALL)), "all_districts"),
    ("04.2", lambda: 1 - E[J6], "divergence"),
    ("04.2", lambda: E[J6] * np.log(len(X)), "forgot_k"),
    ("04.2", _mixed_logs, "mixed_logs"),
    ("04.2", lambda: entropy(minmax(X, cost=np.zeros(7, dtype=bool)))[J6], "forgot_cost"),
    ("04.2", lambda: entropy(X)[J6], "raw_data"),
    ("04.2", lambda: _shifted(minmax(X))[J6], "shifted"),
    ("04.2", lambda: entropy(minmax(ALL))[J6], "all_districts"),
    ("04.3", lambda: 1 - E, "not_normalised"),
    ("04.3", lambda: E / E.sum(), "entropy_not_divergence"),
    ("04.3", lambda: weights_from(entropy(minmax(X, cost=np.zeros(7, dtype=bool)))), "forgot_cost"),
    ("04.3", lambda: weights_from(entropy(X)), "raw_data"),
    ("04.3", lambda: weights_from(_shifted(minmax(X))), "shifted"),
    ("04.3", lambda: weights_from(entropy(minmax(ALL))), "all_districts"),
    ("04.3", lambda: critic_weights(X, directions=directions()).weights, "critic"),
    ("04.4", lambda: np.prod(_inputs(), axis=0), "not_normalised"),
    ("04.4", lambda: (_inputs()[0] + _inputs()[1]) / 2, "linear"),
    ("04.4", lambda: (lambda g: g / g.sum())(np.sqrt(np.prod(_inputs(), axis=0))), "geometric_mean"),
    ("04.4", _game_theory, "game_theory"),
    ("04.5", lambda: INDICATORS[int(np.argmax(solution("04.4")))], "largest_combined"),
    ("04.5", lambda: INDICATORS[int(np.argmax(_inputs()[1]))], "other_comparison"),
    ("04.5", lambda: INDICATORS[int(np.argmax(np.mean(_inputs(), axis=0) - _inputs()[0]))], "other_comparison"),
    ("04.5", lambda: INDICATORS[int(np.argmax(solution("04.4") / _inputs()[0]))], "other_comparison"),
    ("04.5", lambda: INDICATORS[int(np.argmin(solution("04.4") - _inputs()[0]))], "reversed"),
]


@pytest.mark.parametrize("exercise_id, wrong, code", MISTAKES)
def test_typical_mistakes_are_named(exercise_id: str, wrong, code: str) -> None:
    assert verdict(exercise_id, wrong()) == ("mistake", code)


def test_every_mistake_of_the_lesson_is_tested() -> None:
    tested = {(e, c) for e, _, c in MISTAKES}
    for exercise_id in IDS:
        codes = {m.code for m in course.exercise(exercise_id).mistakes}
        assert codes == {c for e, c in tested if e == exercise_id}, exercise_id
        assert len(codes) >= 2


def test_the_wrong_answers_differ_from_the_solution() -> None:
    """A mistake test is only a test if the wrong answer is wrong: none lies within the tolerance."""
    for exercise_id, wrong, _ in MISTAKES:
        assert not course.check(exercise_id, wrong()).correct


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("04.3", [1 / 7] * 7)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "1 − e_j" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise_id, answer, words", [
    ("04.1", [0.2, 0.3], "应有 7 个数"),
    ("04.3", pd.Series([0.1] * 7, index=list("abcdefg")), "标签应为"),
    ("04.3", [0.1, 0.2, np.nan, 0.1, 0.1, 0.1, 0.1], "空值"),
    ("04.2", "e6", "一个数"),
    ("04.4", "0.2, 0.3", "一列数"),
    ("04.5", "x5", "请从以下选项中选择"),
    ("04.5", "人均财政科技支出", "请从以下选项中选择"),
])
def test_answers_in_the_wrong_form_say_what_form_is_expected(exercise_id, answer, words) -> None:
    feedback = course.check(exercise_id, answer)
    assert feedback.verdict == "malformed" and words in feedback.message_zh


# -- never give the answer away ----------------------------------------------------------------------------------
@pytest.mark.parametrize("exercise_id", IDS)
def test_feedback_never_shows_the_expected_numbers(exercise_id: str) -> None:
    expected = np.atleast_1d(np.asarray(solution(exercise_id), dtype=object)).ravel()
    answers = [None, 0.5, [0.2] * 7, "X1", *(w() for e, w, _ in MISTAKES if e == exercise_id)]
    shown = " ".join(
        f.message_zh + f.message_en + f._repr_html_() + str(f)
        for f in (course.check(exercise_id, a) for a in answers)
        for f in (f, course.check(exercise_id, answers[1], language="en"))
    )
    for value in expected:
        if isinstance(value, float):
            for text in (f"{value:.3f}", f"{value:.4f}", f"{value:.2%}"):
                assert text not in shown, text
        else:  # the choice: the right indicator's code or name is never named
            assert f"“{value}”" not in shown and f" {value} " not in shown


# -- properties of the checking ----------------------------------------------------------------------------------
@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["04.1", "04.3", "04.4"]), st.lists(st.floats(-1, 1), min_size=7, max_size=7))
def test_anything_within_the_tolerance_is_accepted(exercise_id, noise) -> None:
    tolerance = course.exercise(exercise_id).tolerance
    assert course.check(exercise_id, solution(exercise_id) + 0.99 * tolerance * np.asarray(noise)).correct


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["04.1", "04.3", "04.4"]), st.integers(0, 6), st.floats(2.0, 50.0), st.sampled_from([-1, 1]))
def test_one_entry_off_by_more_than_the_tolerance_is_rejected(exercise_id, index, factor, sign) -> None:
    answer = np.array(solution(exercise_id), dtype=float)
    answer[index] += sign * factor * course.exercise(exercise_id).tolerance
    assert not course.check(exercise_id, answer).correct


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(INDICATORS))
def test_every_wrong_choice_is_rejected_and_the_right_one_accepted(choice) -> None:
    feedback = course.check("04.5", choice)
    assert feedback.correct == (choice == solution("04.5"))


def test_exercise_data_is_a_fresh_copy() -> None:
    table = course.exercise_data("04.1")
    table.loc[DISTRICT, "X1"] = 0.0
    inputs = course.exercise_data("04.4")
    inputs["熵权"] = 1.0
    assert course.exercise_data("04.1").loc[DISTRICT, "X1"] != 0.0
    for exercise_id in ("04.1", "04.4"):
        assert course.check(exercise_id, solution(exercise_id)).correct
