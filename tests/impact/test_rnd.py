"""Tests of perfmethods.impact.rnd: perpetual-inventory R&D stock, Almon distributed lag, benefit flows.

Reference: ``rd_capital_stock_pim_constructed`` in /work/shared/reference/impact_cases.json (Griliches 1980 /
Hall & Mairesse 1995 convention; R = [100, 110, 121], g = 0.10, delta = 0.15 → K = [400, 450, 503.5]).
"""

from __future__ import annotations

import dataclasses
import json
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.datasets import simulate_science_programme
from perfmethods.errors import InputError, PerfMethodsWarning
from perfmethods.impact import benefit_flows, rd_capital_stock, rd_returns


@pytest.fixture(scope="module")
def programme():
    return simulate_science_programme(4, n_firms=300)


@pytest.mark.reference
def test_perpetual_inventory_reference_case():
    """impact_cases.json: rd_capital_stock_pim_constructed, tolerance abs 1e-9."""
    with pytest.warns(PerfMethodsWarning, match="initial stock"):
        res = rd_capital_stock(pd.Series([100.0, 110.0, 121.0], index=[2020, 2021, 2022]), growth=0.10, delta=0.15)
    np.testing.assert_allclose(res.stock["stock"], [400.0, 450.0, 503.5], atol=1e-9)


def test_timing_and_initial_variants():
    r = [100.0, 110.0, 121.0, 133.1]
    kw = dict(growth=0.10, delta=0.15)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PerfMethodsWarning)
        beg = rd_capital_stock(r, timing="beginning", **kw).stock["stock"].to_numpy()
        mid = rd_capital_stock(r, timing="mid", **kw).stock["stock"].to_numpy()
        ss_end = rd_capital_stock(r, initial="steady_state", **kw).stock["stock"].to_numpy()
        ss_beg = rd_capital_stock(r, timing="beginning", initial="steady_state", **kw).stock["stock"].to_numpy()
    np.testing.assert_allclose(beg[:3], [400.0, 0.85 * 400 + 100, 0.85 * (0.85 * 400 + 100) + 110])
    assert mid[1] == pytest.approx(0.85 * 400 + 0.925 * 110)
    # on an exact steady-state path (R grows at g) the steady-state start keeps K/R constant
    np.testing.assert_allclose(ss_end / np.array(r), 1.1 / 0.25)
    np.testing.assert_allclose(ss_beg[1:] / np.array(r)[:-1], 1.1 / 0.25)


def test_deflator_and_panel(programme):
    data, _ = programme
    p = data["panel"]
    deflator = p.drop_duplicates("year").set_index("year")["deflator"]
    res = rd_capital_stock(p, rd="rd_spending_nominal", unit="firm_id", time="year", deflator=deflator)
    assert res.price_base_year == 2015
    np.testing.assert_allclose(res.stock["rd"], p["rd_spending"], atol=1e-3)  # deflated back to 2015 prices
    with pytest.raises(InputError, match="deflator"):
        rd_capital_stock(p, rd="rd_spending_nominal", unit="firm_id", time="year", deflator=deflator.iloc[:-1])


@pytest.mark.property
@settings(max_examples=25, deadline=None)
@given(r=st.lists(st.floats(0.0, 1e4), min_size=2, max_size=12), delta=st.floats(0.01, 0.99),
       g=st.floats(0.0, 0.3), scale=st.floats(0.01, 100.0))
def test_stock_is_linear_and_satisfies_recursion(r, delta, g, scale):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        k = rd_capital_stock(r, delta=delta, growth=g).stock["stock"].to_numpy()
        k2 = rd_capital_stock(np.array(r) * scale, delta=delta, growth=g).stock["stock"].to_numpy()
    np.testing.assert_allclose(k2, k * scale, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(k[1:], (1 - delta) * k[:-1] + np.array(r)[1:], rtol=1e-9, atol=1e-6)
    assert k[0] == pytest.approx(r[0] / (g + delta))


def test_almon_recovers_planted_lag_weights(programme):
    data, truth = programme
    res = rd_returns(data["panel"], outcome="revenue", rd="rd_spending", unit="firm_id", time="year", lags=4,
                     degree=2)
    beta = np.array(truth["revenue"]["lag_weights"])
    lg = res.lags
    assert ((lg["ci_low"] < beta) & (beta < lg["ci_high"])).all()
    assert res.ci[0] < truth["revenue"]["total_return"] < res.ci[1]
    assert res.diagnostics["restriction_test"]["p_value"] > 0.01  # the quadratic restriction is true


def test_almon_full_degree_equals_unrestricted(programme):
    data, _ = programme
    res = rd_returns(data["panel"], outcome="revenue", rd="rd_spending", unit="firm_id", time="year", lags=3,
                     degree=3)
    np.testing.assert_allclose(res.lags["estimate"], res.lags["unrestricted"], rtol=1e-7)


def test_rd_returns_bad_input(programme):
    p = programme[0]["panel"]
    with pytest.raises(InputError, match="degree"):
        rd_returns(p, outcome="revenue", rd="rd_spending", unit="firm_id", time="year", lags=2, degree=3)
    with pytest.raises(InputError, match="too few"):
        rd_returns(p, outcome="revenue", rd="rd_spending", unit="firm_id", time="year", lags=13)
    with pytest.raises(InputError, match="consecutive"):
        rd_returns(p[p["year"] != 2015], outcome="revenue", rd="rd_spending", unit="firm_id", time="year")
    with pytest.raises(InputError, match="non-negative"):
        rd_capital_stock([100.0, -1.0])
    with pytest.raises(InputError, match="delta"):
        rd_capital_stock([100.0, 110.0], delta=1.5)


def test_benefit_flows_for_cba():
    flows = benefit_flows([0.2, 0.35, 0.4, 0.35, 0.2], {2025: 100.0, 2026: 50.0}, price_base_year=2024)
    assert flows["year"].tolist() == list(range(2025, 2031))  # last spending year + 4 lags
    np.testing.assert_allclose(flows["cost"], [100, 50, 0, 0, 0, 0])
    np.testing.assert_allclose(flows["benefit"], np.convolve([100, 50], [0.2, 0.35, 0.4, 0.35, 0.2]))
    assert flows["benefit"].sum() == pytest.approx(1.5 * 150)
    assert flows.attrs["price_base_year"] == 2024 and flows.attrs["discounted"] is False
    assert (flows["price_base_year"] == 2024).all()
    tail = benefit_flows([0.2, 0.4], {2025: 100.0}, price_base_year=2024, persistence=0.5, horizon=10)
    np.testing.assert_allclose(tail["benefit"].to_numpy()[:4], [20.0, 40.0, 20.0, 10.0])
    with pytest.raises(InputError, match="persistence"):
        benefit_flows([0.2], {2025: 1.0}, price_base_year=2024, persistence=1.0)


def test_contract(programme):
    data, _ = programme
    stock = rd_capital_stock(data["panel"], rd="rd_spending", unit="firm_id", time="year")
    ret = rd_returns(data["panel"], outcome="revenue", rd="rd_spending", unit="firm_id", time="year")
    for obj in (stock, ret):
        assert type(obj).__dataclass_params__.frozen
        with pytest.raises(dataclasses.FrozenInstanceError):
            obj.n = 0
        assert isinstance(obj.summary(), pd.DataFrame) and len(obj.summary()) > 0
        json.dumps(obj.to_dict(), allow_nan=False)
        fig, ax = plt.subplots()
        for lang in ("zh", "en"):
            assert obj.plot(ax=ax, language=lang) is ax
        plt.close(fig)
