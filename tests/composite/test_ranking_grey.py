"""Grey relational analysis: two published worked examples, a direct formula implementation, invariants, bad input."""

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

from perfmethods.composite import GreyRelationalResult, grey_relational
from perfmethods.errors import InputError


def _direct(z: np.ndarray, z0: np.ndarray, rho: float, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Deng's coefficients and grades written out element by element (no shared code with the library)."""
    m, n = z.shape
    diffs = [[abs(z0[k] - z[i][k]) for k in range(n)] for i in range(m)]
    lo = min(min(row) for row in diffs)
    hi = max(max(row) for row in diffs)
    xi = np.array([[(lo + rho * hi) / (diffs[i][k] + rho * hi) for k in range(n)] for i in range(m)])
    grades = np.array([sum(w[k] * xi[i][k] for k in range(n)) / sum(w) for i in range(m)])
    return xi, grades


# --- reference cases ---------------------------------------------------------------------------------------
@pytest.mark.reference
def test_grey_sishoukui_ex14_5_suppliers():
    # grey_sishoukui_ex14_5_suppliers: 司守奎、孙玺菁《数学建模算法与应用》第14章 例14.5; data and program
    # personqianduixue/Math_Model@280998d007001332b41aa624a125a590982867a1 .../14第14章/ex14_5.m; printed results
    # RabbitWhite1/Mathematical-Modeling-In-Python@5f07c9562cd6531f69f1c51776933a3741612c13 '14.4 灰色关联分析法.ipynb'
    case = CASES["grey_sishoukui_ex14_5_suppliers"]
    inp, exp, tol = case["input"], case["expected"], case["tolerance"]["abs"]
    X = np.array(inp["indicators_by_supplier"]).T  # the book has indicators in rows; units are rows here
    cost = set(inp["cost_indicators_1based"])
    directions = ["cost" if k + 1 in cost else "benefit" for k in range(X.shape[1])]
    res = grey_relational(X, directions=directions)
    assert res.grades.to_numpy() == pytest.approx(exp["grades"], abs=tol)
    assert res.coefficients.iloc[:, 0].to_numpy() == pytest.approx(exp["coefficients_first_indicator"], abs=tol)
    assert res.rank.tolist().index(1) + 1 == exp["best_supplier_1based"]
    assert res.reference.to_numpy() == pytest.approx(np.ones(9))
    assert (res.delta_min, res.delta_max) == (0.0, 1.0)


@pytest.mark.reference
def test_grey_jmcdm_yildirim_onder_2015():
    # grey_jmcdm_yildirim_onder_2015: jbytecode/JMcDM@9bd395a4cc21d8e57d16656cdf2961ac523bc491 test/mcdm/testgra.jl;
    # Yıldırım & Önder (eds.) (2015) Çok Kriterli Karar Verme Yöntemleri, Dora
    case = CASES["grey_jmcdm_yildirim_onder_2015"]
    inp = case["input"]
    res = grey_relational(inp["matrix"], weights=inp["weights"], directions=inp["directions"])
    assert res.grades.to_numpy() == pytest.approx(case["expected"]["grades"], abs=case["tolerance"]["abs"])
    assert res.rank.tolist().index(1) + 1 == case["expected"]["best_1based"]


@pytest.mark.parametrize("normalization", ["minmax", "mean", "initial", None])
@pytest.mark.parametrize("rho", [0.5, 0.2, 1.0])
def test_matches_the_formula_written_out(normalization, rho):
    X = np.array([[105000, 105, 10, 4], [120000, 110, 15, 4], [150000, 120, 12, 3], [115000, 105, 20, 5.0]])
    sign = np.array([-1, 1, -1, 1])
    w = np.array([0.1, 0.3, 0.2, 0.4])
    if normalization == "minmax":
        lo, hi = X.min(axis=0), X.max(axis=0)
        z = np.where(sign > 0, (X - lo) / (hi - lo), (hi - X) / (hi - lo))
        z0 = z.max(axis=0)
    else:
        z = X / X.mean(axis=0) if normalization == "mean" else X / X[0] if normalization == "initial" else X
        z0 = np.where(sign > 0, z.max(axis=0), z.min(axis=0))
    xi, grades = _direct(z, z0, rho, w)
    res = grey_relational(X, rho=rho, normalization=normalization, weights=w, directions=sign.tolist())
    assert res.coefficients.to_numpy() == pytest.approx(xi, rel=1e-12)
    assert res.grades.to_numpy() == pytest.approx(grades, rel=1e-12)


def test_a_given_reference_is_preprocessed_like_the_data():
    X = pd.DataFrame({"a": [2.0, 4.0, 6.0], "b": [10.0, 30.0, 20.0]}, index=["甲", "乙", "丙"])
    ideal = grey_relational(X)
    assert grey_relational(X, reference={"a": 6.0, "b": 30.0}).grades.to_numpy() == pytest.approx(
        ideal.grades.to_numpy())
    target = grey_relational(X, reference=[4.0, 20.0], normalization="mean")
    assert target.reference.to_numpy() == pytest.approx([1.0, 1.0])
    # X / mean: a = [0.5, 1, 1.5], b = [0.5, 1.5, 1]; Δ = [[.5, .5], [0, .5], [.5, 0]]; Δmin = 0, Δmax = 0.5
    assert target.grades.to_numpy() == pytest.approx([1 / 3, 2 / 3, 2 / 3])
    assert target.rank.tolist() == [3, 1, 1]


# --- invariants --------------------------------------------------------------------------------------------
@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(), st.sampled_from(["minmax", "mean", None]), st.floats(0.01, 1.0), st.data())
def test_grades_lie_in_zero_one(X, normalization, rho, data):
    res = grey_relational(X, rho=rho, normalization=normalization, weights=data.draw(positive_weights(X.shape[1])))
    xi, g = res.coefficients.to_numpy(), res.grades.to_numpy()
    assert np.all((xi > 0) & (xi <= 1 + 1e-12)) and np.all((g > 0) & (g <= 1 + 1e-12))


