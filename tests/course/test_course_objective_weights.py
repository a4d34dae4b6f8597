"""Lesson 04 (熵权与组合赋权): rounded and labelled answers are accepted, each typical mistake is named from a
wrong answer computed here by hand (numpy), and a malformed answer gets the form it expects.

The reference answers are the library's (perfmethods.weighting; tests/weighting/test_objective.py reproduces
published entropy weights — Xu 2004, Elsayed et al. 2017, Zavadskas & Podvezko 2016 — and CRITIC weights of Tuş &
Adalı 2019 through pymcdm@76e7735); the hand computations below follow the lesson's formulas, so they also show that
the lesson's steps give the library's numbers.

What every exercise keeps (the solution accepted, the tolerance, a fresh copy of the data, no answer given
away) is tested for all lessons in test_course_protocol.py; the MISTAKES table is checked by course_support.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from course_support import FormTable, MistakeTable, solution
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


class TestMistakes(MistakeTable):
    lesson = "04"
    table = MISTAKES


def test_an_unrecognised_wrong_answer_gets_the_hint() -> None:
    feedback = course.check("04.3", [1 / 7] * 7)
    assert feedback.verdict == "mistake" and feedback.mistake == "" and "1 − e_j" in feedback.message_zh


# -- the answer's form -------------------------------------------------------------------------------------------
FORMS = [
    ("04.1", [0.2, 0.3], "应有 7 个数"),
    ("04.3", pd.Series([0.1] * 7, index=list("abcdefg")), "标签应为"),
    ("04.3", [0.1, 0.2, np.nan, 0.1, 0.1, 0.1, 0.1], "空值"),
    ("04.2", "e6", "一个数"),
    ("04.4", "0.2, 0.3", "一列数"),
    ("04.5", "x5", "请从以下选项中选择"),
    ("04.5", "人均财政科技支出", "请从以下选项中选择"),
]


class TestForms(FormTable):
    table = FORMS


# -- properties of the checking ----------------------------------------------------------------------------------


