"""AHP: reference cases (Saaty drinks, Wang & Chin, pyanp small matrices, RI tables, GCI), properties, bad input."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from weighting_helpers import consistent_matrix, random_reciprocal, upper_to_matrix

from perfmethods.errors import ConsistencyWarning, DataQualityWarning, InputError
from perfmethods.weighting import (
    RI_TABLES,
    ahp,
    consistency_ratio,
    geometric_consistency_index,
    pairwise_matrix,
    priority_vector,
    random_index,
    revise_judgments,
)

METHODS = ["eigenvector", "geometric", "arithmetic"]


# --- reference cases ------------------------------------------------------------------------------------
@pytest.mark.reference
def test_saaty_drinks_eigenvector_and_cr(cases):
    # ahp_saaty_drinks_eigenvector_cr: AHPy@d818996 tests/test_ahp.py::test_drinks_*; Saaty (2008) IJSSci 1(1):83-98
    case = cases["ahp_saaty_drinks_eigenvector_cr"]
    m = pairwise_matrix(case["input"]["pairs_(row,col,a_row_col)"])
    tol = case["tolerance"]
    res = ahp(m)
    expected = pd.Series(case["expected"]["weights_4dp"])
    assert res.weights.reindex(expected.index).to_numpy() == pytest.approx(expected.to_numpy(), abs=tol["weights"])
    assert res.lambda_max == pytest.approx(7.17663, abs=5e-6)  # the case's independent numpy check
    assert res.ci == pytest.approx(0.02944, abs=5e-6)
    assert res.cr == pytest.approx(0.0223, abs=5e-5)  # classic RI 1.32
    assert res.ri_table == "saaty" and res.ri == 1.32
    assert ahp(m, ri="saaty2005").cr == pytest.approx(case["expected"]["CR_saaty2005_RI_3dp"], abs=tol["CR"])
    assert ahp(m, ri="donegan_dodd").cr == pytest.approx(case["expected"]["CR_donegan_dodd_RI_4dp"], abs=tol["CR"])
    assert res.is_consistent


@pytest.mark.reference
def test_wang_chin_inconsistent_matrix(cases):
    # ahp_wang_chin_2011_6x6: pymcdm@76e7735 test/test_weights.py::TestAHPWeights; Wang & Chin (2011) Inf. Sci. 181
    case = cases["ahp_wang_chin_2011_6x6"]
    with pytest.warns(ConsistencyWarning, match="CR = 0.230"):
        res = ahp(case["input"]["matrix"], ri="tummala_ling")
    assert np.asarray(res.weights) == pytest.approx(case["expected"]["weights_4dp"], abs=case["tolerance"]["weights"])
    # the case notes: lambda_max=7.4199, CI=0.2840, CR=0.2298 (Tummala-Ling RI 1.2358); RGMM weights differ
    assert res.lambda_max == pytest.approx(7.4199, abs=5e-5)
    assert res.ci == pytest.approx(0.2840, abs=5e-5)
    assert res.cr == pytest.approx(0.2298, abs=5e-5)
    assert not res.is_consistent
    with pytest.warns(ConsistencyWarning):
        rgmm = ahp(case["input"]["matrix"], method="geometric")
    assert np.asarray(rgmm.weights) == pytest.approx([0.3160, 0.1391, 0.0360, 0.1251, 0.2360, 0.1477], abs=5e-5)


@pytest.mark.reference
@pytest.mark.parametrize("name", ["consistent3", "m3", "m4", "m5"])
def test_pyanp_llsm(cases, name):
    # ahp_rgmm_llsm_small_matrices: pyanp@7ad3585 tests/test_priority.py::test_pri_llsm
    case = cases["ahp_rgmm_llsm_small_matrices"]
    a = upper_to_matrix(case["input"]["upper_triangle_row_major"][name])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConsistencyWarning)
        w = ahp(a, method="geometric").weights.to_numpy()
    assert w == pytest.approx(case["expected"][f"llsm_{name}"], abs=case["tolerance"]["abs"])


@pytest.mark.reference
def test_pyanp_eigen_and_lambda(cases):
    # ahp_rgmm_llsm_small_matrices: pyanp test_pri_eigen; lambda_max(m3) = 3.018295 (case notes); n = 3: eigen == RGMM
    case = cases["ahp_rgmm_llsm_small_matrices"]
    c3 = ahp(upper_to_matrix(case["input"]["upper_triangle_row_major"]["consistent3"]))
    assert c3.weights.to_numpy() == pytest.approx(case["expected"]["eigen_consistent3"], abs=1e-7)
    assert c3.lambda_max == pytest.approx(case["expected"]["lambda_max_consistent3"], abs=1e-7)
    m3 = upper_to_matrix(case["input"]["upper_triangle_row_major"]["m3"])
    r = ahp(m3)
    assert r.lambda_max == pytest.approx(3.018295, abs=1e-6)
    assert r.weights.to_numpy() == pytest.approx(case["expected"]["llsm_m3"], abs=1e-7)


@pytest.mark.reference
def test_gci_published_and_pyanp_variant(cases):
    # ahp_rgmm_llsm_small_matrices: official GCI (Aguarón & Moreno-Jiménez 2003) 0.0110804 (computed independently in
    # the case notes); pyanp's incon_gci default averages over pairs: 0.0036934
    case = cases["ahp_rgmm_llsm_small_matrices"]
    m = case["input"]["gci_matrix"]
    assert geometric_consistency_index(m) == pytest.approx(0.0110804, abs=1e-7)
    assert geometric_consistency_index(m, divisor="pairs") == pytest.approx(case["expected"]["pyanp_incon_gci_default"],
                                                                          abs=case["tolerance"]["abs"])
    assert ahp(m, method="geometric").gci == pytest.approx(0.0110804, abs=1e-7)


@pytest.mark.reference
def test_ri_tables_exact(cases):
    # ri_tables_and_variants: pyDecision, AHPy, pymcdm, ahpsurvey tables reproduced exactly
    exp = cases["ri_tables_and_variants"]["expected"]
    ns = range(1, 16)
    assert [random_index(n, "saaty") for n in ns] == exp["saaty_classic_n1_15"]
    assert [random_index(n, "saaty2005") for n in range(3, 16)] == exp["saaty_2005_ANP_book_n3_15"]
    assert [random_index(n, "pyanp") for n in range(3, 16)] == exp["pyanp_saaty_variant_n3_15"]
    assert [random_index(n, "tummala_ling") for n in ns] == exp["tummala_ling_1998_n1_15"]
    assert [random_index(n, "ahpsurvey") for n in ns] == exp["ahpsurvey_sim_n1_15"]
    for n, v in exp["donegan_dodd_1991"].items():
        assert random_index(int(n), "donegan_dodd") == v
    # AHPy interpolates linearly between listed Donegan-Dodd entries
    assert random_index(22, "donegan_dodd") == pytest.approx(1.5371 + 2 / 5 * (1.5619 - 1.5371))
    # Alonso & Lamata (2006) linear fit: CR = (lambda_max - n)/(1.7699 n - 4.3513)
    assert random_index(7, "alonso_lamata") * 6 == pytest.approx(1.7699 * 7 - 4.3513)
    assert set(RI_TABLES) >= {"saaty", "saaty2005", "cn_sim", "donegan_dodd", "tummala_ling", "ahpsurvey"}


def test_ri_table_errors():
    with pytest.raises(InputError, match="no entry for n = 16"):
        random_index(16, "saaty")
    with pytest.raises(InputError, match="'ri' parameter must be one of"):
        random_index(5, "nope")
    assert random_index(5, {5: 1.2}) == 1.2


# --- diagnostics ------------------------------------------------------------------------------------------
def test_diagnostics_find_the_planted_error_and_revise_it():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = consistent_matrix(w)
    a[0, 3], a[3, 0] = 1 / 4, 4  # planted: should be 4
    with pytest.warns(ConsistencyWarning):
        res = ahp(a, labels=list("abcd"))
    top = res.diagnostics.iloc[0]
    assert {top["row"], top["column"]} == {"a", "d"}
    assert top["revised_judgment"] == 4.0
    assert top["cr_if_revised"] == pytest.approx(0.0, abs=1e-9)
    assert (res.diagnostics["cr_if_revised"] <= res.cr + 1e-12).all()
    assert list(res.diagnostics.columns) == ["row", "column", "judgment", "consistent_value", "log_error",
                                             "revised_judgment", "cr_if_revised"]


# --- properties -----------------------------------------------------------------------------------------
weights_strategy = st.integers(3, 9).flatmap(
    lambda n: arrays(np.float64, n, elements=st.floats(0.05, 1.0, allow_nan=False)))


@pytest.mark.property
@pytest.mark.filterwarnings("ignore::perfmethods.errors.DataQualityWarning")  # w_i / w_j may exceed 9
@settings(max_examples=40, deadline=None)
@given(weights_strategy)
def test_consistent_matrix_gives_cr_zero_and_recovers_w(w):
    w = w / w.sum()
    a = consistent_matrix(w)
    for method in METHODS:
        res = ahp(a, method=method, warn=False)
        assert res.weights.to_numpy() == pytest.approx(w, rel=1e-8, abs=1e-10)
        assert res.cr == pytest.approx(0.0, abs=1e-9)
        assert res.gci == pytest.approx(0.0, abs=1e-12)
        assert res.is_consistent


@pytest.mark.property
@settings(max_examples=30, deadline=None)
@given(st.integers(3, 8), st.integers(0, 2**32 - 1), st.sampled_from(METHODS))
def test_permuting_criteria_permutes_weights(n, seed, method):
    rng = np.random.default_rng(seed)
    a = random_reciprocal(rng, 1, n)[0]
    p = rng.permutation(n)
    w = ahp(a, method=method, warn=False).weights.to_numpy()
    wp = ahp(a[np.ix_(p, p)], method=method, warn=False).weights.to_numpy()
    assert wp == pytest.approx(w[p], rel=1e-9, abs=1e-12)


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(st.integers(2, 9), st.integers(1, 6), st.integers(0, 2**32 - 1), st.sampled_from(METHODS))
def test_batch_equals_one_by_one_and_weights_positive(n, k, seed, method):
    rng = np.random.default_rng(seed)
    stack = random_reciprocal(rng, k, n)
    batch = ahp(stack, method=method, warn=False)
    assert batch.batched and np.shape(batch.weights) == (k, n)
    assert (batch.weights > 0).all()
    assert batch.weights.sum(axis=1) == pytest.approx(np.ones(k), abs=1e-12)
    for i in range(k):
        one = ahp(stack[i], method=method, warn=False, diagnostics=0)
        assert one.weights.to_numpy() == pytest.approx(batch.weights[i], rel=1e-9, abs=1e-12)
        assert one.cr == pytest.approx(batch.cr[i], abs=1e-10)
        assert one.gci == pytest.approx(batch.gci[i], abs=1e-10)
        assert one.is_consistent == batch.is_consistent[i]


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(st.integers(3, 8), st.integers(0, 2**32 - 1))
def test_eigenvector_lambda_at_least_n_and_cr_matches_helper(n, seed):
    a = random_reciprocal(np.random.default_rng(seed), 1, n)[0]
    res = ahp(a, warn=False)
    assert res.lambda_max >= n - 1e-9  # Perron root of a positive reciprocal matrix
    assert consistency_ratio(a) == pytest.approx(res.cr)
    assert priority_vector(a) == pytest.approx(res.weights.to_numpy())


def test_n_le_2_is_always_consistent():
    assert ahp([[1.0]]).weights.tolist() == [1.0]
    r = ahp([[1, 3], [1 / 3, 1]])
    assert r.cr == 0 and r.is_consistent and r.weights.to_numpy() == pytest.approx([0.75, 0.25])


def test_arithmetic_is_the_column_normalised_row_mean():
    a = np.array([[1, 2, 5], [0.5, 1, 3], [0.2, 1 / 3, 1]])
    col = a / a.sum(axis=0)
    assert ahp(a, method="arithmetic").weights.to_numpy() == pytest.approx(col.mean(axis=1))


# --- results ---------------------------------------------------------------------------------------------
def test_result_methods_are_json_safe_and_plot(cases):
    m = pairwise_matrix(cases["ahp_saaty_drinks_eigenvector_cr"]["input"]["pairs_(row,col,a_row_col)"])
    res = ahp(m)
    d = json.loads(json.dumps(res.to_dict()))
    assert d["ri_table"] == "saaty" and set(d["weights"]) == set(m.index) and len(d["diagnostics"]) == 3
    assert list(res.summary().columns) == ["criterion", "weight", "rank"]
    assert res.summary()["rank"].min() == 1
    assert res.plot(language="en") is not None
    batch = ahp(np.stack([m.to_numpy()] * 3))
    assert json.loads(json.dumps(batch.to_dict()))["k"] == 3
    assert len(batch.summary()) == 21 and len(batch.consistency()) == 3


# --- bad input ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("matrix", "match"),
    [
        ([[1, 2, 3], [0.5, 1, 2]], "must be square"),
        ([[1, 3], [3, 1]], r"row 1, column 2: the matrix is not reciprocal"),
        ([[1, 0], [0, 1]], r"row 1, column 2: judgments must be positive finite"),
        ([[1, -2], [-0.5, 1]], r"row 1, column 2: judgments must be positive finite"),
        ([[1, np.nan], [np.nan, 1]], r"row 1, column 2: a judgment is missing"),
        ([[2, 1], [1, 1]], r"row 1, column 1: the diagonal"),
        ([[[1, 2], [0.5, 1]], [[1, 2], [2, 1]]], r"row 1, column 2, matrix 2: the matrix is not reciprocal"),
        ("abc", "must hold numbers"),
    ],
)
def test_bad_matrices_name_the_position(matrix, match):
    with pytest.raises(InputError, match=match):
        ahp(matrix)


def test_labels_must_match():
    frame = pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["a", "c"])
    with pytest.raises(InputError, match="differ at position 2"):
        ahp(frame)
    ok = pd.DataFrame([[1, 2], [0.5, 1]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(InputError, match="position 2"):
        ahp(ok, labels=["a", "x"])
    with pytest.raises(InputError, match="name the 2 criteria"):
        ahp([[1, 2], [0.5, 1]], labels=["a"])


def test_outside_scale_warns_and_rounded_reciprocals_pass():
    with pytest.warns(DataQualityWarning, match="outside Saaty"):
        ahp([[1, 12], [1 / 12, 1]])
    # 0.33 typed for 1/3 is accepted and reconciled symmetrically
    r = ahp([[1, 3, 1], [0.33, 1, 0.33], [1, 3, 1]])
    assert r.matrix[0, 1] * r.matrix[1, 0] == pytest.approx(1.0)


def test_bad_options():
    with pytest.raises(InputError, match="'method' parameter"):
        ahp([[1]], method="power")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="'cr_threshold'"):
        ahp([[1]], cr_threshold=2)
    with pytest.raises(InputError, match="'missing'"):
        ahp([[1]], missing="drop")  # type: ignore[arg-type]


def test_batch_warning_counts_matrices(cases):
    bad = np.asarray(cases["ahp_wang_chin_2011_6x6"]["input"]["matrix"])
    good = consistent_matrix(np.arange(1, 7) / 21)
    with pytest.warns(ConsistencyWarning, match="in 1 of 2 matrices"):
        res = ahp(np.stack([good, bad]))
    assert res.is_consistent.tolist() == [True, False]


def test_revise_judgments_applies_the_diagnostic():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = consistent_matrix(w)
    a[0, 3], a[3, 0] = 1 / 4, 4
    with pytest.warns(ConsistencyWarning):
        res = ahp(a, labels=list("abcd"))
    fixed = revise_judgments(res.matrix, res.diagnostics.head(1), labels=list("abcd"))
    assert fixed.loc["a", "d"] == 4.0 and fixed.loc["d", "a"] == 0.25
    assert ahp(fixed).cr == pytest.approx(0.0, abs=1e-9)
    assert res.matrix[0, 3] == 0.25  # the original is untouched
    with pytest.raises(InputError, match="not a criterion"):
        revise_judgments(fixed, {("a", "z"): 2})
    with pytest.raises(InputError, match="diagonal"):
        revise_judgments(fixed, {("a", "a"): 2})
    with pytest.raises(InputError, match="positive number"):
        revise_judgments(fixed, {("a", "b"): 0})


@pytest.mark.parametrize("squarings", [8, 0])
def test_perron_by_squaring_matches_lapack(squarings, monkeypatch):
    # the eigenvector method squares the stack and checks each residual; failures (forced here with no
    # squarings) are re-solved by numpy.linalg.eig, so either path agrees with LAPACK
    from perfmethods.weighting import analytic_hierarchy as ahp_module

    monkeypatch.setattr(ahp_module, "_SQUARINGS", squarings)
    stack = random_reciprocal(np.random.default_rng(11), 500, 7)
    res = ahp(stack, warn=False)
    vals, vecs = np.linalg.eig(stack)
    idx = vals.real.argmax(axis=-1)
    lam = vals.real[np.arange(500), idx]
    vec = np.abs(vecs.real[np.arange(500), :, idx])
    assert res.lambda_max == pytest.approx(lam, abs=1e-10)
    assert res.weights == pytest.approx(vec / vec.sum(axis=1, keepdims=True), abs=1e-10)


def test_diagnostics_are_ordered_by_log_error_and_state_the_cr_each_revision_gives():
    # issue 12: the first diagnostic row is the most inconsistent judgment; the revision that lowers CR most
    # among those listed is diagnostics.nsmallest(1, "cr_if_revised") (documented in revise_judgments)
    a = np.array([[1.0, 8.0, 1 / 6, 5.0], [1 / 8, 1.0, 9.0, 1 / 9], [6.0, 1 / 9, 1.0, 1 / 3],
                  [1 / 5, 9.0, 3.0, 1.0]])
    labels = list("abcd")
    with pytest.warns(ConsistencyWarning):
        res = ahp(a, labels=labels, diagnostics=6)
    d = res.diagnostics
    assert (np.diff(d["log_error"].abs().to_numpy()) <= 1e-12).all()
    for k in range(len(d)):
        revised = revise_judgments(res.matrix, d.iloc[[k]], labels=labels)
        assert ahp(revised, warn=False).cr == pytest.approx(d["cr_if_revised"].iloc[k], rel=1e-9)
    best = d.nsmallest(1, "cr_if_revised")
    assert best.index[0] != 0  # here the best revision is not the first row
    assert ahp(revise_judgments(res.matrix, best, labels=labels), warn=False).cr < d["cr_if_revised"].iloc[0]
    assert "not always" in revise_judgments.__doc__
