"""Objective weights: entropy (all named conventions), CRITIC, CV, SD, CILOS — references, properties, bad input."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfmethods.errors import DataQualityWarning, InputError
from perfmethods.weighting import (
    cilos_weights,
    critic_weights,
    cv_weights,
    entropy_weights,
    minmax_normalize,
    std_weights,
)


# --- reference cases ---------------------------------------------------------------------------------------
@pytest.mark.reference
def test_entropy_elsayed_2017_raw(cases):
    # entropy_elsayed_2017: pymcdm@76e7735 test/test_weights.py::TestEntropyWeights; Elsayed et al. (2017) IJETT 46(2)
    case = cases["entropy_elsayed_2017"]
    res = entropy_weights(case["input"]["matrix_12x5"], normalization="raw")
    assert res.weights.to_numpy() == pytest.approx(case["expected"]["weights_6dp"], abs=case["tolerance"]["abs"])
    # the case notes' independent entropies E = [0.807441, 0.873223, 0.869097, 0.174789, 0.441391]
    assert res.details["entropy"].to_numpy() == pytest.approx([0.807441, 0.873223, 0.869097, 0.174789, 0.441391],
                                                               abs=5e-7)


@pytest.mark.reference
def test_entropy_xu_2004_raw(cases):
    # entropy_xu_2004: energyinpython/objective-weights-for-mcda@a0b3d05 tests/test_weights.py; Xu (2004) EJOR 156(2)
    case = cases["entropy_xu_2004"]
    res = entropy_weights(case["input"]["matrix"], normalization="raw")
    assert res.weights.to_numpy() == pytest.approx(case["expected"]["weights_4dp"], abs=case["tolerance"]["abs"])


@pytest.mark.reference
def test_entropy_zavadskas_podvezko_raw(cases):
    # cilos_idocriw_zavadskas_podvezko_2016: pymcdm@76e7735 test/test_weights.py (entropy part of IDOCRIW)
    case = cases["cilos_idocriw_zavadskas_podvezko_2016"]
    res = entropy_weights(case["input"]["matrix"], normalization="raw")
    expected = case["expected"]["entropy_raw_4dp (see entropy_zavadskas_podvezko_2016)"]
    assert res.weights.to_numpy() == pytest.approx(expected, abs=case["tolerance"]["abs"])


@pytest.mark.reference
def test_cilos_zavadskas_podvezko(cases):
    # cilos_idocriw_zavadskas_podvezko_2016: pymcdm@76e7735 TestCILOSWeights; IJITDM 15(2):267-283
    case = cases["cilos_idocriw_zavadskas_podvezko_2016"]
    res = cilos_weights(case["input"]["matrix"], directions=case["input"]["types"])
    assert res.weights.to_numpy() == pytest.approx(case["expected"]["cilos_4dp"], abs=case["tolerance"]["abs"])


@pytest.mark.reference
def test_critic_tus_adali_directions_ignored(cases):
    # critic_tus_adali_2019: pymcdm@76e7735 TestCRITICWeights; Tuş & Adalı (2019) Opsearch 56(2). The published numbers
    # treat every criterion as benefit (directions ignored): reproduced with apply_directions=False or no directions.
    case = cases["critic_tus_adali_2019"]
    X = case["input"]["matrix_5x6"]
    expected = case["expected"]["weights_3dp"]
    tol = case["tolerance"]["abs"]
    assert critic_weights(X).weights.to_numpy() == pytest.approx(expected, abs=tol)
    ignored = critic_weights(X, directions=[-1, 1, 1, 1, 1, 1], apply_directions=False)
    assert ignored.weights.to_numpy() == pytest.approx(expected, abs=tol)
    # with C1 (price) as a cost: the case notes' independent numbers
    applied = critic_weights(X, directions=["cost", "benefit", "benefit", "benefit", "benefit", "benefit"])
    assert applied.weights.to_numpy() == pytest.approx([0.1841, 0.2130, 0.1422, 0.1583, 0.1684, 0.1340], abs=5e-5)
    assert applied.options["apply_directions"] is True


@pytest.mark.reference
def test_sd_weights_jahan_and_salabun(cases):
    # sd_weights: pymcdm@76e7735 TestSTDWeights (Jahan & Edwards 2013);
    # objective-weights-for-mcda Test_STD (Salabun 2020)
    case = cases["sd_weights"]
    jahan = std_weights(case["input"]["jahan"])  # columns already span [0, 1]: min-max changes nothing
    assert jahan.weights.to_numpy() == pytest.approx(case["expected"]["jahan_2dp"], abs=case["tolerance"]["jahan"])
    salabun = std_weights(case["input"]["salabun"], normalization="none")  # peers use the raw columns
    assert salabun.weights.to_numpy() == pytest.approx(case["expected"]["salabun_3dp"],
                                                       abs=case["tolerance"]["salabun"])


# --- conventions ----------------------------------------------------------------------------------------------
def test_entropy_minmax_default_follows_chinese_practice():
    X = np.array([[1.0, 10, 3], [2, 30, 3.5], [4, 20, 1], [3, 25, 2]])
    res = entropy_weights(X, directions=["benefit", "cost", "benefit"])
    # step by step, as Chinese practice writes it (Mozinapig/Math_module 熵权法.py; 0 ln 0 = 0)
    Z = (X - X.min(0)) / (X.max(0) - X.min(0))
    Z[:, 1] = (X[:, 1].max() - X[:, 1]) / (X[:, 1].max() - X[:, 1].min())
    P = Z / Z.sum(0)
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(P > 0, P * np.log(P), 0.0)
    e = -plogp.sum(0) / np.log(len(X))
    assert res.weights.to_numpy() == pytest.approx((1 - e) / (1 - e).sum(), abs=1e-12)
    assert res.options["normalization"] == "minmax" and res.options["zero_handling"] == "0ln0"
    assert res.options["directions"] == ("benefit", "cost", "benefit")


@pytest.mark.parametrize("zero_handling", ["shift", "rescale", "epsilon"])
def test_entropy_zero_handling_variants(zero_handling):
    X = np.array([[1.0, 10, 3], [2, 30, 3.5], [4, 20, 1], [3, 25, 2]])
    Z = (X - X.min(0)) / (X.max(0) - X.min(0))
    if zero_handling == "shift":
        Z = Z + 0.01
    elif zero_handling == "rescale":
        Z = 0.002 + 0.998 * Z
    P = Z / Z.sum(0)
    if zero_handling == "epsilon":
        plogp = P * np.log(P + 1e-10)
    else:
        plogp = P * np.log(P)
    e = -plogp.sum(0) / np.log(len(X))
    res = entropy_weights(X, zero_handling=zero_handling)
    assert res.weights.to_numpy() == pytest.approx((1 - e) / (1 - e).sum(), abs=1e-9)


def test_entropy_pymcdm_zero_rule():
    # pymcdm sets E_j = 0 for any column containing a zero (pymcdm@76e7735, entropy weights)
    X = np.array([[0.0, 1, 2], [1, 2, 2.5], [2, 4, 1]])
    res = entropy_weights(X, normalization="raw", zero_handling="pymcdm")
    assert res.details["entropy"].iloc[0] == 0.0
    assert res.details["entropy"].iloc[1] > 0


# --- properties ---------------------------------------------------------------------------------------------------
matrices = st.tuples(st.integers(2, 12), st.integers(2, 6)).flatmap(
    lambda s: arrays(np.float64, s, elements=st.floats(0.5, 100.0, allow_nan=False)))


def _varying(X: np.ndarray) -> bool:
    return bool((np.ptp(X, axis=0) > 1e-6 * np.abs(X).max(axis=0)).all())


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(matrices, st.integers(0, 2**32 - 1))
def test_objective_weights_sum_to_one_permute_and_are_scale_free(X, seed):
    if not _varying(X):
        return
    perm = np.random.default_rng(seed).permutation(X.shape[1])
    scale = np.random.default_rng(seed).uniform(0.5, 20, X.shape[1])
    Z = (X - X.min(0)) / np.ptp(X, axis=0)
    all_collinear = bool(np.all(np.corrcoef(Z, rowvar=False) > 1 - 1e-9))
    for func in (entropy_weights, critic_weights, cv_weights, std_weights):
        if func is critic_weights and all_collinear:  # no independent information: CRITIC is undefined
            with pytest.raises(InputError, match="perfectly correlated"):
                func(X)
            continue
        w = func(X).weights.to_numpy()
        assert w.sum() == pytest.approx(1.0) and (w >= 0).all()
        assert func(X[:, perm]).weights.to_numpy() == pytest.approx(w[perm], abs=1e-9)
        # every method here is invariant to rescaling a column by a positive constant (min-max or ratio scale)
        assert func(X * scale).weights.to_numpy() == pytest.approx(w, abs=1e-8)


@pytest.mark.property
@settings(max_examples=30, deadline=None)
@given(matrices, st.integers(0, 2**32 - 1))
def test_entropy_is_invariant_to_object_order(X, seed):
    if not _varying(X):
        return
    rows = np.random.default_rng(seed).permutation(X.shape[0])
    for nz in ("minmax", "raw"):
        assert entropy_weights(X[rows], normalization=nz).weights.to_numpy() == pytest.approx(
            entropy_weights(X, normalization=nz).weights.to_numpy(), abs=1e-10)


# --- edge cases and bad input ----------------------------------------------------------------------------------
@pytest.mark.parametrize("func", [entropy_weights, critic_weights, cv_weights, std_weights])
def test_constant_column_gets_zero_weight_with_warning(func):
    X = pd.DataFrame({"a": [1.0, 2, 3, 5], "b": [4.0, 4, 4, 4], "c": [2.0, 1, 3, 3]})
    with pytest.warns(DataQualityWarning, match=r"\['b'\].*constant"):
        res = func(X)
    assert res.weights["b"] == 0.0 and res.constant == ("b",)
    assert res.weights.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("func", [entropy_weights, critic_weights, cv_weights, std_weights, cilos_weights])
def test_one_object_is_an_input_error(func):
    with pytest.raises(InputError, match="at least two evaluation objects"):
        func([[1.0, 2.0, 3.0]])


def test_all_constant_is_an_error():
    with pytest.raises(InputError, match="every indicator is constant"):
        entropy_weights([[1.0, 2], [1.0, 2]])


def test_missing_value_names_row_and_column():
    X = pd.DataFrame({"gdp": [1.0, 2, np.nan], "jobs": [3.0, 4, 5]})
    with pytest.raises(InputError, match="row 3, column 'gdp'"):
        entropy_weights(X)
    with pytest.raises(InputError, match="row 3, column 'gdp'"):
        critic_weights(X)


def test_raw_needs_nonnegative_and_no_cost():
    with pytest.raises(InputError, match="row 2, column 2.*needs values >= 0"):
        entropy_weights([[1.0, 2], [2.0, -1], [3, 4]], normalization="raw")
    with pytest.raises(InputError, match="does not apply directions"):
        entropy_weights([[1.0, 2], [2.0, 1], [3, 4]], normalization="raw", directions=["cost", "benefit"])


def test_bad_options_and_directions():
    X = pd.DataFrame({"a": [1.0, 2, 3], "b": [3.0, 1, 2]})
    with pytest.raises(InputError, match="'normalization'"):
        entropy_weights(X, normalization="zscore")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'zero_handling'"):
        entropy_weights(X, zero_handling="drop")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'directions'.*unknown direction 'up'") as err:
        entropy_weights(X, directions=["benefit", "up"])
    assert err.value.location == {"indicator": "b"}
    with pytest.raises(InputError, match=r"names indicators that are not in the data: \['z'\]"):
        entropy_weights(X, directions={"z": "cost"})
    with pytest.raises(InputError, match="'correlation'"):
        critic_weights(X, correlation="distance")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="mean 0"):
        cv_weights([[1.0, -1], [-1.0, 1]])
    # a mapping of directions by column name
    by_name = entropy_weights(X, directions={"b": "负向"})
    assert by_name.options["directions"] == ("benefit", "cost")


def test_critic_correlation_types_differ_and_results_serialise():
    X = np.array([[1.0, 5, 2], [2, 3, 4], [3, 4, 1], [4, 1, 3], [5, 2, 6]])
    p = critic_weights(X, correlation="pearson")
    s = critic_weights(X, correlation="spearman")
    k = critic_weights(X, correlation="kendall")
    assert not np.allclose(p.weights, s.weights)
    assert k.weights.sum() == pytest.approx(1.0)
    assert json.loads(json.dumps(p.to_dict()))["options"]["correlation"] == "pearson"
    assert "weight" in p.summary().columns
    assert p.plot(language="en") is not None


def test_minmax_normalize_with_directions():
    X = pd.DataFrame({"a": [1.0, 3, 2], "b": [10.0, 20, 30]}, index=["p", "q", "r"])
    Z = minmax_normalize(X, directions={"b": "cost"})
    assert Z.loc[:, "a"].tolist() == [0.0, 1.0, 0.5] and Z.loc[:, "b"].tolist() == [1.0, 0.5, 0.0]
    assert list(Z.index) == ["p", "q", "r"]
    with pytest.warns(DataQualityWarning, match="constant"):
        assert minmax_normalize([[1.0, 2], [1.0, 3]]).iloc[:, 0].tolist() == [0.0, 0.0]
