"""Incomplete matrices: Bozóki–Fülöp–Rónyai optimal completion (reference), Harker's method, properties, errors."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from weighting_helpers import consistent_matrix

from perfmethods.errors import InputError
from perfmethods.weighting import ahp, complete_matrix, pairwise_matrix


@pytest.mark.reference
def test_bozoki_optimal_completion(cases):
    # ahp_incomplete_bozoki_4x4: AHPy@d818996 tests/test_ahp.py::test_incomplete_example_*; Bozóki, Fülöp & Rónyai
    # (2010) Math. Comput. Modelling 52:318-333
    case = cases["ahp_incomplete_bozoki_4x4"]
    m = pairwise_matrix(case["input"]["pairs"], labels=list("abcd"))
    assert np.isnan(m.loc["c", "d"])
    done = complete_matrix(m)
    assert done.filled[["row", "column"]].values.tolist() == [["c", "d"]]
    assert done.filled["value"].iloc[0] == pytest.approx(case["expected"]["completed_c_d"],
                                                         abs=case["tolerance"]["completed"])
    res = ahp(m, missing="optimal", ri="donegan_dodd")
    expected = case["expected"]["weights_4dp"]
    assert res.weights.reindex(list(expected)).to_numpy() == pytest.approx(list(expected.values()),
                                                                        abs=case["tolerance"]["weights"])
    assert res.cr == pytest.approx(case["expected"]["CR_donegan_dodd_4dp"], abs=case["tolerance"]["CR"])
    assert res.completion == "optimal" and res.filled.shape[0] == 1
    assert json.loads(json.dumps(res.to_dict()))["filled"][0]["row"] == "c"


def test_optimal_completion_is_a_minimum_of_lambda_max(cases):
    m = pairwise_matrix(cases["ahp_incomplete_bozoki_4x4"]["input"]["pairs"], labels=list("abcd"))
    done = complete_matrix(m)
    best = done.lambda_max
    a = done.matrix.to_numpy().copy()
    x = a[2, 3]
    for f in (0.9, 1.1):
        a[2, 3], a[3, 2] = x * f, 1 / (x * f)
        assert np.max(np.linalg.eigvals(a).real) > best


def test_harker_weights_are_the_modified_matrix_eigenvector(cases):
    # Harker (1987): B = A with 0 for missing and 1 + (missing in row) on the diagonal; w = Perron vector of B
    m = pairwise_matrix(cases["ahp_incomplete_bozoki_4x4"]["input"]["pairs"], labels=list("abcd"))
    a = m.to_numpy()
    b = np.where(np.isnan(a), 0.0, a)
    np.fill_diagonal(b, 1 + np.isnan(a).sum(axis=1))
    vals, vecs = np.linalg.eig(b)
    w = np.abs(vecs[:, np.argmax(vals.real)].real)
    w /= w.sum()
    res = ahp(m, missing="harker")
    assert res.weights.to_numpy() == pytest.approx(w, abs=1e-10)
    assert res.filled["value"].iloc[0] == pytest.approx(w[2] / w[3])


@pytest.mark.property
@settings(max_examples=15, deadline=None)
@given(st.integers(4, 7), st.integers(0, 2**32 - 1), st.sampled_from(["optimal", "harker"]))
def test_consistent_incomplete_matrix_completes_exactly(n, seed, method):
    rng = np.random.default_rng(seed)
    w = rng.uniform(0.2, 1.0, n)
    w /= w.sum()
    a = consistent_matrix(w)
    # remove judgments but keep a spanning path 0-1-2-…-(n-1) so the graph stays connected
    iu, ju = np.triu_indices(n, 2)
    drop = rng.random(iu.size) < 0.5
    a[iu[drop], ju[drop]] = np.nan
    a[ju[drop], iu[drop]] = np.nan
    res = ahp(a, missing=method)
    assert res.weights.to_numpy() == pytest.approx(w, rel=1e-6)
    assert res.cr == pytest.approx(0.0, abs=1e-8)


def test_stack_with_gaps():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = consistent_matrix(w)
    b = a.copy()
    b[0, 3] = b[3, 0] = np.nan
    res = ahp(np.stack([a, b]), missing="optimal")
    assert res.filled["matrix"].tolist() == [1]
    assert res.weights[1] == pytest.approx(w, rel=1e-6)


def test_disconnected_and_one_sided_gaps_are_errors():
    a = np.ones((4, 4))
    a[:2, 2:] = np.nan
    a[2:, :2] = np.nan
    with pytest.raises(InputError, match="do not connect all criteria"):
        complete_matrix(a)
    one_sided = np.ones((3, 3))
    one_sided[0, 2] = np.nan
    with pytest.raises(InputError, match="one side of the diagonal"):
        complete_matrix(one_sided)
    with pytest.raises(InputError, match="'method'"):
        complete_matrix(consistent_matrix(np.array([0.5, 0.5])), method="mean")  # type: ignore[arg-type]
