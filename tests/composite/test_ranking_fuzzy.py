"""Fuzzy comprehensive evaluation: the textbook examples (one and two levels), the four operators written out, a
three-level tree, membership matrices from ratings, invariants, bad input."""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from ranking_helpers import CASES

from perfmethods.composite import FUZZY_OPERATORS, FuzzyEvaluationResult, fuzzy_comprehensive, membership_matrix
from perfmethods.errors import InputError


def _two_level_case():
    case = CASES["fuzzy_sishoukui_ex14_3_two_level"]
    inp = case["input"]
    R = pd.DataFrame(inp["R"], index=[f"u{i + 1}" for i in range(18)], columns=inp["grades"])
    parents, weights, start = {}, {}, 0
    for g, (size, local) in enumerate(zip(inp["group_sizes"], inp["factor_weights"], strict=True)):
        group = f"U{g + 1}"
        weights[group] = inp["group_weights"][g]
        for k in range(size):
            factor = f"u{start + k + 1}"
            parents[factor] = group
            weights[factor] = local[k]
        start += size
    return case, R, parents, weights


# --- reference cases ---------------------------------------------------------------------------------------
@pytest.mark.reference
def test_fuzzy_sishoukui_14_2_one_level():
    # fuzzy_sishoukui_14_2_one_level: 司守奎、孙玺菁《数学建模算法与应用》第14章 §14.2 (one-level example);
    # RabbitWhite1/Mathematical-Modeling-In-Python@5f07c9562cd6531f69f1c51776933a3741612c13 '14.2 模糊综合评判法.ipynb'
    case = CASES["fuzzy_sishoukui_14_2_one_level"]
    inp = case["input"]
    R = pd.DataFrame(inp["R"], index=inp["factors"], columns=inp["grades"])
    res = fuzzy_comprehensive(R, dict(zip(inp["factors"], inp["weights"], strict=True)))
    assert res.membership.to_numpy() == pytest.approx(case["expected"]["B"], abs=case["tolerance"]["abs"])
    assert res.grade == case["expected"]["grade"]


@pytest.mark.reference
def test_fuzzy_sishoukui_ex14_3_two_level():
    # fuzzy_sishoukui_ex14_3_two_level: 司守奎、孙玺菁《数学建模算法与应用》第14章 例14.3; data mhdata.txt and
    # weights of ex14_3.m in personqianduixue/Math_Model (commits in the case's source)
    case, R, parents, weights = _two_level_case()
    res = fuzzy_comprehensive(R, weights, parents=parents)
    assert res.membership.to_numpy() == pytest.approx(case["expected"]["B"], abs=case["tolerance"]["abs"])
    assert res.grade == case["expected"]["grade"]
    # the book's first-level vectors: b1 = w1 · R[1:4]
    assert res.levels.loc["U1", case["input"]["grades"]].to_numpy(dtype=float) == pytest.approx(
        np.array(case["input"]["factor_weights"][0]) @ np.array(case["input"]["R"][:4]))
    assert list(res.levels.index) == ["U1", "U2", "U3", "U4", "overall"]


def test_grade_scores_defuzzify_the_textbook_example():
    case, R, parents, weights = _two_level_case()
    scores = {"优秀": 95, "良好": 85, "一般": 75, "较差": 60, "差": 40}
    res = fuzzy_comprehensive(R, weights, parents=parents, grade_scores=scores)
    b = np.array(case["expected"]["B"])
    assert res.score == pytest.approx(float(b @ [95, 85, 75, 60, 40]), abs=1e-3)
    assert res.levels["score"].notna().all()
    assert fuzzy_comprehensive(R, weights, parents=parents, grade_scores=[95, 85, 75, 60, 40]).score == res.score


# --- the operators, written out ----------------------------------------------------------------------------
def _operator_direct(a, R, operator):
    n, m = len(a), len(R[0])
    if operator == "M(·,+)":
        return [sum(a[i] * R[i][j] for i in range(n)) for j in range(m)]
    if operator == "M(∧,∨)":
        return [max(min(a[i], R[i][j]) for i in range(n)) for j in range(m)]
    if operator == "M(·,∨)":
        return [max(a[i] * R[i][j] for i in range(n)) for j in range(m)]
    return [min(1.0, sum(min(a[i], R[i][j]) for i in range(n))) for j in range(m)]


@pytest.mark.parametrize("operator", FUZZY_OPERATORS)
def test_each_operator_matches_its_definition(operator):
    inp = CASES["fuzzy_sishoukui_14_2_one_level"]["input"]
    expected = _operator_direct(inp["weights"], inp["R"], operator)
    raw = fuzzy_comprehensive(inp["R"], inp["weights"], operator, normalize=False)
    assert raw.membership.to_numpy() == pytest.approx(expected, abs=1e-12)
    scaled = fuzzy_comprehensive(inp["R"], inp["weights"], operator)
    assert scaled.membership.to_numpy() == pytest.approx(np.array(expected) / sum(expected), abs=1e-12)