@pytest.mark.property
@settings(max_examples=60)
@given(decision_matrices(), st.floats(0.01, 0.99), st.floats(0.01, 0.5), st.data())
def test_grades_never_decrease_when_rho_grows(X, rho, step, data):
    w = data.draw(positive_weights(X.shape[1]))
    low = grey_relational(X, rho=rho, weights=w)
    high = grey_relational(X, rho=min(rho + step, 1.0), weights=w)
    assert np.all(high.coefficients.to_numpy() >= low.coefficients.to_numpy() - 1e-12)
    assert np.all(high.grades.to_numpy() >= low.grades.to_numpy() - 1e-12)


@pytest.mark.property
@settings(max_examples=40)
@given(decision_matrices(min_units=2, max_units=7))
def test_the_ideal_unit_has_grade_one(X):
    res = grey_relational(np.vstack([X, X.max(axis=0)]))
    assert res.grades.iloc[-1] == pytest.approx(1.0) and res.rank.iloc[-1] == 1


# --- bad input ---------------------------------------------------------------------------------------------
def test_bad_input_is_named():
    X = pd.DataFrame({"a": [1.0, 2.0, 3.0], "b": [0.0, 5.0, -5.0]}, index=["甲", "乙", "丙"])
    with pytest.raises(InputError, match=r"'rho' parameter of grey_relational must be a number in \(0, 1\]"):
        grey_relational(X, rho=0)
    with pytest.raises(InputError, match="divides by each indicator's mean") as err:
        grey_relational(X, normalization="mean")
    assert err.value.location["indicator"] == "b"
    with pytest.raises(InputError, match="value of the first unit"):
        grey_relational(X, normalization="initial")
    with pytest.raises(InputError, match="'reference'") as err:
        grey_relational(X, reference={"a": 1.0, "b": np.nan})
    assert err.value.location["indicator"] == "b"
    with pytest.raises(InputError, match=r"one reference value per indicator \(2\).*got 1 instead"):
        grey_relational(X, reference=[1.0])
    with pytest.raises(InputError, match="same value for every unit"):
        grey_relational(X.assign(c=1.0))
    with pytest.raises(InputError, match="every unit equals the reference"):
        grey_relational(pd.DataFrame({"a": [1.0, 1.0]}), normalization=None)


# --- the result --------------------------------------------------------------------------------------------
def test_result_protocol():
    X = pd.DataFrame({"生均经费": [1.2, 1.5, 0.9], "升学率": [0.8, 0.85, 0.7]}, index=["甲区", "乙区", "丙区"])
    res = grey_relational(X)
    assert isinstance(res, GreyRelationalResult)
    frame = res.to_frame()
    assert frame.index.name == "unit" and list(frame.columns) == ["生均经费", "升学率", "grade", "rank"]
    assert res.summary()["unit"].iloc[0] == res.best == "乙区"
    json.dumps(res.to_dict(), allow_nan=False, ensure_ascii=False)
    fig, ax = plt.subplots()
    assert res.plot(ax=ax, language="zh") is ax and "ρ = 0.5" in ax.get_title()
    assert res.plot(ax=ax, language="en") is ax
    plt.close(fig)
