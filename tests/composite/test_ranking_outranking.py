"""COINr's outranking matrix and Copeland scores: the COINr test case, the definition written out, invariants."""

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

from perfmethods.composite import OutrankingResult, outranking_matrix
from perfmethods.errors import InputError


# --- reference case ----------------------------------------------------------------------------------------
@pytest.mark.reference
def test_coinr_outranking_and_copeland():
    # coinr_aggregation_functions: bluefoxr/COINr@b9682034635df03279896b6cb025cd3534f82cbb
    # tests/testthat/test-aggregate.R ('outranking' l.150, 'copeland')
    case = CASES["coinr_aggregation_functions"]
    exp, tol = case["expected"], case["tolerance"]["abs"]
    res = outranking_matrix(pd.DataFrame(case["input"]["outrank_df"]))
    e = res.matrix.to_numpy()
    # R's OutRankMatrix[i, j] is 1-based
    assert e[1, 0] == pytest.approx(exp["OutRankMatrix[2,1]"], abs=tol)
    assert e[2, 0] == pytest.approx(exp["OutRankMatrix[3,1]"], abs=tol)
    assert e[3, 0] == pytest.approx(exp["OutRankMatrix[4,1]"], abs=tol)
    assert np.diag(e).tolist() == exp["diag"]
    assert res.n_dominant == exp["nDominant"]
    assert res.frac_dominant == pytest.approx(exp["fracDominant"])
    # "Copeland: rowSums of sign(orm-0.5) with ties 0; two units (1,2) vs (2,1) -> [0,0]"
    assert outranking_matrix(pd.DataFrame({"a": [1, 2], "b": [2, 1]})).copeland.tolist() == [0, 0]


def test_copeland_of_the_coinr_data_written_out():
    X = pd.DataFrame(CASES["coinr_aggregation_functions"]["input"]["outrank_df"]).to_numpy(dtype=float)
    m, n = X.shape
    e = np.zeros((m, m))
    for i in range(m):
        for j in range(m):
            if i != j:
                e[i, j] = sum((X[i, k] > X[j, k]) + 0.5 * (X[i, k] == X[j, k]) for k in range(n)) / n
    copeland = [sum(1 if e[i, j] > 0.5 else -1 if e[i, j] < 0.5 else 0 for j in range(m) if j != i)
                for i in range(m)]
    res = outranking_matrix(X)
    assert res.matrix.to_numpy() == pytest.approx(e)
    assert res.copeland.tolist() == copeland == [-1, 1, -3, 3]
    assert res.rank.tolist() == [3, 2, 4, 1]


def test_weights_and_directions():
    X = pd.DataFrame({"a": [1.0, 2.0], "b": [5.0, 3.0], "c": [1.0, 0.0]}, index=["甲", "乙"])
    res = outranking_matrix(X, weights={"a": 3, "b": 1, "c": 1})
    assert res.matrix.loc["乙", "甲"] == pytest.approx(0.6)  # 乙 wins a (weight 3/5)
    assert res.copeland.to_dict() == {"甲": -1.0, "乙": 1.0}
    flipped = outranking_matrix(X, weights=[3, 1, 1], directions=["cost", "benefit", "benefit"])
    assert flipped.matrix.loc["甲", "乙"] == pytest.approx(1.0) and flipped.n_dominant == 1


# --- invariants --------------------------------------------------------------------------------------------
@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(max_units=9), st.data())
def test_pairs_share_the_weight_and_copeland_sums_to_zero(X, data):
    res = outranking_matrix(X, weights=data.draw(positive_weights(X.shape[1])))
    e = res.matrix.to_numpy()
    off = ~np.eye(len(e), dtype=bool)
    assert (e + e.T)[off] == pytest.approx(np.ones(off.sum()))
    assert res.copeland.sum() == 0
    assert np.all(np.abs(res.copeland.to_numpy()) <= len(e) - 1)
    assert 0.0 <= res.frac_dominant <= 1.0


@pytest.mark.property
@settings(max_examples=40)
@given(decision_matrices(max_units=7))
def test_a_unit_better_on_everything_beats_all(X):
    top = X.max(axis=0) + 1.0
    res = outranking_matrix(np.vstack([X, top]))
    assert res.copeland.iloc[-1] == len(X) and res.rank.iloc[-1] == 1
    assert (res.matrix.to_numpy()[-1, :-1] == 1.0).all()


# --- bad input and the result ------------------------------------------------------------------------------
def test_bad_input_and_result_protocol():
    X = pd.DataFrame({"a": [1.0, np.nan], "b": [2.0, 1.0]}, index=["甲", "乙"])
    with pytest.raises(InputError) as err:
        outranking_matrix(X)
    assert err.value.location == {"unit": "乙", "indicator": "a"}
    with pytest.raises(InputError, match=r"one weight per indicator \(2\).*got 1 instead"):
        outranking_matrix(X.fillna(0.0), weights=[1.0])
    res = outranking_matrix(pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [3.0, 2.0, 1.0]}, index=["甲", "乙", "丙"]))
    assert isinstance(res, OutrankingResult)
    assert list(res.to_frame().columns) == ["copeland", "rank", "wins", "ties", "losses"]
    assert res.to_frame()["ties"].tolist() == [2, 2, 2]
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    for language in ("zh", "en"):
        assert res.plot(ax=ax, language=language) is ax
    plt.close(fig)
