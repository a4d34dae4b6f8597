"""Published peer results reproduced to their printed precision, and every unit cross-checked against a plain
per-unit ``scipy.optimize.linprog`` formulation (``efficiency_helpers.plain_dea`` / ``plain_theta``): DEA scores and
maximal slack sums, super-efficiency, the NIRS returns-to-scale test and every cross-period efficiency behind
the Malmquist index.

Cases (tests/efficiency/data/efficiency_cases.json; sources in tests/efficiency/data/README.md):

* ``fls_radial_dea_julia`` — javierbarbero/DataEnvelopmentAnalysis.jl@2e327f725f7988c84a11cb38e825b49e028ee888
  test/dea.jl (FLS book data, checked there against R): CCR/BCC × input/output scores, maximal slacks, λ.
* ``coelli_five_firms_pydea`` — araith/pyDEA@15bbed45ff07d7e1d8776a1e54b75bce3f93842a
  tests/test_CRS_env_input_oriented_model.py, tests/test_VRS_env_output_oriented_model.py.
* ``pydea_example2_ccr_and_super_efficiency`` — araith/pyDEA@15bbed45ff07d7e1d8776a1e54b75bce3f93842a
  tests/test_CRS_env_input_oriented_model.py::_check_large_model, tests/test_super_efficiency.py.
* ``malmquist_julia_five_units`` — javierbarbero/DataEnvelopmentAnalysis.jl@290feb4027177ff07a42a22b3fc7005e6d32a43f
  test/malmquist.jl.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from efficiency_helpers import CASES, case_frames, dense_lambdas, plain_dea, plain_theta, quiet, random_case
from numpy.testing import assert_allclose

from perfmethods.efficiency import dea, malmquist, scale_efficiency, super_efficiency

pytestmark = pytest.mark.reference

COMBOS = [("ccr", "input", "crs_input"), ("ccr", "output", "crs_output"), ("bcc", "input", "vrs_input"),
          ("bcc", "output", "vrs_output")]


@pytest.mark.parametrize("model,orientation,key", COMBOS)
def test_fls_scores_slacks_and_lambdas_match_julia(model, orientation, key):
    case = CASES["fls_radial_dea_julia"]
    expected = case["expected"][key]
    tol = case["tolerance"]["abs"]
    x, y = case_frames("fls_radial_dea_julia")
    res = quiet(dea, x, y, model=model, orientation=orientation)
    assert_allclose(res.score.to_numpy(), expected["score"], atol=tol)
    assert_allclose(res.efficiency.to_numpy(), 1 / np.asarray(expected["score"]) if orientation == "output"
                    else expected["score"], atol=tol)
    assert_allclose(res.slacks[["x1", "x2"]].to_numpy(), expected["slack_x"], atol=1e-6)
    assert_allclose(res.slacks["y"].to_numpy(), expected["slack_y"], atol=1e-6)
    assert_allclose(res.lambdas.to_numpy(), dense_lambdas(expected["lambdas"], list(x.index)), atol=1e-6)
    assert res.peers["J"] == tuple(expected["lambdas"]["J"])


def test_fls_status_follows_the_slacks():
    x, y = case_frames("fls_radial_dea_julia")
    res = quiet(dea, x, y)
    # θ* = 1 for A, D, G, K; K keeps an excess of 4 of x2 (Julia's slack), so it is only weakly efficient
    assert res.status[["A", "D", "G"]].eq("efficient").all()
    assert res.status["K"] == "weakly_efficient"
    assert res.status.drop(["A", "D", "G", "K"]).eq("inefficient").all()


@pytest.mark.parametrize("key,model,orientation", [("crs_input", "ccr", "input"), ("vrs_output", "bcc", "output")])
def test_coelli_five_firms_match_pydea(key, model, orientation):
    case = CASES["coelli_five_firms_pydea"]
    expected = case["expected"][key]
    x, y = case_frames("coelli_five_firms_pydea")
    res = quiet(dea, x, y, model=model, orientation=orientation)
    assert_allclose(res.efficiency.to_numpy(), expected["efficiency"], atol=1e-8)
    assert_allclose(res.lambdas.to_numpy(), dense_lambdas(expected["lambdas"], list(x.index)), atol=1e-8)


def test_example2_ccr_and_super_efficiency_match_pydea():
    case = CASES["pydea_example2_ccr_and_super_efficiency"]
    x, y = case_frames("pydea_example2_ccr_and_super_efficiency")
    res = quiet(dea, x, y)
    assert_allclose(res.efficiency.to_numpy(), case["expected"]["crs_input"]["efficiency"], atol=1e-8)
    sup = quiet(super_efficiency, x, y)
    assert_allclose(sup.efficiency.to_numpy(), case["expected"]["super_crs_input"]["efficiency"],
                    atol=case["tolerance"]["abs"])
    assert sup.feasible.all()
    assert sup.rank["F"] == 1 and sup.rank["I"] == 2


def test_malmquist_matches_julia():
    case = CASES["malmquist_julia_five_units"]
    x, y = np.asarray(case["input"]["x"]), np.asarray(case["input"]["y"])
    panel = pd.DataFrame([{"unit": f"u{j + 1}", "year": 2020 + t, "x": x[t, j], "y": y[t, j]}
                          for t in range(x.shape[0]) for j in range(x.shape[1])])
    for orientation in ("input", "output"):  # equal under constant returns (Julia tests this too)
        res = quiet(malmquist, panel, unit="unit", period="year", inputs="x", outputs="y", orientation=orientation)
        for column, rows in case["expected"].items():
            got = res.indices.pivot(index="base", columns="unit", values=column).to_numpy()
            assert_allclose(got, rows, atol=case["tolerance"]["abs"], err_msg=column)
    two = quiet(malmquist, panel[panel["year"] < 2022], unit="unit", period="year", inputs="x", outputs="y")
    assert_allclose(two.indices["malmquist"], case["expected"]["malmquist"][0], atol=1e-9)


# ---- cross-check: every unit against a plain per-unit linprog ------------------------------------------------


@pytest.mark.parametrize("data", ["fls", "example2", "random"])
@pytest.mark.parametrize("model,orientation", [("ccr", "input"), ("ccr", "output"), ("bcc", "input"),
                                               ("bcc", "output")])
def test_every_unit_matches_a_plain_per_unit_linprog(data, model, orientation):
    x, y = {"fls": lambda: case_frames("fls_radial_dea_julia"),
            "example2": lambda: case_frames("pydea_example2_ccr_and_super_efficiency"),
            "random": lambda: random_case(7)}[data]()
    res = quiet(dea, x, y, model=model, orientation=orientation)
    rts = "crs" if model == "ccr" else "vrs"
    scores, slack_sums = plain_dea(x.to_numpy(), y.to_numpy(), rts, orientation)
    assert_allclose(res.score.to_numpy(), scores, rtol=1e-7, atol=1e-8)
    # the maximal slack sum is unique even where the slacks themselves are not
    assert_allclose(res.slacks.to_numpy().sum(axis=1), slack_sums, rtol=1e-6, atol=1e-5)


@pytest.mark.parametrize("model,orientation", [("ccr", "input"), ("ccr", "output"), ("bcc", "input"),
                                               ("bcc", "output")])
def test_super_efficiency_matches_a_plain_per_unit_linprog(model, orientation):
    x, y = random_case(11, n=25)
    res = quiet(super_efficiency, x, y, model=model, orientation=orientation)
    scores, _ = plain_dea(x.to_numpy(), y.to_numpy(), "crs" if model == "ccr" else "vrs", orientation,
                          exclude_self=True)
    expected = scores if orientation == "input" else 1 / scores
    assert_allclose(res.efficiency.to_numpy(), expected, rtol=1e-7, equal_nan=True)
    assert (res.feasible.to_numpy() == np.isfinite(scores)).all()


def test_bcc_super_efficiency_reports_infeasible_units():
    # FLS data, BCC input orientation: unit I produces the largest output (31), so no convex combination of the
    # other units reaches it and its super-efficiency programme has no solution (Seiford & Zhu 1999).
    x, y = case_frames("fls_radial_dea_julia")
    res = quiet(super_efficiency, x, y, model="bcc")
    scores, _ = plain_dea(x.to_numpy(), y.to_numpy(), "vrs", "input", exclude_self=True)
    assert list(res.feasible[~res.feasible].index) == ["I"]
    assert np.isnan(scores[list(x.index).index("I")])
    assert np.isnan(res.efficiency["I"]) and pd.isna(res.rank["I"])
    assert res.to_dict()["units"][8]["super_efficiency"] is None


def test_scale_efficiency_of_the_fls_data():
    x, y = case_frames("fls_radial_dea_julia")
    res = quiet(scale_efficiency, x, y)
    crs = np.asarray(CASES["fls_radial_dea_julia"]["expected"]["crs_input"]["score"])
    vrs = np.asarray(CASES["fls_radial_dea_julia"]["expected"]["vrs_input"]["score"])
    assert_allclose(res.scale.to_numpy(), crs / vrs, atol=1e-8)
    # A, D, G, K lie on both frontiers; among the rest, the NIRS test separates too small from too large
    assert set(res.returns_to_scale[res.returns_to_scale == "constant"].index) == {"A", "D", "G", "K"}
    assert res.returns_to_scale["E"] == "increasing"  # output 8, the smallest producer: too small
    assert res.returns_to_scale["I"] == "decreasing"  # output 31, the largest: too large


def test_scale_classification_matches_plain_nirs_programmes():
    x, y = random_case(3, n=30)
    res = quiet(scale_efficiency, x, y)
    xa, ya = x.to_numpy(), y.to_numpy()
    for i, unit in enumerate(x.index):
        crs, vrs, nirs = (plain_theta(xa[i], ya[i], xa, ya, rts) for rts in ("crs", "vrs", "nirs"))
        expected = ("constant" if crs / vrs > 1 - 1e-6 else "decreasing" if abs(nirs - vrs) <= 1e-6
                    else "increasing")
        assert res.returns_to_scale[unit] == expected, unit
        assert res.nirs[unit] == pytest.approx(nirs, rel=1e-7)


def test_malmquist_matches_plain_cross_period_programmes():
    rng = np.random.default_rng(17)
    n, periods = 12, [2021, 2022, 2023]
    x = rng.uniform(5, 50, (len(periods), n, 2))
    y = rng.uniform(5, 50, (len(periods), n, 2))
    panel = pd.DataFrame([{"unit": f"u{j}", "year": p, "x0": x[t, j, 0], "x1": x[t, j, 1], "y0": y[t, j, 0],
                           "y1": y[t, j, 1]} for t, p in enumerate(periods) for j in range(n)])
    res = quiet(malmquist, panel, unit="unit", period="year", inputs=["x0", "x1"], outputs=["y0", "y1"])
    got = res.indices.set_index(["base", "unit"])
    for t in range(len(periods) - 1):
        for j in range(n):
            e = {(a, b): plain_theta(x[b, j], y[b, j], x[a], y[a]) for a in (t, t + 1) for b in (t, t + 1)}
            v0, v1 = plain_theta(x[t, j], y[t, j], x[t], y[t], "vrs"), plain_theta(x[t + 1, j], y[t + 1, j],
                                                                                  x[t + 1], y[t + 1], "vrs")
            ec = e[(t + 1, t + 1)] / e[(t, t)]
            tc = np.sqrt(e[(t, t + 1)] / e[(t + 1, t + 1)] * e[(t, t)] / e[(t + 1, t)])
            row = got.loc[(periods[t], f"u{j}")]
            assert row["efficiency_change"] == pytest.approx(ec, rel=1e-7)
            assert row["technical_change"] == pytest.approx(tc, rel=1e-7)
            assert row["pure_efficiency_change"] == pytest.approx(v1 / v0, rel=1e-7)