def test_worked_numbers_of_the_main_factor_operator():
    # M(∧,∨) on the one-level example: b_j = max_i min(a_i, r_ij)
    #   优秀: max(min(.25,.1), min(.2,.2), min(.25,.2), min(.3,.2)) = 0.2;  良好: max(.25, .2, .25, .3) = 0.3
    #   一般: max(.25, .2, .25, .2) = 0.25;  较差: max(0, .1, 0, 0) = 0.1;  差: 0
    inp = CASES["fuzzy_sishoukui_14_2_one_level"]["input"]
    res = fuzzy_comprehensive(inp["R"], inp["weights"], "M(min,max)", normalize=False)
    assert res.membership.tolist() == pytest.approx([0.2, 0.3, 0.25, 0.1, 0.0])
    assert res.operator == "M(∧,∨)"


def test_three_level_tree_equals_composing_by_hand():
    rng = np.random.default_rng(7)
    R = rng.dirichlet(np.ones(4), size=6)
    frame = pd.DataFrame(R, index=list("abcdef"), columns=["优", "良", "中", "差"])
    parents = {"a": "G1", "b": "G1", "c": "G2", "d": "G2", "e": "G3", "f": "G3", "G1": "T1", "G2": "T1", "G3": "T2"}
    w = {"a": 0.6, "b": 0.4, "c": 0.5, "d": 0.5, "e": 0.3, "f": 0.7, "G1": 0.3, "G2": 0.7, "G3": 1.0,
         "T1": 0.8, "T2": 0.2}
    g1 = 0.6 * R[0] + 0.4 * R[1]
    g2 = 0.5 * R[2] + 0.5 * R[3]
    g3 = 0.3 * R[4] + 0.7 * R[5]
    t1 = 0.3 * g1 + 0.7 * g2
    overall = 0.8 * t1 + 0.2 * g3
    res = fuzzy_comprehensive(frame, w, parents=parents)
    assert res.membership.to_numpy() == pytest.approx(overall, abs=1e-12)
    assert res.levels.loc["T1", ["优", "良", "中", "差"]].to_numpy(dtype=float) == pytest.approx(t1)
    # weights are relative within each group: points work as well as shares
    points = {k: v * 10 for k, v in w.items()}
    assert fuzzy_comprehensive(frame, points, parents=parents).membership.to_numpy() == pytest.approx(overall)


# --- membership matrices from ratings ----------------------------------------------------------------------
def test_membership_from_counts_and_from_long_ratings_agree():
    counts = pd.DataFrame({"优": [2, 0], "良": [6, 5], "中": [2, 5], "差": [0, 0]}, index=["质量", "时效"])
    R = membership_matrix(counts)
    assert R.to_numpy() == pytest.approx(np.array([[0.2, 0.6, 0.2, 0.0], [0.0, 0.5, 0.5, 0.0]]))
    ratings = pd.DataFrame({
        "指标": ["质量"] * 10 + ["时效"] * 10,
        "评语": ["优"] * 2 + ["良"] * 6 + ["中"] * 2 + ["良"] * 5 + ["中"] * 5,
    })
    long = membership_matrix(ratings, factor="指标", grade="评语", grades=["优", "良", "中", "差"])
    pd.testing.assert_frame_equal(long, R)
    assert membership_matrix(counts.to_numpy(), grades=["优", "良", "中", "差"]).to_numpy() == pytest.approx(
        R.to_numpy())


def test_membership_matrix_bad_input():
    with pytest.raises(InputError, match="no evaluator rated") as err:
        membership_matrix(pd.DataFrame({"优": [1, 0], "良": [1, 0]}, index=["质量", "时效"]))
    assert err.value.location["factor"] == "时效"
    with pytest.raises(InputError, match="every count must be 0 or more; got -1") as err:
        membership_matrix(pd.DataFrame({"优": [1, -1], "良": [1, 2]}, index=["质量", "时效"]))
    assert err.value.location == {"factor": "时效", "grade": "优"}
    ratings = pd.DataFrame({"指标": ["质量", "质量"], "评语": ["优", "很好"]})
    with pytest.raises(InputError, match="'很好' is not one of") as err:
        membership_matrix(ratings, factor="指标", grade="评语", grades=["优", "良"])
    assert err.value.location["row"] == 2
    with pytest.raises(InputError, match="names no factor") as err:
        membership_matrix(pd.DataFrame({"指标": ["质量", None], "评语": ["优", "良"]}), factor="指标", grade="评语")
    assert err.value.location == {"row": 2, "column": "指标"}
    with pytest.raises(InputError, match="give both 'factor' and 'grade'"):
        membership_matrix(ratings, factor="指标")


