"""NPV models, one-way sensitivity, switching values, scenarios."""

from __future__ import annotations

import json

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfmethods.cba import CashFlows
from perfmethods.cba.model import FunctionModel, NPVModel
from perfmethods.cba.risk import one_way_sensitivity, scenarios, switching_values
from perfmethods.errors import InputError


def box15() -> CashFlows:
    """Green Book (2003) Box 15: an IT system costs £1m and saves £150k a year for 10 years."""
    t = pd.DataFrame({"cost": [1e6] + [0.0] * 10, "savings": [0.0] + [150e3] * 10}, index=range(2003, 2014))
    return CashFlows.from_wide(t, kinds={"cost": "cost", "savings": "benefit"}, price_base=2003, unit="£")


@pytest.mark.reference
def test_green_book_box15_npv_and_switching_value():
    """HM Treasury, *The Green Book* (2003), Box 15 (its worked sensitivity example): NPV £247,000
    at 3.5 %, -£168,000 with 10 staff (saving £100k); reproduced 247,490.80 and -168,339.47; switching value of the
    saving £120,241 a year."""
    m = NPVModel(box15(), {"savings": "savings", "cost": "cost"}, rate=0.035)
    assert m.evaluate({}) == pytest.approx(247_490.80, abs=0.01)
    assert round(float(m.evaluate({})), -3) == 247_000
    sc = scenarios(m, {"10 staff": {"savings": 100 / 150}}).table.set_index("scenario")
    assert sc.loc["10 staff", "npv"] == pytest.approx(-168_339.47, abs=0.01)
    sv = switching_values(m).table.set_index("variable")
    assert sv.loc["savings", "switching_value"] * 150e3 == pytest.approx(120_241, abs=1)
    assert sv.loc["savings", "change"] == pytest.approx(120_241 / 150_000 - 1, abs=1e-5)
    assert sv.loc["cost", "switching_value"] == pytest.approx(1 + 247_490.80 / 1e6, abs=1e-8)


def test_rate_variable_switching_value_is_the_irr():
    m = NPVModel(box15(), {"savings": "savings"}, rate=0.035, rate_variable="rate")
    from perfmethods.cba import irr

    sv = switching_values(m, ["rate"]).table
    assert sv["switching_value"].iloc[0] == pytest.approx(irr(box15().net().to_numpy()).value, abs=1e-9)
    np.testing.assert_allclose(m.evaluate({"rate": [0.035, 0.0]}), [247_490.798386693, 500_000.0])


def test_one_way_sensitivity_table_and_critical_variables():
    m = NPVModel(box15(), {"savings": "savings", "cost": "cost"}, rate=0.035, rate_variable="rate")
    s = one_way_sensitivity(m, {"rate": (0.02, 0.08)}, delta=0.2)
    t = s.table.set_index("variable")
    assert list(s.table["variable"]) == list(s.table.sort_values("swing", ascending=False)["variable"])
    assert t.loc["savings", "npv_low"] == pytest.approx(0.8 * m.components["savings"] + m.components["cost"])
    # elasticity of a multiplier = its PV share / NPV (EU 2014 critical-variable rule: |e| > 1)
    assert t.loc["savings", "elasticity"] == pytest.approx(m.components["savings"] / s.npv_base, rel=1e-6)
    assert bool(t.loc["savings", "critical"]) and not bool(t.loc["rate", "critical"])
    assert t.loc["rate", "npv_high"] == pytest.approx(m.evaluate({"rate": 0.08}))
    json.dumps(s.to_dict(), allow_nan=False)
    fig, ax = plt.subplots()
    for res in (s, switching_values(m), scenarios(m, {"x": {"cost": 1.2}})):
        assert res.plot(ax=ax, language="en") is ax and isinstance(res.summary(), pd.DataFrame)
    plt.close(fig)


def test_function_model_nonlinear_switching():
    fm = FunctionModel(lambda a, b: a ** 2 - b, {"a": 3.0, "b": 4.0})
    sv = switching_values(fm).table.set_index("variable")
    assert sv.loc["a", "switching_value"] == pytest.approx(2.0, abs=1e-9)
    assert sv.loc["b", "switching_value"] == pytest.approx(9.0, abs=1e-9)
    never = FunctionModel(lambda a: a ** 2 + 1, {"a": 1.0})
    assert np.isnan(switching_values(never).table["switching_value"].iloc[0])
    flat = FunctionModel(lambda a, b: a + 0 * b, {"a": 1.0, "b": 1.0})
    assert np.isnan(switching_values(flat).table.set_index("variable").loc["b", "switching_value"])


def test_bad_inputs():
    cf = box15()
    with pytest.raises(InputError, match="neither a flow"):
        NPVModel(cf, {"x": "nothing"})
    with pytest.raises(InputError, match="one variable only"):
        NPVModel(cf, {"a": "savings", "b": "benefit"})
    m = NPVModel(cf, {"savings": "savings"}, rate=0.035, rate_variable="rate")
    with pytest.raises(InputError, match="unknown model variable"):
        m.evaluate({"typo": 1})
    with pytest.raises(InputError, match="'rate' .* greater than -1"):
        m.evaluate({"rate": -1.5})
    with pytest.raises(InputError, match="scenario 'bad' sets unknown"):
        scenarios(m, {"bad": {"cots": 1}})
    with pytest.raises(InputError, match="delta"):
        one_way_sensitivity(m, delta=1.5)
    with pytest.raises(InputError, match="must be a number, not a schedule"):
        NPVModel(cf, {"savings": "savings"}, rate="green_book", rate_variable="rate")


@pytest.mark.property
@settings(max_examples=40, deadline=None)
@given(saving=st.floats(10e3, 400e3), cost=st.floats(1e5, 3e6), r=st.floats(0.0, 0.1))
def test_npv_is_zero_at_every_switching_value(saving, cost, r):
    t = pd.DataFrame({"cost": [cost] + [0.0] * 10, "savings": [0.0] + [saving] * 10}, index=range(2003, 2014))
    cf = CashFlows.from_wide(t, kinds={"cost": "cost", "savings": "benefit"}, price_base=2003)
    m = NPVModel(cf, {"savings": "savings", "cost": "cost"}, rate=r, rate_variable="rate")
    sv = switching_values(m).table
    for var, x in zip(sv["variable"], sv["switching_value"], strict=True):
        if np.isfinite(x):
            assert abs(float(m.evaluate({var: x}))) <= 1e-6 * (cost + 10 * saving)
    # with positive base NPV the multipliers must move against the project
    if m.evaluate({}) > 0:
        svt = sv.set_index("variable")
        assert svt.loc["savings", "switching_value"] < 1 < svt.loc["cost", "switching_value"]
