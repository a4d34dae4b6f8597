"""NPV, IRR (every root), MIRR, BCR, EAV, payback, CER/ICER, least cost."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from perfmethods.cba import bcr, cost_effectiveness, eav, irr, least_cost, mirr, npv, npv_dated, payback
from perfmethods.errors import InputError

# numpy_financial/tests/test_financial.py (numpy-financial 1.0.0 wheel; values also in the project digest §1.1)
NPF_IRR = [
    ([-150000, 15000, 25000, 35000, 45000, 60000], 0.05243288885941433),
    ([-100, 0, 0, 74], -0.0954958303489728),
    ([-100, 39, 59, 55, 20], 0.28094842115996066),
    ([-100, 100, 0, 7], 0.06205848562992955),
    ([-40000, 5000, 8000, 12000, 30000], 0.10582259840890185),
]


@pytest.mark.reference
def test_npv_and_mirr_reproduce_reference_case(case):
    """Case 'numpy_financial_npv_and_mirr' (numpy_financial/tests/test_financial.py::test_npv, test_mirr; npv()
    docstring at numpy/numpy-financial HEAD f47e8af); scalars abs 1e-8, the 2-D docstring example to 2 dp."""
    e = case("numpy_financial_npv_and_mirr")["expected"]
    assert npv([-15000, 1500, 2500, 3500, 4500, 6000], 0.05) == pytest.approx(
        e["npv(0.05,[-15000,1500,2500,3500,4500,6000])"], abs=1e-8)
    assert npv([-40000, 5000, 8000, 12000, 30000], 0.08) == pytest.approx(
        e["npv(0.08,[-40000,5000,8000,12000,30000])"], abs=1e-5)
    got = npv([[-4000, 500, 800], [-5000, 600, 900]], [0, 0.05, 0.10])
    np.testing.assert_allclose(got, e["npv(rates=[0,0.05,0.10], values=[[-4000,500,800],[-5000,600,900]])"],
                               atol=0.006)
    assert mirr([-4500, -800, 800, 800, 600, 600, 800, 800, 700, 3000], 0.08, 0.055) == pytest.approx(
        e["mirr([-4500,-800,800,800,600,600,800,800,700,3000],0.08,0.055)"], abs=1e-12)
    assert mirr([-120000, 39000, 30000, 21000, 37000, 46000], 0.10, 0.12) == pytest.approx(
        e["mirr([-120000,39000,30000,21000,37000,46000],0.10,0.12)"], abs=1e-12)
    # Excel convention through a leading zero (digest §1.1)
    assert npv([0, 100, 100], 0.1) == pytest.approx(100 / 1.1 + 100 / 1.21)


@pytest.mark.reference
@pytest.mark.parametrize("flows, expected", NPF_IRR)
def test_irr_unique_roots_match_numpy_financial(flows, expected):
    """numpy-financial 1.0.0 test_irr values (numpy_financial/tests/test_financial.py)."""
    res = irr(flows)
    assert res.flag == "unique"
    assert res.value == pytest.approx(expected, abs=1e-10)
    assert res.roots == (res.value,)
    assert npv(flows, res.value) == pytest.approx(0, abs=1e-8)


@pytest.mark.reference
def test_irr_several_roots_are_all_returned_never_picked():
    """npf.irr([-5, 10.5, 1, -8, 1]) = 0.08859833852775534 and npf.irr([-100, 100, 0, -7]) = -0.0832996661849
    (numpy-financial tests): npf silently picks one root; we return them all with flag 'multiple'."""
    res = irr([-5, 10.5, 1, -8, 1])
    assert res.flag == "multiple" and np.isnan(res.value) and len(res.roots) == 3
    assert min(abs(np.array(res.roots) - 0.08859833852775534)) < 1e-10
    assert list(res.roots) == sorted(res.roots)
    res2 = irr([-100, 100, 0, -7])
    assert res2.flag == "multiple" and min(abs(np.array(res2.roots) + 0.08329966618493256)) < 1e-10
    # a textbook two-root case: -100 + 230/(1+r) - 132/(1+r)^2 has roots 10 % and 20 %
    np.testing.assert_allclose(irr([-100, 230, -132]).roots, [0.1, 0.2], atol=1e-10)
    none = irr([-1, -2, -3])
    assert none.flag == "none" and none.roots == () and np.isnan(none.value)
    d = none.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["value"] is None


def test_irr_result_contract():
    res = irr([-100, 230, -132])
    assert res.summary()["npv_at_root"].abs().max() < 1e-8
    fig, ax = plt.subplots()
    assert res.plot(ax=ax, language="en") is ax
    plt.close(fig)
    assert irr([0, 0, -100, 110]).roots == pytest.approx((0.1,))
    with pytest.raises(InputError, match="all zero"):
        irr([0, 0, 0])
    with pytest.raises(InputError, match="year t = 2"):
        irr([-100, 50, np.nan, 60])


@pytest.mark.reference
def test_dated_npv_reproduces_excel_xnpv():
    """Microsoft Excel documentation, XNPV function example (rate 9 %, five dated flows) = 2086.65; and XIRR
    function example: the same flows have XIRR 0.373362535, so their dated NPV at that rate is ~0."""
    amounts = [-10000, 2750, 4250, 3250, 2750]
    dates = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
    assert npv_dated(amounts, dates, 0.09) == pytest.approx(2086.65, abs=0.005)
    assert abs(npv_dated(amounts, dates, 0.373362535)) < 1e-3
    # order does not matter; yearly dates reduce to npv
    assert npv_dated(amounts[::-1], dates[::-1], 0.09) == pytest.approx(npv_dated(amounts, dates, 0.09))
    yearly = ["2020-01-01", "2021-01-01", "2022-01-01"]
    assert npv_dated([-100, 60, 60], yearly, 0.05, days_per_year=365.5) == pytest.approx(
        npv([-100, 60, 60], 0.05), rel=1e-3)
    with pytest.raises(InputError, match="before the base date"):
        npv_dated(amounts, dates, 0.09, base_date="2008-02-01")
    with pytest.raises(InputError, match="one date per amount"):
        npv_dated(amounts, dates[:3], 0.09)


def test_bcr_eav_payback_worked_values():
    # 10-year annuity: EAV of a PV equals the annuity payment
    flows = np.r_[-1000, np.full(10, 150.0)]
    r = 0.035
    af = (1 - 1.035 ** -10) / 0.035
    assert eav(flows, r) == pytest.approx(npv(flows, r) / af)
    assert eav(np.r_[0, np.full(10, 150.0)], r) == pytest.approx(150.0)
    assert bcr(np.r_[0, np.full(10, 150.0)], np.r_[1000, np.zeros(10)], r) == pytest.approx(150 * af / 1000)
    assert payback([-100, 30, 40, 50, 60]) == pytest.approx(2.6)
    assert payback([-100, 30, 40, 50, 60], 0.1) == pytest.approx(
        3 + (100 - 30 / 1.1 - 40 / 1.21 - 50 / 1.331) / (60 / 1.1 ** 4))
    assert np.isnan(payback([-100, 10, 10]))
    assert payback([10, 10]) == 0.0
    # a late cost after payback: payback is when the cumulative flow is >= 0 for good
    assert payback([-100, 150, -100, 100]) == pytest.approx(2.5)
    with pytest.raises(InputError, match="present value <= 0"):
        bcr([1, 2], [0, 0], 0.05)


def test_cost_effectiveness_dominance_and_icer():
    # Drummond et al. (2015) ch. 4 style example: A reference, C extendedly dominated, F strongly dominated
    opts = {"A": ([100], 10), "B": ([300], 20), "C": ([250], 12), "D": ([1000], 40), "E": ([620], 30),
            "F": ([700], 25)}
    res = cost_effectiveness(opts, 0.0)
    t = res.table.set_index("option")
    assert t.loc["A", "status"] == "reference" and t.loc["C", "status"] == "extendedly dominated"
    assert t.loc["F", "status"] == "dominated"
    assert t.loc["B", "icer"] == pytest.approx(20.0) and t.loc["E", "icer"] == pytest.approx(32.0)
    assert t.loc["D", "icer"] == pytest.approx(38.0)
    assert t.loc["B", "cer"] == pytest.approx(15.0)
    assert res.best == "A"
    json.dumps(res.to_dict(), allow_nan=False)
    # discounted yearly effects
    r = cost_effectiveness({"x": ([100, 0], [0, 11])}, 0.1)
    assert r.table["effect"].iloc[0] == pytest.approx(10.0)
    with pytest.raises(InputError, match="effect <= 0"):
        cost_effectiveness({"x": ([100], 0)}, 0.1)


def test_least_cost_ranks_by_pv_and_eac():
    res = least_cost({"build": [1000, 20, 20, 20], "lease": [0, 380, 380, 380]}, 0.08)
    t = res.table.set_index("option")
    assert t.loc["build", "pv_cost"] == pytest.approx(npv([1000, 20, 20, 20], 0.08))
    assert res.best == ("build" if t.loc["build", "pv_cost"] < t.loc["lease", "pv_cost"] else "lease")
    assert t["rank"].tolist() in ([1, 2], [2, 1])
    fig, ax = plt.subplots()
    assert res.plot(ax=ax) is ax
    plt.close(fig)


@pytest.mark.parametrize("func, args, match", [
    (npv, ([-100, 50], -1.0), "greater than -1"),
    (npv, ([-100, 50], "eu_2014"), "unknown schedule name 'eu_2014'"),
    (npv, ([], 0.05), "at least one year"),
    (npv, (5.0, 0.05), "scalar"),
    (mirr, ([-100, 50, 60], 0.1, -1.5), "reinvest_rate"),
])
def test_bad_input_raises(func, args, match):
    with pytest.raises(InputError, match=match):
        func(*args)


flows_st = arrays(float, st.integers(2, 30), elements=st.floats(-1e6, 1e6, allow_subnormal=False))


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(a=flows_st, k=st.floats(-5, 5), rate=st.floats(-0.5, 0.5), name=st.sampled_from(["green_book", "china_2006"]))
def test_npv_is_linear_in_the_flows(a, k, rate, name):
    b = a[::-1].copy()
    for r in (rate, name):
        lhs = npv(k * a + b, r)
        rhs = k * npv(a, r) + npv(b, r)
        assert lhs == pytest.approx(rhs, rel=1e-9, abs=1e-6 * (1 + np.abs(a).sum() * (1 + abs(k))))


@pytest.mark.property
@settings(max_examples=60, deadline=None)
@given(flows=arrays(float, st.integers(2, 15), elements=st.integers(-1000, 1000).map(float)))
def test_npv_is_zero_at_each_returned_irr(flows):
    if not np.any(flows):
        return
    res = irr(flows)
    for r in res.roots:
        assert r > -1
        scale = npv(np.abs(flows), r)  # the size of the discounted terms
        assert abs(npv(flows, r)) <= 1e-8 * scale
    assert len(res.roots) <= res.sign_changes  # Descartes' rule of signs
    if res.flag == "unique":
        assert res.value == res.roots[0]


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(flows=arrays(float, st.integers(2, 12), elements=st.integers(-1000, 1000).map(float)),
       fr=st.floats(0, 0.3), rr=st.floats(0, 0.3))
def test_mirr_matches_numpy_financial(flows, fr, rr):
    """Peer check against numpy-financial 1.0.0 ``mirr`` (skipped when the peer is not installed)."""
    npf = pytest.importorskip("numpy_financial")
    ours, theirs = mirr(flows, fr, rr), npf.mirr(flows, fr, rr)
    assert (np.isnan(ours) and np.isnan(theirs)) or ours == pytest.approx(theirs, rel=1e-10, abs=1e-12)