# --- invariants --------------------------------------------------------------------------------------------
@st.composite
def evaluations(draw):
    n = draw(st.integers(1, 6))
    m = draw(st.integers(2, 5))
    raw = draw(arrays(float, (n, m), elements=st.floats(0.0, 1.0)))
    raw[:, 0] += 1e-3
    R = raw / raw.sum(axis=1, keepdims=True)
    w = draw(arrays(float, (n,), elements=st.floats(0.01, 1.0)))
    return R, w


@pytest.mark.property
@settings(max_examples=80)
@given(evaluations(), st.sampled_from(FUZZY_OPERATORS), st.booleans())
def test_memberships_stay_in_zero_one(ev, operator, normalize):
    R, w = ev
    b = fuzzy_comprehensive(R, w, operator, normalize=normalize).membership.to_numpy()
    assert np.all((b >= 0) & (b <= 1 + 1e-12))


@pytest.mark.property
@settings(max_examples=80)
@given(evaluations())
def test_weighted_average_keeps_the_sum_of_memberships(ev):
    R, w = ev
    b = fuzzy_comprehensive(R, w, "M(·,+)", normalize=False).membership.to_numpy()
    assert b.sum() == pytest.approx(1.0)


# --- bad input ---------------------------------------------------------------------------------------------
def test_rows_must_sum_to_one_within_the_stated_tolerance():
    ok = [[0.33, 0.33, 0.33], [0.5, 0.5, 0.0]]  # typed to two decimals: sums 0.99 pass (tolerance 0.011)
    fuzzy_comprehensive(ok, [0.5, 0.5])
    bad = pd.DataFrame([[0.3, 0.3, 0.3], [0.5, 0.5, 0.0]], index=["质量", "时效"], columns=["优", "良", "中"])
    with pytest.raises(InputError, match=r"must sum to 1 \(within 0.011\); this row sums to 0.9") as err:
        fuzzy_comprehensive(bad, [0.5, 0.5])
    assert err.value.location == {"factor": "质量"}


def test_bad_input_is_named():
    R = pd.DataFrame([[0.5, 0.5], [1.2, -0.2]], index=["质量", "时效"], columns=["优", "良"])
    with pytest.raises(InputError, match=r"in \[0, 1\]") as err:
        fuzzy_comprehensive(R, [0.5, 0.5])
    assert err.value.location == {"factor": "时效", "grade": "优"}
    R = pd.DataFrame([[0.5, 0.5], [0.2, 0.8]], index=["质量", "时效"], columns=["优", "良"])
    with pytest.raises(InputError, match=r"one weight per factor \(2\).*got 1 instead"):
        fuzzy_comprehensive(R, [1.0])
    with pytest.raises(InputError, match="no weight") as err:
        fuzzy_comprehensive(R, {"质量": 1.0, "G": 1.0}, parents={"质量": "G", "时效": "G"})
    assert err.value.location == {"node": "时效"}
    with pytest.raises(InputError, match="must be a mapping"):
        fuzzy_comprehensive(R, [0.5, 0.5, 1.0], parents={"质量": "G", "时效": "G"})
    with pytest.raises(InputError, match="cycle"):
        fuzzy_comprehensive(R, {"质量": 1, "时效": 1, "G": 1, "H": 1}, parents={"质量": "G", "G": "H", "H": "G"})
    with pytest.raises(InputError, match="'operator' parameter of fuzzy_comprehensive must be one of"):
        fuzzy_comprehensive(R, [0.5, 0.5], operator="M(+,+)")
    with pytest.raises(InputError, match="'grade_scores'"):
        fuzzy_comprehensive(R, [0.5, 0.5], grade_scores={"优": 95})
    with pytest.raises(InputError, match="numbers >= 0") as err:
        fuzzy_comprehensive(R, [0.5, -1.0])
    assert err.value.location == {"node": "时效"}


# --- the result --------------------------------------------------------------------------------------------
def test_result_protocol():
    case, R, parents, weights = _two_level_case()
    res = fuzzy_comprehensive(R, weights, parents=parents, grade_scores=[95, 85, 75, 60, 40])
    assert isinstance(res, FuzzyEvaluationResult)
    assert res.summary()["node"].tolist() == ["U1", "U2", "U3", "U4", "overall"]
    out = res.to_dict()
    json.dumps(out, allow_nan=False, ensure_ascii=False)
    assert out["grade"] == "良好" and out["membership"]["良好"] == pytest.approx(0.354)
    assert len(repr(res).splitlines()) <= 20
    fig, ax = plt.subplots()
    assert res.plot(ax=ax, language="zh") is ax and "良好" in ax.get_title()
    assert res.plot(ax=ax, language="en") is ax
    plt.close(fig)
