"""TOPSIS: the published cases for each normalisation, invariants (hypothesis), bad input, the result protocol."""

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
from ranking_helpers import CASES, decision_matrices, positive_weights

from perfmethods.composite import TopsisResult, topsis
from perfmethods.errors import InputError


# --- reference cases ---------------------------------------------------------------------------------------
@pytest.mark.reference
def test_topsis_opricovic_tzeng_2004_minmax():
    # topsis_opricovic_tzeng_2004_minmax: kotbaton/pymcdm@76e773513ae9a259522e2289b271967f07a1d418
    # test/test_mcdm.py::TestTOPSIS; data of Opricovic & Tzeng (2004) EJOR 156(2):445-455
    case = CASES["topsis_opricovic_tzeng_2004_minmax"]
    inp = case["input"]
    res = topsis(inp["matrix"], inp["weights"], inp["types"], normalization="minmax")
    assert res.closeness.to_numpy() == pytest.approx(case["expected"]["closeness_3dp"], abs=case["tolerance"]["abs"])
    assert res.rank.tolist() == [2, 1, 2]  # units 1 and 3 tie at 0.5


@pytest.mark.reference
def test_topsis_opricovic_tzeng_2004_vector_notes():
    # the notes of topsis_opricovic_tzeng_2004_minmax: vector normalisation gives [0.7621, 0.7222, 0.2379]
    # (computed independently and by pymcdm TOPSIS(vector_normalization)) — a different ranking from min–max
    inp = CASES["topsis_opricovic_tzeng_2004_minmax"]["input"]
    res = topsis(inp["matrix"], inp["weights"], inp["types"], normalization="vector")
    assert res.closeness.to_numpy() == pytest.approx([0.7621, 0.7222, 0.2379], abs=5e-5)
    assert res.rank.tolist() == [1, 2, 3]


@pytest.mark.reference
def test_topsis_skcriteria_unnormalised():
    # topsis_skcriteria_unnormalised: quatrope/scikit-criteria@35f17eeeafd80d666aac740be7c4eba9b14359b8
    # tests/agg/test_topsis.py::test_TOPSIS (raw matrix, unit weights)
    case = CASES["topsis_skcriteria_unnormalised"]
    exp, tol = case["expected"], case["tolerance"]["abs"]
    res = topsis(case["input"]["matrix"], [1, 1, 1], ["max"] * 3, normalization=None)
    assert res.closeness.to_numpy() == pytest.approx(exp["similarity"], abs=tol)
    assert res.rank.tolist() == exp["rank"]
    # scikit-criteria weights the raw matrix by the unit weights as given; perfmethods rescales the weights to sum
    # to 1, so its weighted matrix (and ideal points) are scikit-criteria's divided by Σw = 3
    assert (res.ideal * 3).to_numpy() == pytest.approx(exp["ideal"], abs=tol)
    assert (res.anti_ideal * 3).to_numpy() == pytest.approx(exp["anti_ideal"], abs=tol)


@pytest.mark.reference
def test_topsis_jmcdm_vector():
    # topsis_jmcdm_vector: jbytecode/JMcDM@9bd395a4cc21d8e57d16656cdf2961ac523bc491 test/mcdm/testtopsis.jl
    case = CASES["topsis_jmcdm_vector"]
    res = topsis(case["input"]["matrix"], case["input"]["weights"])
    assert res.closeness.to_numpy() == pytest.approx(case["expected"]["closeness"], abs=case["tolerance"]["abs"])
    assert res.rank.tolist().index(1) + 1 == case["expected"]["best_1based"]


def test_topsis_matches_the_textbook_steps():
    """A direct implementation of Hwang & Yoon's steps (loops over units, no shared code) on a cost/benefit mix."""
    X = np.array([[250, 16, 12, 5], [200, 16, 8, 3], [300, 32, 16, 4], [275, 32, 8, 4], [225, 16, 16, 2]], float)
    w = np.array([0.25, 0.25, 0.25, 0.25])
    cost = [True, False, False, False]
    r = X / np.sqrt((X ** 2).sum(axis=0))
    v = r * w
    best = [v[:, j].min() if cost[j] else v[:, j].max() for j in range(4)]
    worst = [v[:, j].max() if cost[j] else v[:, j].min() for j in range(4)]
    expected = []
    for i in range(5):
        dp = sum((v[i, j] - best[j]) ** 2 for j in range(4)) ** 0.5
        dm = sum((v[i, j] - worst[j]) ** 2 for j in range(4)) ** 0.5
        expected.append(dm / (dp + dm))
    res = topsis(X, w, ["cost", "benefit", "benefit", "benefit"])
    assert res.closeness.to_numpy() == pytest.approx(expected, rel=1e-12)


# --- invariants --------------------------------------------------------------------------------------------
@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(), st.sampled_from(["vector", "minmax", None]), st.data())
def test_closeness_is_in_unit_interval(X, normalization, data):
    w = data.draw(positive_weights(X.shape[1]))
    d = data.draw(st.lists(st.sampled_from(["benefit", "cost"]), min_size=X.shape[1], max_size=X.shape[1]))
    res = topsis(X, w, d, normalization=normalization)
    c = res.closeness.to_numpy()
    assert np.all((c >= -1e-12) & (c <= 1 + 1e-12))
    assert res.rank.min() == 1 and res.rank.max() <= len(c)


@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(), st.sampled_from(["vector", "minmax"]), st.data())
def test_positive_scaling_of_a_criterion_changes_nothing(X, normalization, data):
    j = data.draw(st.integers(0, X.shape[1] - 1))
    factor = data.draw(st.floats(0.01, 1000.0))
    w = data.draw(positive_weights(X.shape[1]))
    scaled = X.copy()
    scaled[:, j] *= factor
    a = topsis(X, w, normalization=normalization).closeness.to_numpy()
    b = topsis(scaled, w, normalization=normalization).closeness.to_numpy()
    assert b == pytest.approx(a, abs=1e-9)


