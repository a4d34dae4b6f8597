"""Combined weights: IDOCRIW (multiplicative) reference, MDI and game-theory formulas, label alignment, bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfmethods.errors import InputError
from perfmethods.weighting import ahp, cilos_weights, combine_weights, entropy_weights


@pytest.mark.reference
def test_idocriw_is_the_multiplicative_combination(cases):
    # cilos_idocriw_zavadskas_podvezko_2016: pymcdm@76e7735 TestIDOCRIWWeights; IJITDM 15(2):267-283
    case = cases["cilos_idocriw_zavadskas_podvezko_2016"]
    X, types = case["input"]["matrix"], case["input"]["types"]
    q = cilos_weights(X, directions=types)
    W = entropy_weights(X, normalization="raw")
    res = combine_weights([q, W], method="multiplicative")
    assert res.weights.to_numpy() == pytest.approx(case["expected"]["idocriw_4dp"], abs=case["tolerance"]["abs"])
    assert list(res.inputs.columns) == ["cilos", "entropy"]


def test_linear_and_mdi_formulas():
    a = pd.Series([0.5, 0.3, 0.2], index=list("abc"))
    b = pd.Series([0.1, 0.6, 0.3], index=list("cab"))  # other order: aligned by label
    lin = combine_weights({"ahp": a, "entropy": b}, alpha=0.7)
    bb = b.reindex(a.index)
    assert lin.weights.to_numpy() == pytest.approx((0.7 * a + 0.3 * bb).to_numpy())
    mdi = combine_weights([a, b], method="mdi")
    g = np.sqrt(a * bb)
    assert mdi.weights.to_numpy() == pytest.approx((g / g.sum()).to_numpy())
    mult = combine_weights([a, b], method="multiplicative")
    p = a * bb
    assert mult.weights.to_numpy() == pytest.approx((p / p.sum()).to_numpy())
    assert json.loads(json.dumps(lin.to_dict()))["alpha"] == [0.7, pytest.approx(0.3)]


def test_game_theory_solves_the_normal_equations():
    w1 = np.array([0.5, 0.3, 0.2])
    w2 = np.array([0.2, 0.3, 0.5])
    res = combine_weights([w1, w2], method="game_theory")
    W = np.column_stack([w1, w2])
    raw = np.linalg.solve(W.T @ W, np.diag(W.T @ W))
    assert res.alpha_raw == pytest.approx(tuple(raw))
    a = np.abs(raw) / np.abs(raw).sum()
    assert res.weights.to_numpy() == pytest.approx(W @ a / (W @ a).sum())
    # symmetric inputs get equal coefficients
    assert res.alpha == pytest.approx((0.5, 0.5))


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(st.integers(2, 8).flatmap(lambda n: st.tuples(arrays(np.float64, n, elements=st.floats(0.01, 1)),
                                                     arrays(np.float64, n, elements=st.floats(0.01, 1)))),
       st.floats(0, 1))
def test_combinations_are_weights_between_inputs(pair, alpha):
    w1, w2 = pair[0] / pair[0].sum(), pair[1] / pair[1].sum()
    for method in ("linear", "multiplicative", "mdi"):
        w = combine_weights([w1, w2], method=method, alpha=alpha).weights.to_numpy()
        assert w.sum() == pytest.approx(1.0) and (w > 0).all()
    # identical inputs combine to themselves under linear and MDI; multiplicative squares them (IDOCRIW's rule)
    for method in ("linear", "mdi"):
        assert combine_weights([w1, w1], method=method).weights.to_numpy() == pytest.approx(w1)
    sq = combine_weights([w1, w1], method="multiplicative").weights.to_numpy()
    assert sq == pytest.approx(w1**2 / (w1**2).sum())


def test_accepts_result_objects():
    r = ahp([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], labels=["x1", "x2", "x3"])
    e = entropy_weights(pd.DataFrame({"x1": [1.0, 2, 3], "x2": [3.0, 1, 2], "x3": [1.0, 1.5, 4]}))
    res = combine_weights([r, e])
    assert list(res.inputs.columns) == ["eigenvector", "entropy"]
    assert list(res.weights.index) == ["x1", "x2", "x3"]
    assert res.plot() is not None and "combined" in res.summary().columns


@pytest.mark.parametrize(
    ("weights", "kwargs", "match"),
    [
        ([[0.5, 0.5]], {}, "at least two"),
        ([[0.5, 0.5], [0.2, 0.3, 0.5]], {}, "same length"),
        ([pd.Series([0.5, 0.5], index=["a", "b"]), pd.Series([0.5, 0.5], index=["a", "c"])], {}, "same indicators"),
        ([[0.5, -0.5], [0.5, 0.5]], {}, "finite numbers >= 0"),
        ([[0.5, 0.5], [0.5, 0.5]], {"alpha": 1.5}, "'alpha'"),
        ([[0.5, 0.5], [0.5, 0.5]], {"method": "mean"}, "'method'"),
        ([[0.5, 0.5], [0.5, 0.5]], {"method": "game_theory"}, "linearly dependent"),
        ([[1.0, 0.0], [0.0, 1.0]], {"method": "multiplicative"}, "undefined"),
    ],
)
def test_bad_input(weights, kwargs, match):
    with pytest.raises(InputError, match=match):
        combine_weights(weights, **kwargs)
