"""Fuzzy AHP (Buckley): pyDecision's example, crisp limit, defuzzifications, bad input."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from weighting_helpers import random_reciprocal

from perfmethods.errors import InputError
from perfmethods.weighting import ahp, fuzzify, fuzzy_ahp

# pyDecision's fuzzy AHP example dataset (Valdecy/pyDecision README / Examples, fuzzy_ahp_method(dataset))
PYDECISION_EXAMPLE = [
    [(1, 1, 1), (4, 5, 6), (3, 4, 5), (6, 7, 8)],
    [(1 / 6, 1 / 5, 1 / 4), (1, 1, 1), (1 / 3, 1 / 2, 1), (2, 3, 4)],
    [(1 / 5, 1 / 4, 1 / 3), (1, 2, 3), (1, 1, 1), (2, 3, 4)],
    [(1 / 8, 1 / 7, 1 / 6), (1 / 4, 1 / 3, 1 / 2), (1 / 4, 1 / 3, 1 / 2), (1, 1, 1)],
]


@pytest.mark.reference
def test_pydecision_example():
    # Valdecy/pyDecision@1444daa pyDecision/algorithm/fuzzy_ahp.py (Buckley geometric mean, centroid (l+m+u)/3),
    # run on its example dataset: fuzzy weights f_w and normalised weights n_w (values computed with pyDecision's
    # algorithm to 10 decimals)
    res = fuzzy_ahp(PYDECISION_EXAMPLE)
    assert res.fuzzy_weights.to_numpy() == pytest.approx(np.array([
        [0.4282495207, 0.6097294194, 0.8588453123],
        [0.0848795628, 0.1311853852, 0.2182037144],
        [0.1169172951, 0.1961679059, 0.3085866523],
        [0.0437080337, 0.0629172894, 0.0985846568]]), abs=1e-9)
    assert res.weights.to_numpy() == pytest.approx([0.6006457948, 0.1375149256, 0.1968577658, 0.0649815138],
                                                   abs=1e-9)
    assert res.defuzzification == "centroid"


@pytest.mark.property
@pytest.mark.filterwarnings("ignore::perfmethods.errors.ConsistencyWarning")  # random judgments are inconsistent
@settings(max_examples=25, deadline=None)
@given(st.integers(3, 7), st.integers(0, 2**32 - 1), st.sampled_from(["centroid", "graded_mean", "modal"]))
def test_crisp_judgments_give_the_geometric_mean_weights(n, seed, how):
    a = random_reciprocal(np.random.default_rng(seed), 1, n)[0]
    tfn = np.stack([a, a, a], axis=-1)
    res = fuzzy_ahp(tfn, defuzzification=how)
    assert res.weights.to_numpy() == pytest.approx(ahp(a, method="geometric", warn=False).weights.to_numpy())


@pytest.mark.property
@pytest.mark.filterwarnings("ignore::perfmethods.errors.ConsistencyWarning")  # random judgments are inconsistent
@settings(max_examples=20, deadline=None)
@given(st.integers(3, 7), st.integers(0, 2**32 - 1), st.floats(0.5, 2))
def test_fuzzify_is_reciprocal_and_fuzzy_weights_are_ordered(n, seed, spread):
    a = random_reciprocal(np.random.default_rng(seed), 1, n)[0]
    tfn = fuzzify(a, spread=spread)
    assert tfn[..., 1] == pytest.approx(a)
    assert tfn == pytest.approx(1 / tfn.transpose(1, 0, 2)[..., ::-1])
    res = fuzzy_ahp(tfn)
    f = res.fuzzy_weights.to_numpy()
    assert (f[:, 0] <= f[:, 1] + 1e-12).all() and (f[:, 1] <= f[:, 2] + 1e-12).all()
    assert res.weights.sum() == pytest.approx(1.0)


def test_defuzzifications_differ_and_serialise():
    g = fuzzy_ahp(PYDECISION_EXAMPLE, defuzzification="graded_mean", labels=list("abcd"))
    c = fuzzy_ahp(PYDECISION_EXAMPLE, defuzzification="centroid")
    assert not np.allclose(g.weights.to_numpy(), c.weights.to_numpy())
    f = g.fuzzy_weights.to_numpy()
    expect = (f[:, 0] + 4 * f[:, 1] + f[:, 2]) / 6
    assert g.weights.to_numpy() == pytest.approx(expect / expect.sum())
    assert json.loads(json.dumps(g.to_dict()))["defuzzification"] == "graded_mean"
    assert list(g.summary().columns) == ["criterion", "l", "m", "u", "weight"]
    assert g.plot() is not None


def test_bad_fuzzy_input():
    bad_order = np.array(PYDECISION_EXAMPLE, dtype=float)
    bad_order[0, 1] = (6, 5, 4)
    with pytest.raises(InputError, match=r"row 1, column 2.*l <= m <= u"):
        fuzzy_ahp(bad_order)
    nonrec = np.array(PYDECISION_EXAMPLE, dtype=float)
    nonrec[1, 0] = (1, 1, 1)
    with pytest.raises(InputError, match="not reciprocal"):
        fuzzy_ahp(nonrec)
    with pytest.raises(InputError, match=r"shape \(n, n, 3\)"):
        fuzzy_ahp(np.ones((3, 3)))
    with pytest.raises(InputError, match="'defuzzification'"):
        fuzzy_ahp(PYDECISION_EXAMPLE, defuzzification="max")  # type: ignore[arg-type]