@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(min_units=2, max_units=7), st.sampled_from(["vector", "minmax", None]), st.data())
def test_the_ideal_alternative_ranks_first(X, normalization, data):
    d = np.array(data.draw(st.lists(st.sampled_from([1, -1]), min_size=X.shape[1], max_size=X.shape[1])))
    ideal = np.where(d > 0, X.max(axis=0), X.min(axis=0))
    res = topsis(np.vstack([X, ideal]), data.draw(positive_weights(X.shape[1])), d.tolist(),
                 normalization=normalization)
    assert res.rank.iloc[-1] == 1
    assert res.closeness.iloc[-1] == pytest.approx(1.0)


@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(min_units=2, max_units=7), st.sampled_from(["vector", "minmax", None]), st.data())
def test_dominance_is_respected(X, normalization, data):
    """A unit at least as good on every indicator as another (and better on one) is not ranked below it."""
    i = data.draw(st.integers(0, X.shape[0] - 1))
    better = X[i] + np.array(data.draw(st.lists(st.sampled_from([0.0, 0.5, 3.0]), min_size=X.shape[1],
                                                max_size=X.shape[1])))
    better[0] += 1.0
    res = topsis(np.vstack([X, better]), data.draw(positive_weights(X.shape[1])), normalization=normalization)
    assert res.closeness.iloc[-1] >= res.closeness.iloc[i] - 1e-12


@pytest.mark.property
def test_a_planted_best_district_is_found_under_noise():
    """Simulated districts: one spends its money best by design (+2 sd on each of five indicators); TOPSIS ranks it
    first in about 99 % of replications (a broken ranking would find it in about 1 in 12)."""
    rng = np.random.default_rng(20240601)
    hits = 0
    for _ in range(200):
        X = rng.normal(50.0, 5.0, size=(12, 5))
        X[7] += 10.0
        hits += topsis(X).rank.iloc[7] == 1
    assert hits >= 190  # Binomial(200, 0.99): mean 198, sd 1.4


# --- bad input ---------------------------------------------------------------------------------------------
def _frame():
    return pd.DataFrame({"生均经费": [1.2, 1.5, 0.9], "升学率": [0.8, 0.85, 0.7]}, index=["甲区", "乙区", "丙区"])


def test_constant_indicator_is_named():
    X = _frame().assign(师生比=[15.0, 15.0, 15.0])
    with pytest.raises(InputError, match="师生比") as err:
        topsis(X)
    assert err.value.location["indicator"] == "师生比"


def test_missing_value_names_unit_and_indicator():
    X = _frame()
    X.loc["乙区", "升学率"] = np.nan
    with pytest.raises(InputError) as err:
        topsis(X)
    assert err.value.location == {"unit": "乙区", "indicator": "升学率"}
    assert str(err.value).startswith("indicator '升学率', unit '乙区': ")


@pytest.mark.parametrize("weights, fragment", [
    ([1.0], r"one weight per indicator \(2\).*got 1 instead"),
    ({"生均经费": 1.0}, r"no weight for the indicator\(s\) \['升学率'\]"),
    ({"生均经费": 1.0, "升学率": 1.0, "班额": 1.0}, r"not in the data: \['班额'\]"),
    ([1.0, -0.5], "numbers >= 0"),
    ([0.0, 0.0], "positive sum"),
])
def test_weights_must_match_the_indicators(weights, fragment):
    with pytest.raises(InputError, match=fragment):
        topsis(_frame(), weights)


def test_bad_direction_and_normalisation_and_single_unit():
    with pytest.raises(InputError, match="'directions'") as err:
        topsis(_frame(), directions=["benefit", "sideways"])
    assert err.value.location["indicator"] == "升学率"
    with pytest.raises(InputError, match="'normalization' parameter of topsis must be one of"):
        topsis(_frame(), normalization="zscore")
    with pytest.raises(InputError, match="at least 2 units"):
        topsis(_frame().iloc[:1])
    with pytest.raises(InputError, match="the value 'a' is not a number") as err:
        topsis(_frame().assign(备注=["a", "b", "c"]))
    assert err.value.location == {"unit": "甲区", "indicator": "备注"}


def test_directions_accept_the_package_spellings():
    base = topsis(_frame(), directions=["benefit", "cost"]).closeness
    for spelling in (["正向", "负向"], ["≥", "≤"], [1, -1], {"升学率": "反向", "生均经费": "max"}):
        assert topsis(_frame(), directions=spelling).closeness.to_numpy() == pytest.approx(base.to_numpy())


# --- the result --------------------------------------------------------------------------------------------
def test_result_is_tidy_and_indexed_by_unit():
    res = topsis(_frame(), {"生均经费": 2, "升学率": 1}, normalization="minmax")
    assert isinstance(res, TopsisResult)
    frame = res.to_frame()
    assert list(frame.index) == ["甲区", "乙区", "丙区"] and frame.index.name == "unit"
    assert list(frame.columns) == ["closeness", "rank", "distance_ideal", "distance_anti_ideal"]
    assert res.summary()["unit"].iloc[0] == res.best == "乙区"
    assert res.weights.to_numpy() == pytest.approx([2 / 3, 1 / 3])
    out = res.to_dict()
    json.dumps(out, allow_nan=False, ensure_ascii=False)
    assert out["normalization"] == "minmax" and out["units"][0]["unit"] == "乙区"
    assert len(repr(res).splitlines()) <= 20 and "乙区" in res._repr_html_()
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert res.plot(ax=ax, language=language) is ax
    assert ax.get_title() == "TOPSIS relative closeness"
    plt.close(fig)
